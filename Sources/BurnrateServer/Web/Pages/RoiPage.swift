import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// `/roi`: savings against the baseline model (the last 30 whole days, by model), and the return
/// on an investment against them: cumulative savings against the investment with the break-even
/// month, the scenarios and the sensitivity table. The investment is the configured one (`roi` in
/// the config file), with the page's form (`?investment=...&recurring_cost=...&months=...`, read as
/// `GET /api/v1/roi` reads it) replacing any of it; an emptied amount field means none.
struct RoiPage: Sendable {
    let dashboard: Dashboard

    func render(_ parameters: Parameters) async throws -> String {
        var issues: [FieldIssue] = []
        func money(_ key: String) -> Money? {
            guard let text = parameters[Substring(key)].map(String.init) else { return nil }
            guard !text.isEmpty else { return .zero }
            guard let value = Money(usd: text), value.nanos >= 0, value <= Limits.maximumAmount else {
                issues.append(
                    FieldIssue(
                        field: key, message: "must be an amount in USD from 0 to \(Limits.maximumAmountUSD) such as 25000 (got \(text))"))
                return nil
            }
            return value
        }
        let configured = dashboard.configuration.roi
        let investment = money("investment")
        let recurring = money("recurring_cost")
        let monthsText = parameters["months"].map(String.init) ?? ""
        let months = monthsText.isEmpty ? nil : Int(monthsText) ?? 0
        if let months, !(1...Limits.maximumMonths).contains(months) {
            issues.append(FieldIssue(field: "months", message: "must be a whole number from 1 to \(Limits.maximumMonths)"))
        }
        guard issues.isEmpty else { throw Problem.badRequest("The ROI inputs are not valid.", errors: issues) }
        let settings = configured.overridden(investment: investment, recurringCost: recurring, months: months)

        var body = "<h1>ROI and savings</h1>"
        guard let baselineName = dashboard.configuration.savingsBaselines.first else {
            return body + #"<p class="empty">No savings baseline is configured (savings.baselines in the config file).</p>"#
        }
        let measured = try await dashboard.analytics.measuredSavings(
            against: baselineName, parameter: "savings.baselines", catalog: try await dashboard.ledger.catalog())
        let (monthly, total) = (measured.monthly, measured.total)
        body +=
            #"<p class="lede">Measured against running all priced traffic of the last \#(MeasuredSavings.days) whole days on \#(HTML.escape(baselineName)) at its price of each day.</p>"#
        body += #"<div class="cards">"#
        body += Layout.card(
            "Monthly savings against baseline", Figures.compactUSD(monthly), note: "scaled to an average month",
            figure: ("monthly_savings", monthly.usdString))
        body += Self.savingsCards(total)
        body += "</div>"

        body +=
            #"<form class="filters" method="get" action="/roi" aria-label="Investment"><label>Investment (USD)<input type="text" name="investment" inputmode="decimal" value="\#(settings.investment == .zero ? "" : Self.plain(settings.investment))" placeholder="100000"></label>"#
        body +=
            #"<label>Recurring cost a month (USD)<input type="text" name="recurring_cost" inputmode="decimal" value="\#(settings.recurringCost == .zero ? "" : Self.plain(settings.recurringCost))" placeholder="0"></label>"#
        body +=
            #"<label>Months<input type="text" name="months" inputmode="numeric" value="\#(settings.months)"></label><button type="submit">Calculate</button></form>"#
        if configured.hasInvestment, investment == nil, recurring == nil {
            body += #"<p class="lede">"# + HTML.escape(Self.describe(configured)) + "</p>"
        }

        let analysis = try ROIOptions(months: settings.months).analysis(of: settings.assumptions(monthlySavings: monthly))
        if settings.hasInvestment { body += Self.returnCards(analysis.projection) }
        body += projectionPanel(analysis.projection, investment: settings.investment)
        body += #"<div class="grid2">"#
        body += #"<section class="panel">"# + scenarioTable(analysis).html() + "</section>"
        body += #"<section class="panel">"# + sensitivityTable(analysis).html() + "</section>"
        return body + "</div>"
    }

    /// The configured investment in a sentence: what it went into, what it costs, and where it
    /// comes from.
    static func describe(_ roi: ROISettings) -> String {
        var costs: [String] = []
        if roi.investment != .zero { costs.append("\(Figures.usd(roi.investment)) once") }
        if roi.recurringCost != .zero { costs.append("\(Figures.usd(roi.recurringCost)) a month") }
        return "Measured against the configured investment\(roi.name.map { " in \($0)" } ?? ""): "
            + "\(costs.joined(separator: " and ")), over \(roi.months) months. Change the fields to try other figures; "
            + "the config file's roi section sets the investment this page starts with."
    }

    /// Break-even and ROI at 12 months, as `GET /api/v1/roi` reports them (`break_even_month`,
    /// `roi_12_months_percent`).
    static func returnCards(_ projection: ROIProjection) -> String {
        let payback = projection.paybackMonths.map { months in
            "payback after " + String(format: "%.1f", months) + " months" + (projection.paybackDays.map { " (\($0) days)" } ?? "")
        }
        return #"<div class="cards">"#
            + Layout.card(
                "Break-even", projection.breakEvenMonth.map { "month \($0)" } ?? "never",
                note: payback ?? "not within \(projection.months) months",
                figure: ("break_even_month", projection.breakEvenMonth.map(String.init) ?? ""))
            + Layout.card(
                "ROI after 12 months", Figures.signedPercent(projection.roi12Percent),
                note: "after 36 months: \(Figures.signedPercent(projection.roi36Percent))",
                figure: ("roi_12_months_percent", exact(projection.roi12Percent)))
            + "</div>"
    }

    /// A percentage as `GET /api/v1/roi` writes it (six decimals), or empty without one.
    static func exact(_ percent: Double?) -> String {
        guard let percent, case .number(let text) = JSONValue.double(percent) else { return "" }
        return text
    }

    /// The actual and baseline cost of the days measured.
    static func savingsCards(_ total: SavingsLine) -> String {
        let share = total.baseline.nanos > 0 ? Double(total.savings.nanos) * 100 / Double(total.baseline.nanos) : nil
        return Layout.card(
            "Actual cost, 30 days", Figures.compactUSD(total.actual), note: "\(Figures.compactCount(total.requests)) requests"
        )
            + Layout.card(
                "On the baseline it would cost", Figures.compactUSD(total.baseline),
                note: share.map { "\(Figures.percent($0)) saved" } ?? "n/a")
    }

    func projectionPanel(_ projection: ROIProjection, investment: Money) -> String {
        var html =
            #"<section class="panel" aria-labelledby="projection-heading"><h2 id="projection-heading">Cumulative savings against investment</h2>"#
        html += "<p>\(HTML.escape(projection.paybackSummary))"
        if let roi = projection.roi12Percent { html += " ROI after 12 months: \(Figures.signedPercent(roi))." }
        if let roi = projection.roi36Percent { html += " After 36 months: \(Figures.signedPercent(roi))." }
        html += "</p>"
        let rows = projection.rows
        var marked: Set<Int> = []
        if let month = projection.breakEvenMonth, month >= 1, month <= rows.count { marked.insert(month - 1) }
        let data = ChartData(
            id: "roi", title: "Cumulative net savings and investment",
            summary:
                "Net savings added up month by month (solid) against the investment (dotted); the break-even month is marked.",
            labels: rows.map { "M\($0.month)" },
            series: [
                .init(name: "Cumulative net savings", values: rows.map { ExecutivePage.dollars($0.cumulativeNet) }),
                .init(name: "Investment", values: rows.map { _ in ExecutivePage.dollars(investment) }, kind: .reference),
            ], marked: marked, format: ExecutivePage.axisUSD)
        html += #"<figure class="chart-figure">"# + LineChart.svg(data)
        html +=
            #"<ul class="legend" aria-hidden="true"><li class="swatch-0">Cumulative net savings</li><li class="swatch-1">Investment</li><li class="swatch-mark">Break-even</li></ul>"#
        return html + ChartTable.html(data, header: "Month") + "</figure></section>"
    }

    /// `2500` or `2500.5`: an amount as typed, without trailing zeros.
    static func plain(_ money: Money) -> String {
        var text = money.usdString
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func roiCell(_ value: Double?) -> PageTable.Cell {
        PageTable.Cell(Figures.signedPercent(value), csv: value.map { String($0) } ?? "")
    }

    func scenarioTable(_ analysis: ROIAnalysis) -> PageTable {
        PageTable(
            id: "scenarios", caption: "Scenarios",
            columns: [
                .init(title: "Scenario"), .init(title: "Break-even month", numeric: true), .init(title: "ROI 12 months", numeric: true),
                .init(title: "ROI 36 months", numeric: true), .init(title: "Net over horizon", numeric: true),
            ],
            rows: analysis.scenarios.map { outcome in
                [
                    PageTable.Cell(outcome.scenario.name.capitalized, csv: outcome.scenario.name),
                    PageTable.Cell(outcome.projection.breakEvenMonth.map(String.init) ?? "never"),
                    Self.roiCell(outcome.projection.roi12Percent), Self.roiCell(outcome.projection.roi36Percent),
                    .money(outcome.projection.totalNet),
                ]
            })
    }

    func sensitivityTable(_ analysis: ROIAnalysis) -> PageTable {
        PageTable(
            id: "sensitivity", caption: "Sensitivity",
            columns: [
                .init(title: "Driver"), .init(title: "Change"), .init(title: "Break-even month", numeric: true),
                .init(title: "Net over horizon", numeric: true),
            ],
            rows: analysis.sensitivity.map { item in
                [
                    PageTable.Cell(item.driver), PageTable.Cell(item.change),
                    PageTable.Cell(item.projection.breakEvenMonth.map(String.init) ?? "never"), .money(item.projection.totalNet),
                ]
            })
    }
}
