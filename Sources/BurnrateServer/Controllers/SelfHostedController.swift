import BurnrateCore
import BurnrateStore
import Hummingbird

/// `GET /api/v1/self-hosted`: the declared deployments' monthly cost, allocation and idle capacity.
struct SelfHostedController<Context: RequestContext> {
    let analytics: CostAnalytics
    let deployments: [Deployment]

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("self-hosted", use: selfHosted)
    }

    @Sendable func selfHosted(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["by"], calendar: analytics.calendar)
        let key =
            try parameters["by"].map { text throws(InvalidQuery) in try GroupingKey.parseList(String(text), maximum: 1)[0] }
            ?? .dimension(.feature)
        return JSONResponse(value: SelfHostedPresenter.json(try await analytics.selfHosted(scope, deployments: deployments, by: key)))
    }
}
