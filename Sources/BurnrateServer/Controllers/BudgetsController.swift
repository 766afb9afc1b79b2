import BurnrateCore
import BurnrateStore
import Hummingbird

/// Budgets: `GET`/`POST /api/v1/budgets`, `GET /api/v1/budgets/status`, and
/// `GET`/`PUT`/`DELETE /api/v1/budgets/{id}`. Budgets from the config file are read-only here.
struct BudgetsController<Context: RequestContext> {
    let budgets: BudgetService

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("budgets", use: list)
        group.post("budgets", use: create)
        group.get("budgets/status", use: statuses)
        group.get("budgets/{id}", use: show)
        group.put("budgets/{id}", use: replace)
        group.delete("budgets/{id}", use: delete)
    }

    @Sendable func list(request: Request, context: Context) async throws -> JSONResponse {
        let now = Timestamp.now()
        var items: [JSONValue] = []
        for budget in try await budgets.store.budgets() {
            items.append(BudgetPresenter.json(budget, status: try await budgets.status(of: budget, now: now), calendar: budgets.calendar))
        }
        return JSONResponse(value: .fields([("count", .int(items.count)), ("budgets", .array(items))]))
    }

    /// Where every budget stands now: spent, remaining, burn rate, projection, state.
    @Sendable func statuses(request: Request, context: Context) async throws -> JSONResponse {
        let statuses = try await budgets.statuses(now: .now())
        let order: [BudgetState] = [.exceeded, .forecastExceeded, .warning, .ok]
        return JSONResponse(
            value: .fields([
                ("as_of", .string(statuses.first?.asOf.rfc3339 ?? Timestamp.now().rfc3339)),
                ("time_zone", .string(budgets.calendar.zoneName)),
                ("counts", .fields(order.map { state in (state.rawValue, .int(statuses.filter { $0.state == state }.count)) })),
                ("budgets", .array(statuses.map { BudgetPresenter.status($0, calendar: budgets.calendar) })),
            ]))
    }

    @Sendable func show(request: Request, context: Context) async throws -> JSONResponse {
        let budget = try await budgets.budget(id: try id(context))
        let status = try await budgets.status(of: budget, now: .now())
        return JSONResponse(value: BudgetPresenter.json(budget, status: status, calendar: budgets.calendar))
    }

    @Sendable func create(request: Request, context: Context) async throws -> JSONResponse {
        let budget = try await decode(request, id: nil, createdAt: nil)
        try await budgets.create(budget)
        return try await answer(budget, status: .created)
    }

    /// Creates the budget with this id or replaces it.
    @Sendable func replace(request: Request, context: Context) async throws -> JSONResponse {
        let id = try id(context)
        let current = try await budgets.replaceable(id: id)
        let budget = try await decode(request, id: id, createdAt: current?.createdAt)
        try await budgets.save(budget)
        return try await answer(budget, status: current == nil ? .created : .ok)
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        try await budgets.delete(id: try id(context))
        return Response(status: .noContent)
    }

    private func answer(_ budget: Budget, status: HTTPResponse.Status) async throws -> JSONResponse {
        let current = try await budgets.status(of: budget, now: .now())
        return JSONResponse(value: BudgetPresenter.json(budget, status: current, calendar: budgets.calendar), status: status)
    }

    private func decode(_ request: Request, id: String?, createdAt: Timestamp?) async throws -> Budget {
        var request = request
        let node = try await request.jsonBody(upTo: 1024 * 1024)
        return try BudgetDecoder.decode(node, id: id, source: .api, createdAt: createdAt, now: .now()).get()
    }

    private func id(_ context: Context) throws -> String {
        try context.parameters.require("id")
    }
}
