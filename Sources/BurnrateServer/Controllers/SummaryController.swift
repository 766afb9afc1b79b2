import BurnrateStore
import Hummingbird

/// `GET /api/v1/summary`: totals for a time range and filters.
struct SummaryController<Context: RequestContext> {
    let ledger: Ledger

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("summary", use: summary)
    }

    @Sendable func summary(request: Request, context: Context) async throws -> JSONResponse {
        let filter = try FilterQuery.parse(request.uri.queryParameters)
        let summary = try await ledger.store.summary(filter)
        return JSONResponse(value: SummaryPresenter.summary(summary, filter: filter))
    }
}
