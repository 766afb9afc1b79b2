import BurnrateCore
import BurnrateStore
import Hummingbird

/// `GET /api/v1/savings`: what the traffic saved against one or more baseline models.
struct SavingsController<Context: RequestContext> {
    let ledger: Ledger
    let analytics: CostAnalytics
    /// The baselines of the config file (`savings.baselines`), used when the request names none.
    let baselines: [String]

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("savings", use: savings)
    }

    @Sendable func savings(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["by", "baseline"], calendar: analytics.calendar)
        let key =
            try parameters["by"].map { text throws(InvalidQuery) in try GroupingKey.parseList(String(text), maximum: 1)[0] }
            ?? .dimension(.model)
        let requested = parameters.filter { $0.key == "baseline" }.flatMap { $0.value.split(separator: ",").map(String.init) }
        let names = requested.isEmpty ? baselines : requested
        guard !names.isEmpty else {
            throw Problem.badRequest(
                "Name a baseline model to compare with.",
                errors: [
                    FieldIssue(
                        field: "baseline", message: "is required when the config file sets no savings.baselines, e.g. baseline=gpt-4o")
                ])
        }
        let catalog = try await ledger.catalog()
        var models: [BaselineModel] = []
        for name in names {
            let model = try BaselineModel.resolve(name, catalog: catalog, parameter: requested.isEmpty ? "savings.baselines" : "baseline")
            if !models.contains(where: { $0.provider == model.provider && $0.model == model.model }) { models.append(model) }
        }
        let figures = try await analytics.savings(scope, baselines: models, by: key, catalog: catalog)
        return JSONResponse(value: SavingsPresenter.json(figures, source: requested.isEmpty ? "config" : "request"))
    }
}
