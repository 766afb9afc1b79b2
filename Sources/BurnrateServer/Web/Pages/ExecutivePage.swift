import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// `/`: spend understood in ten seconds. Month-to-date cost, the budget gauge, cost per request
/// against last month, the period-end forecast with a status, cost by category, the last six
/// months with the forecast months marked, the top savings opportunities, savings against the
/// baseline, and a banner while alerts fire.
struct ExecutivePage: Sendable {
    let dashboard: Dashboard

    func render(now: Timestamp = .now()) async throws -> String {
        let calendar = dashboard.calendar
        let analytics = dashboard.analytics
        let monthStart = calendar.start(of: .month, containing: now)
        let lastMonthStart = calendar.start(of: .month, containing: monthStart.adding(seconds: -1))
        let mtdRange = monthStart..<max(now, monthStart.adding(seconds: 1))
        // Read concurrently: each reads its own rollups, and the database serves several readers.
        async let mtdFigures = analytics.summary(AnalyticsScope(range: mtdRange, filter: EventFilter()))
        async let lastMonthFigures = analytics.summary(AnalyticsScope(range: lastMonthStart..<monthStart, filter: EventFilter()))
        async let forecastFigures = analytics.forecast(
            .lastThirtyDays(to: mtdRange.upperBound, calendar: calendar), options: ForecastOptions(), now: now)
        let statuses = try await dashboard.budgets.statuses(now: now)
        let (mtd, lastMonth, forecast) = try await (mtdFigures, lastMonthFigures, forecastFigures)
        let budget = statuses.first { $0.budget.scope.isGlobal && $0.budget.period == .monthly } ?? statuses.first
        let firing = try await dashboard.store.openAlerts().filter { $0.state == .firing }

        var body =
            #"<h1>Executive summary</h1><p class="lede" data-from="\#(mtdRange.lowerBound.rfc3339)" data-to="\#(mtdRange.upperBound.rfc3339)">"#
        body += "Month to date, \(HTML.escape(dashboard.describe(mtdRange))).</p>"
        if !firing.isEmpty { body += Self.alertBanner(firing) }

        // Headline cards.
        let cost = mtd.current.cost
        let costChange = mtd.change.percent
        body += #"<section aria-labelledby="headline"><h2 id="headline" class="visually-hidden">Headline figures</h2><div class="cards">"#
        body += Layout.card(
            "Cost month to date", Figures.compactUSD(cost),
            note: "\(Figures.signedPercent(costChange)) on the same days before", figure: ("mtd_cost", cost.usdString))
        let perRequest = Self.perRequest(mtd.current.totals)
        let lastPerRequest = Self.perRequest(lastMonth.current.totals)
        let perRequestChange = perRequest.flatMap { current in
            lastPerRequest.flatMap { Growth.percent(current: current.nanos, previous: $0.nanos) }
        }
        body += Layout.card(
            "Cost per request", perRequest.map(Self.unitUSD) ?? "n/a",
            note: "\(Figures.signedPercent(perRequestChange)) against last month (\(lastPerRequest.map(Self.unitUSD) ?? "n/a"))",
            figure: ("cost_per_request", perRequest?.usdString ?? ""))
        let projection = forecast.total.projection
        let (tone, verdict) = Self.forecastStatus(projected: projection?.projected, budget: budget, lastMonth: lastMonth.current.cost)
        body += Layout.card(
            "Forecast for the month", projection.map { Figures.compactUSD($0.projected) } ?? "n/a",
            note: verdict, tone: tone, figure: ("forecast", projection?.projected.usdString ?? ""))
        body += Layout.card(
            "Requests month to date", Figures.compactCount(mtd.current.totals.requests),
            note: "\(Figures.compactCount(mtd.current.totals.usage.totalTokens)) tokens",
            figure: ("requests", String(mtd.current.totals.requests)))
        body += "</div></section>"

        body += #"<div class="grid2">"#
        body += Self.budgetPanel(budget)
        body += Self.opportunitiesPanel(try await dashboard.opportunities.value(now: mtdRange.upperBound))
        body += "</div>"

        body += #"<div class="grid2">"#
        body += #"<section class="panel" aria-labelledby="months-heading"><h2 id="months-heading">Last six months</h2>"#
        body += try await monthsChart(monthStart: monthStart, mtd: cost, forecast: forecast.total)
        body += "</section>"
        body += #"<section class="panel" aria-labelledby="categories-heading"><h2 id="categories-heading">Cost by category</h2>"#
        body += categoryTable(mtd.current, total: cost).html()
        body += "</section></div>"

        if let savings = try? await savingsPanel() { body += savings }
        body += Self.outcomesPanel(try await analytics.outcomes(in: mtdRange, interval: .month))
        return body
    }

    /// What a successful outcome of the agents cost this month, as `GET /api/v1/outcomes/economics`
    /// reports it; nothing until outcomes are recorded.
    static func outcomesPanel(_ report: OutcomeReport) -> String {
        let total = report.economics.total
        guard total.outcomes > 0 else { return "" }
        var html =
            #"<section aria-labelledby="outcomes-heading"><h2 id="outcomes-heading">Agent outcomes month to date</h2><div class="cards">"#
        html += Layout.card(
            "Cost per successful outcome", total.costPerSuccess.map(unitUSD) ?? "n/a",
            note: "\(Figures.compactCount(total.successes)) successes in \(Figures.compactCount(total.sessions)) runs",
            figure: ("cost_per_success", total.costPerSuccess?.usdString ?? ""))
        html += Layout.card(
            "Success rate", Figures.percent(total.successRate.map { $0 * 100 }),
            note: "\(Figures.compactCount(total.outcomes)) outcomes recorded",
            figure: ("success_rate", total.successRate.map { String($0) } ?? ""))
        html += Layout.card(
            "Cost of failed runs", Figures.compactUSD(total.failedRunCost),
            note: "of \(Figures.compactUSD(total.cost)) spent on runs with an outcome",
            figure: ("failed_run_cost", total.failedRunCost.usdString))
        html += Layout.card(
            "Value per dollar", total.valuePerCost.map { String(format: "%.2f", $0) } ?? "n/a",
            note: "\(Figures.compactUSD(total.value)) of recorded value",
            figure: ("value_per_cost", total.valuePerCost.map { String($0) } ?? ""))
        return html + "</div></section>"
    }

    /// Token cost per priced request, as `GET /api/v1/summary` reports it (`unit_costs.per_request_usd`).
    static func perRequest(_ totals: UsageTotals) -> Money? {
        UnitCost.perRequest(totals.cost.total, requests: totals.requests - totals.unpricedRequests)
    }

    /// The forecast's status colour and words: against the month's budget when there is one,
    /// otherwise against last month.
    static func forecastStatus(projected: Money?, budget: BudgetStatus?, lastMonth: Money) -> (String?, String) {
        guard let projected else { return (nil, "Too little history to forecast") }
        if let budget, budget.budget.period == .monthly {
            let amount = budget.budget.amount
            if projected > amount { return ("exceeded", "Over the \(Figures.compactUSD(amount)) budget") }
            if projected.nanos * 10 > amount.nanos * 9 { return ("warning", "Close to the \(Figures.compactUSD(amount)) budget") }
            return ("ok", "Within the \(Figures.compactUSD(amount)) budget")
        }
        let change = Growth.percent(current: projected.nanos, previous: lastMonth.nanos)
        let words = "\(Figures.signedPercent(change)) on last month"
        return ((change ?? 0) > 10 ? "warning" : "ok", words)
    }

    static func alertBanner(_ alerts: [Alert]) -> String {
        var html = #"<section class="banner" role="alert" aria-labelledby="alerts-banner"><h2 id="alerts-banner">"#
        html += alerts.count == 1 ? "1 alert is firing" : "\(alerts.count) alerts are firing"
        html += "</h2><ul>"
        for alert in alerts.prefix(3) {
            html += "<li>\(HTML.escape(alert.summary))</li>"
        }
        html += "</ul><p>"
        if alerts.count > 3 { html += "And \(alerts.count - 3) more. " }
        return html + #"<a href="/operations#alerts">See and acknowledge alerts</a></p></section>"#
    }

    static func budgetPanel(_ status: BudgetStatus?) -> String {
        var html = #"<section class="panel" aria-labelledby="budget-heading"><h2 id="budget-heading">Budget</h2>"#
        guard let status else {
            return html
                + #"<p class="empty">No budget is set.</p><p><a href="/budgets#new">Create a budget</a> to see spend against it here.</p></section>"#
        }
        html += BudgetsPage.gauge(status, id: "exec-budget")
        html += #"<p><a href="/budgets">All budgets</a></p></section>"#
        return html
    }

    static func opportunitiesPanel(_ report: RecommendationReport) -> String {
        var html =
            #"<section class="panel" aria-labelledby="opportunities-heading"><h2 id="opportunities-heading">Top savings opportunities</h2>"#
        guard !report.recommendations.isEmpty else {
            return html + #"<p class="empty">No savings found in the last 30 days of traffic.</p></section>"#
        }
        html += #"<ol class="opportunities">"#
        for recommendation in report.recommendations.prefix(3) {
            html += #"<li><span class="amount" data-figure="saving">\#(Figures.compactUSD(recommendation.monthlySavings))/month</span> "#
            html += "\(HTML.escape(recommendation.title))</li>"
        }
        html += "</ol>"
        html +=
            #"<p>In all, up to <span class="amount" data-figure="total_savings" data-usd="\#(report.totalMonthlySavings.usdString)">\#(Figures.compactUSD(report.totalMonthlySavings))</span> a month"#
        if let percent = report.savingsShare { html += " (\(Figures.percent(percent)) of spend)" }
        return html + ".</p></section>"
    }

    func monthsChart(monthStart: Timestamp, mtd: Money, forecast: CostForecast) async throws -> String {
        let calendar = dashboard.calendar
        var start = monthStart
        for _ in 0..<5 { start = calendar.start(of: .month, containing: start.adding(seconds: -1)) }
        let past = try await dashboard.analytics.timeseries(
            AnalyticsScope(range: start..<monthStart, filter: EventFilter()), interval: .month, by: nil, limit: 1)
        var labels = past.periods.map { calendar.label(.month, start: $0.lowerBound) }
        var actual: [Double?] = past.series.first.map { $0.points.map { Self.dollars($0.cost) } } ?? labels.map { _ in 0 }
        var projected: [Double?] = labels.map { _ in nil }
        labels.append(calendar.label(.month, start: monthStart))
        actual.append(Self.dollars(mtd))
        let current = forecast.months.first { $0.month.lowerBound == monthStart }
        projected.append(current.map { max(Self.dollars($0.cost.expected) - Self.dollars(mtd), 0) })
        for month in forecast.months where month.kind == .forecast && month.month.lowerBound > monthStart {
            labels.append(calendar.label(.month, start: month.month.lowerBound))
            actual.append(nil)
            projected.append(Self.dollars(month.cost.expected))
        }
        let data = ChartData(
            id: "months", title: "Monthly cost, with forecast",
            summary:
                "Cost per month for the last six months; the current month's rest and the months ahead are forecast, drawn hatched.",
            labels: labels,
            series: [.init(name: "Actual", values: actual), .init(name: "Forecast", values: projected, kind: .forecast)],
            format: Self.axisUSD)
        return #"<figure class="chart-figure">"# + ColumnChart.svg(data)
            + #"<ul class="legend" aria-hidden="true"><li class="swatch-0">Actual</li><li class="swatch-hatch">Forecast</li></ul>"#
            + ChartTable.html(data, header: "Month") + "</figure>"
    }

    func categoryTable(_ figures: PeriodFigures, total: Money) -> PageTable {
        let rows = figures.categoryCosts.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map { category, amount in
            [
                PageTable.Cell(
                    CostsPage.categoryName(category), csv: category.rawValue,
                    link: WebQuery.link("/costs", [("period", "mtd"), ("category", category.rawValue)])),
                .money(amount), .share(Ranking.share(amount, of: total)),
            ]
        }
        return PageTable(
            id: "categories", caption: "Cost by category, month to date",
            columns: [.init(title: "Category"), .init(title: "Cost", numeric: true), .init(title: "Share", numeric: true)],
            rows: rows, csvLink: "/?format=csv&table=categories")
    }

    func savingsPanel() async throws -> String? {
        guard let baseline = dashboard.configuration.savingsBaselines.first else { return nil }
        let monthly = try await dashboard.analytics.measuredSavings(
            against: baseline, parameter: "savings.baselines", catalog: try await dashboard.ledger.catalog()
        ).monthly
        var html = #"<section class="panel" aria-labelledby="savings-heading"><h2 id="savings-heading">Savings against baseline</h2>"#
        html +=
            #"<p><span class="amount" data-figure="monthly_savings" data-usd="\#(monthly.usdString)">\#(Figures.compactUSD(monthly))</span> a month "#
        html += "saved against running all traffic on \(HTML.escape(baseline)), measured over the last 30 days. "
        let investment = dashboard.configuration.roi
        if investment.hasInvestment {
            let analysis = try ROIOptions(months: investment.months).analysis(of: investment.assumptions(monthlySavings: monthly))
            html += Self.returnSentence(investment, projection: analysis.projection) + " "
        }
        return html + #"<a href="/roi">ROI and savings</a></p></section>"#
    }

    /// What the configured investment returns: its break-even month and ROI after 12 months, as
    /// `GET /api/v1/roi` reports them (`break_even_month`, `roi_12_months_percent`).
    static func returnSentence(_ investment: ROISettings, projection: ROIProjection) -> String {
        var costs: [String] = []
        if investment.investment != .zero {
            let name = investment.name.map { " in \(HTML.escape($0))" } ?? ""
            costs.append("the \(Figures.compactUSD(investment.investment)) invested" + name)
        }
        if investment.recurringCost != .zero { costs.append("\(Figures.compactUSD(investment.recurringCost)) a month") }
        var html = "Against " + costs.joined(separator: " and ")
        let breakEven =
            projection.breakEvenMonth.map { "breaks even in month \($0)" } ?? "does not break even within \(projection.months) months"
        let month = projection.breakEvenMonth.map(String.init) ?? ""
        html += #": it <span class="amount" data-figure="break_even_month" data-value="\#(month)">\#(breakEven)</span>"#
        if let roi = projection.roi12Percent {
            html +=
                #", and returns <span class="amount" data-figure="roi_12_months_percent" data-value="\#(RoiPage.exact(roi))">\#(Figures.signedPercent(roi))</span> after 12 months"#
        }
        return html + "."
    }

    static func dollars(_ money: Money) -> Double { Double(money.nanos) / 1e9 }

    /// A unit cost: `$0.0094` below a dollar (four decimals, so that small costs compare), else
    /// as `Figures.usd`.
    static func unitUSD(_ money: Money) -> String {
        guard money.nanos.magnitude < 1_000_000_000 else { return Figures.usd(money) }
        return (money.nanos < 0 ? "-$" : "$") + String(format: "%.4f", Double(money.nanos.magnitude) / 1e9)
    }

    /// Axis ticks: `$0`, `$500`, `$1.5k`.
    static let axisUSD: @Sendable (Double) -> String = { value in
        Figures.compactUSD(Money(approximateUSD: value)).replacingOccurrences(of: ".00", with: "")
    }
}
