import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// `GET /api/v1/reports/chargeback?month=YYYY-MM&by=tenant|team`: fully loaded cost per tenant or
/// team for a month, as JSON or CSV.
struct ChargebackController<Context: RequestContext> {
    let analytics: CostAnalytics

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("reports/chargeback", use: chargeback)
    }

    @Sendable func chargeback(request: Request, context: Context) async throws -> Response {
        let parameters = request.uri.queryParameters
        var issues: [FieldIssue] = []
        let byText = parameters["by"].map(String.init) ?? "tenant"
        let dimension: BurnrateStore.Dimension? = byText == "tenant" ? .tenant : byText == "team" ? .team : nil
        if dimension == nil { issues.append(FieldIssue(field: "by", message: "must be tenant or team (got \(byText))")) }
        let monthText = parameters["month"].map(String.init) ?? analytics.calendar.label(.month, start: .now())
        let period = ReportPeriod(monthText, calendar: analytics.calendar).flatMap { $0.interval == .month ? $0 : nil }
        if period == nil { issues.append(FieldIssue(field: "month", message: "must be a month YYYY-MM (got \(monthText))")) }
        let format = try ReportFormat.parse(parameters)
        if format == .md { issues.append(FieldIssue(field: "format", message: "must be json or csv for a chargeback")) }
        for (key, _) in parameters where !["by", "month", "format"].contains(String(key)) {
            issues.append(FieldIssue(field: String(key), message: "is not a chargeback parameter (known: month, by, format)"))
        }
        guard issues.isEmpty, let dimension, let period else {
            throw Problem.badRequest("The query parameters are not valid.", errors: issues)
        }
        let scope = AnalyticsScope(range: period.range, filter: EventFilter())
        let figures = try await analytics.breakdown(scope, by: [.dimension(dimension)], limit: Int.max)
        let label = period.label(in: analytics.calendar)
        return format.response(
            json: Self.json(figures, month: label, dimension: dimension), markdown: "",
            csv: Self.csv(figures, month: label, dimension: dimension),
            filename: "burnrate-chargeback-\(dimension.rawValue)-\(label)")
    }

    static func json(_ figures: BreakdownFigures, month: String, dimension: BurnrateStore.Dimension) -> JSONValue {
        let total = figures.total.cost
        func row(_ line: BreakdownLine) -> JSONValue {
            .fields([
                (dimension.rawValue, line.keys[0].map(JSONValue.string) ?? .null),
                ("token_cost_usd", .usd(line.totals.cost.total)),
                ("direct_cost_usd", .usd(line.itemCost)),
                ("shared_cost_usd", .usd(line.allocatedCost)),
                ("total_cost_usd", .usd(line.cost)),
                ("total_cost_nanos", .int(line.cost.nanos)),
                ("share", .double(Ranking.share(line.cost, of: total))),
                ("requests", .int(line.totals.requests)),
                ("tokens", .int(line.totals.usage.totalTokens)),
            ])
        }
        return .fields([
            ("month", .string(month)),
            ("by", .string(dimension.rawValue)),
            ("from", .string(figures.scope.range.lowerBound.rfc3339)),
            ("to", .string(figures.scope.range.upperBound.rfc3339)),
            ("total_cost_usd", .usd(total)),
            ("total_cost_nanos", .int(total.nanos)),
            ("rows", .array(figures.lines.map(row))),
            (
                "method",
                .string(
                    "Token costs as recorded; cost items attributed to a \(dimension.rawValue) go to it directly; shared items are split by each item's allocation basis (tokens, requests or GPU seconds) over its period, largest-remainder rounded, so rows sum exactly to the total. A row without a \(dimension.rawValue) holds what nobody's usage accounts for."
                )
            ),
        ])
    }

    static func csv(_ figures: BreakdownFigures, month: String, dimension: BurnrateStore.Dimension) -> String {
        let total = figures.total.cost
        var rows = [
            [
                "month", dimension.rawValue, "token_cost_usd", "direct_cost_usd", "shared_cost_usd", "total_cost_usd", "share", "requests",
                "tokens",
            ]
        ]
        for line in figures.lines {
            rows.append([
                month, line.keys[0] ?? "(unattributed)", line.totals.cost.total.usdString, line.itemCost.usdString,
                line.allocatedCost.usdString,
                line.cost.usdString, String(format: "%.6f", Ranking.share(line.cost, of: total)), String(line.totals.requests),
                String(line.totals.usage.totalTokens),
            ])
        }
        rows.append([
            month, "TOTAL", figures.total.totals.cost.total.usdString, figures.total.itemCost.usdString,
            figures.total.allocatedCost.usdString,
            total.usdString, "1.000000", String(figures.total.totals.requests), String(figures.total.totals.usage.totalTokens),
        ])
        return rows.map { $0.map(CSVField.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
