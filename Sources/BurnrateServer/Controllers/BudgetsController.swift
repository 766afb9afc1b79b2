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
        let budget = try await existing(try id(context))
        let status = try await budgets.status(of: budget, now: .now())
        return JSONResponse(value: BudgetPresenter.json(budget, status: status, calendar: budgets.calendar))
    }

    @Sendable func create(request: Request, context: Context) async throws -> JSONResponse {
        let budget = try await decode(request, id: nil, createdAt: nil)
        if try await budgets.store.budget(id: budget.id) != nil {
            throw Problem(
                .conflict, detail: "A budget with id '\(budget.id)' exists. Change it with PUT /api/v1/budgets/\(budget.id).")
        }
        return try await save(budget, status: .created)
    }

    /// Creates the budget with this id or replaces it.
    @Sendable func replace(request: Request, context: Context) async throws -> JSONResponse {
        let id = try id(context)
        let current = try await budgets.store.budget(id: id)
        try refuseConfigBudget(current)
        let budget = try await decode(request, id: id, createdAt: current?.createdAt)
        return try await save(budget, status: current == nil ? .created : .ok)
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let budget = try await existing(try id(context))
        try refuseConfigBudget(budget)
        _ = try await budgets.store.deleteBudget(id: budget.id)
        return Response(status: .noContent)
    }

    private func save(_ budget: Budget, status: HTTPResponse.Status) async throws -> JSONResponse {
        try await budgets.store.saveBudget(budget)
        let current = try await budgets.status(of: budget, now: .now())
        return JSONResponse(value: BudgetPresenter.json(budget, status: current, calendar: budgets.calendar), status: status)
    }

    private func decode(_ request: Request, id: String?, createdAt: Timestamp?) async throws -> Budget {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        let node: JSONNode
        do {
            node = try JSONParser.parse(body.readableBytesView)
        } catch {
            throw Problem.badRequest("The body is not valid JSON: \(error)")
        }
        switch BudgetDecoder.decode(node, id: id, source: .api, createdAt: createdAt, now: .now()) {
        case .success(let budget): return budget
        case .failure(let failure): throw Problem.badRequest("The budget is not valid.", errors: failure.issues)
        }
    }

    private func existing(_ id: String) async throws -> Budget {
        guard let budget = try await budgets.store.budget(id: id) else {
            throw Problem.notFound("No budget with id '\(id)'. GET /api/v1/budgets lists them.")
        }
        return budget
    }

    private func refuseConfigBudget(_ budget: Budget?) throws {
        guard let budget, budget.source == .config else { return }
        throw Problem(
            .conflict,
            detail: "Budget '\(budget.id)' is declared in the config file; change or remove it there and restart Burnrate.")
    }

    private func id(_ context: Context) throws -> String {
        try context.parameters.require("id")
    }
}
