import BurnrateCore
import BurnrateStore
import Hummingbird
import NIOCore

/// `GET /api/v1/export/focus`: every cost of a range, token and non-token, as a FinOps FOCUS CSV.
struct FocusExportController<Context: RequestContext> {
    let analytics: CostAnalytics

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("export/focus", use: export)
    }

    @Sendable func export(request: Request, context: Context) async throws -> Response {
        let scope = try AnalyticsScope.parse(request.uri.queryParameters, calendar: analytics.calendar)
        if let name = scope.filter.dimensions.keys.map(\.rawValue).sorted().first
            ?? scope.filter.tags.keys.sorted().first.map({ "tag.\($0)" })
        {
            throw Problem.badRequest(
                "The FOCUS export holds every cost of the range, each row with its tags and attribution; filter by dimension in the tool that reads it.",
                errors: [FieldIssue(field: name, message: "is not a filter of the FOCUS export (it takes from, to and category)")])
        }
        let rows = try await analytics.focusRows(scope)
        let name = "burnrate-focus-\(scope.range.lowerBound.rfc3339.prefix(10))-\(scope.range.upperBound.rfc3339.prefix(10)).csv"
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: FocusWriter.csv(rows))))
    }
}

extension CostAnalytics {
    /// The scope's costs as FOCUS rows: one per UTC day, provider, model and attribution for
    /// priced LLM requests (unpriced ones have no cost to export), and the cost items' rows.
    func focusRows(_ scope: AnalyticsScope) async throws -> [FocusRow] {
        let dimensions: [Dimension] = [.provider, .model, .tenant, .feature, .team, .environment]
        var rows: [FocusRow] = []
        for group in try await aggregate(scope, by: dimensions.map { .dimension($0) } + [.time(.day)]) {
            let totals = group.totals
            guard let day = group.bucket, totals.requests > totals.unpricedRequests else { continue }
            let provider = group.keys[0] ?? "unknown"
            let model = group.keys[1] ?? "unknown"
            let tokens = totals.usage.totalTokens - totals.unpricedUsage.totalTokens
            rows.append(
                FocusRow(
                    billedCost: totals.cost.total, effectiveCost: totals.cost.total,
                    chargePeriodStart: max(day, scope.range.lowerBound),
                    chargePeriodEnd: min(day.adding(seconds: 86_400), scope.range.upperBound),
                    chargeDescription: "\(totals.requests - totals.unpricedRequests) \(model) requests", serviceName: provider,
                    category: .llmAPI, providerName: provider, resourceID: model, skuID: model, consumedQuantity: String(tokens),
                    consumedUnit: "Tokens",
                    attribution: Attribution(tenant: group.keys[2], feature: group.keys[3], team: group.keys[4], environment: group.keys[5])
                ))
        }
        rows.sort { ($0.chargePeriodStart, $0.providerName, $0.skuID ?? "") < ($1.chargePeriodStart, $1.providerName, $1.skuID ?? "") }
        for item in try await store.costItems(overlapping: scope.range.lowerBound, to: scope.range.upperBound)
        where scope.categories.isEmpty || scope.categories.contains(item.category.rawValue) {
            rows += FocusRow.rows(for: item, from: scope.range.lowerBound, to: scope.range.upperBound)
        }
        return rows
    }
}
