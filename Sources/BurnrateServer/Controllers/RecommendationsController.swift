import BurnrateCore
import BurnrateStore
import Hummingbird

/// `GET /api/v1/recommendations`: what to change, ranked by estimated monthly saving.
struct RecommendationsController<Context: RequestContext> {
    let ledger: Ledger
    let analytics: CostAnalytics
    let configuration: RecommendationConfiguration

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("recommendations", use: recommendations)
    }

    @Sendable func recommendations(request: Request, context: Context) async throws -> JSONResponse {
        let scope = try AnalyticsScope.parse(request.uri.queryParameters, calendar: analytics.calendar)
        let catalog = try await ledger.catalog()
        let figures = try await analytics.recommendationFigures(scope, configuration: configuration, catalog: catalog)
        let findings = try await analytics.spreadFindings(scope)
        return JSONResponse(
            value: RecommendationPresenter.json(
                Recommendations.evaluate(figures), scope: scope, findings: findings,
                routingProblems: CostAnalytics.routingProblems(configuration.routing, catalog: catalog)))
    }
}
