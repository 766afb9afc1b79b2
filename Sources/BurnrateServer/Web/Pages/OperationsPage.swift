import BurnrateCore
import BurnrateStore
import Foundation

/// `/operations`: unit cost over time (per request and per 1K tokens), hourly cost with the
/// hours the `hourly_spike` rule would flag marked, the alerts (firing, with acknowledge, and
/// history), unpriced models, and ingest health.
struct OperationsPage: Sendable {
    let dashboard: Dashboard

    /// Days of the hourly chart, ending with the view's range.
    static let hourlyDays: Int64 = 14

    /// Reads the charts' series, the period's figures and the ingest health concurrently: each
    /// reads its own rollups, and the database serves several readers at once.
    func render(_ query: WebQuery, session: WebSession) async throws -> String {
        let analytics = dashboard.analytics
        let scope = query.scope
        async let dailySeries = analytics.timeseries(scope, interval: .day, by: nil, limit: 1)
        async let hourly = hourlyPanel(scope)
        async let period = analytics.period(scope)
        async let health = healthPanel()
        var body =
            #"<h1>Operations</h1><p class="lede" data-from="\#(scope.range.lowerBound.rfc3339)" data-to="\#(scope.range.upperBound.rfc3339)">"#
        body += "\(HTML.escape(dashboard.describe(scope.range))).</p>"
        // Alerts are not filtered, so they come before the filters.
        let open = try await dashboard.store.openAlerts().sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
        let history = try await dashboard.store.alerts(state: .resolved, rule: nil, before: nil, limit: 20)
        body += alertsSection(open: open, history: history, session: session)
        body += #"<h2 id="trends">Unit cost and hourly cost</h2>"#
        body += FilterForm.html(query, action: "/operations")

        let daily = try await dailySeries
        let points = daily.series.first?.points ?? []
        let perRequest = points.map { line in
            ExecutivePage.perRequest(line.totals).map(ExecutivePage.dollars)
        }
        let perThousand = points.map { line in
            UnitCost.perThousandTokens(
                line.totals.cost.total, tokens: line.totals.usage.totalTokens - line.totals.unpricedUsage.totalTokens
            )
            .map(ExecutivePage.dollars)
        }
        body += #"<div class="grid2">"#
        body += chartPanel(
            ChartData(
                id: "per-request", title: "Cost per request by day", summary: "LLM token cost per priced request, each day.",
                labels: daily.labels, series: [.init(name: "Per request", values: perRequest)], format: Self.smallUSD), header: "Day")
        body += chartPanel(
            ChartData(
                id: "per-1k", title: "Cost per 1K tokens by day", summary: "LLM token cost per thousand priced tokens, each day.",
                labels: daily.labels, series: [.init(name: "Per 1K tokens", values: perThousand)], format: Self.smallUSD), header: "Day")
        body += "</div>"
        body += try await hourly
        body += #"<div class="grid2">"#
        body += unpricedPanel(try await period, mayChange: session.mayChange)
        body += try await health
        body += "</div>"
        return body
    }

    func chartPanel(_ data: ChartData, header: String) -> String {
        #"<section class="panel" aria-labelledby="\#(data.id)-heading"><h2 id="\#(data.id)-heading">\#(HTML.escape(data.title))</h2><figure class="chart-figure">"#
            + LineChart.svg(data) + ChartTable.html(data, header: header) + "</figure></section>"
    }

    func hourlyPanel(_ scope: AnalyticsScope) async throws -> String {
        let calendar = dashboard.calendar
        let end = calendar.start(of: .hour, containing: scope.range.upperBound)
        let start = max(
            calendar.start(of: .hour, containing: scope.range.lowerBound), end.adding(seconds: -Self.hourlyDays * 86_400))
        guard start < end else { return "" }
        let rule = dashboard.configuration.alertRules.hourlySpike
        let series = try await HourlySpikeSeries.load(scope.over(start..<end), analytics: dashboard.analytics, settings: rule)
        let periods = series.periods
        let costs = series.costs
        let marked = Set(series.judgements.indices.filter { series.judgements[$0]?.isSpike == true })
        let labels = periods.map { calendar.label(.hour, start: $0.lowerBound).replacingOccurrences(of: "T", with: " ") }
        let data = ChartData(
            id: "hourly", title: "Hourly LLM cost",
            summary:
                "Token cost per hour over the last \(Self.hourlyDays) days of the view, with the expected range (from the expected cost to the alert line); \(marked.count) hours are marked as spikes, exactly those the hourly_spike rule fires on (at least \(rule.factor) times the expected cost: the same hour of the last 4 weeks, at the last hours' level).",
            labels: labels, series: [.init(name: "Cost", values: costs.map(ExecutivePage.dollars))],
            band: ChartData.Band(
                name: "Expected cost to alert line", low: series.judgements.map { $0.map { ExecutivePage.dollars($0.baseline) } },
                high: series.judgements.map { $0.map { ExecutivePage.dollars($0.upperBound) } }),
            marked: marked, labelPeriod: 24, format: ExecutivePage.axisUSD)
        var html =
            #"<section class="panel" aria-labelledby="hourly-heading"><h2 id="hourly-heading">Hourly cost and anomalies</h2><figure class="chart-figure">"#
        html += LineChart.svg(data)
        html +=
            #"<ul class="legend" aria-hidden="true"><li class="swatch-0">Cost per hour</li><li class="swatch-band">Expected to alert line</li><li class="swatch-mark">Spike</li></ul>"#
        if !marked.isEmpty {
            html +=
                "<p>Spikes: "
                + marked.sorted().map { index in
                    let link = WebQuery.link(
                        "/costs", [("from", periods[index].lowerBound.rfc3339), ("to", periods[index].upperBound.rfc3339)])
                    let expected = series.judgements[index].map { " against \(Figures.compactUSD($0.baseline)) expected" } ?? ""
                    return
                        #"<a href="\#(HTML.escape(link))">\#(HTML.escape(labels[index]))</a> (\#(Figures.compactUSD(costs[index]))\#(expected))"#
                }.joined(separator: ", ") + ".</p>"
        } else if series.judgements.allSatisfy({ $0 == nil }) {
            html +=
                "<p>Spikes are judged against the same hour of earlier days and weeks: this view has fewer than 3 days of history before it.</p>"
        }
        return html + ChartTable.html(data, header: "Hour") + "</figure></section>"
    }

    func alertsSection(open: [Alert], history: [Alert], session: WebSession) -> String {
        var html = #"<section class="panel" id="alerts" aria-labelledby="alerts-heading"><h2 id="alerts-heading">Alerts</h2>"#
        if open.isEmpty {
            html += #"<p class="empty">No alert is open.</p>"#
        } else {
            html +=
                #"<div class="table-scroll" tabindex="0" role="region" aria-label="Open alerts"><table class="wrap"><caption>Open alerts</caption><thead><tr><th scope="col">Alert</th><th scope="col">State</th><th scope="col">Since</th><th scope="col">Acknowledged</th></tr></thead><tbody>"#
            for alert in open {
                let tone = alert.state == .firing ? (alert.severity.rawValue == "critical" ? "exceeded" : "warning") : "ok"
                html += #"<tr><th scope="row">\#(HTML.escape(alert.summary))"#
                if !alert.link.isEmpty, alert.link.hasPrefix("/") {
                    html += #" <a href="\#(HTML.escape(Self.pageLink(alert.link)))">View</a>"#
                }
                html +=
                    #"</th><td><span class="status \#(tone)">\#(alert.state.rawValue)</span></td><td>\#(HTML.escape(dashboard.calendar.label(.hour, start: alert.startedAt).replacingOccurrences(of: "T", with: " ")))</td><td>"#
                if let acknowledged = alert.acknowledgedAt {
                    html += "\(HTML.escape(dashboard.date(acknowledged)))\(alert.acknowledgedBy.map { " by \(HTML.escape($0))" } ?? "")"
                } else if session.mayChange {
                    html +=
                        #"<form class="inline-form" method="post" action="/operations/alerts/\#(HTML.escape(alert.id))/acknowledge"><input type="hidden" name="csrf" value="\#(session.csrf)"><button type="submit" class="secondary">Acknowledge<span class="visually-hidden"> \#(HTML.escape(alert.rule))</span></button></form>"#
                } else {
                    html += "no"
                }
                html += "</td></tr>"
            }
            html += "</tbody></table></div>"
        }
        html += "<h3>Recently resolved</h3>"
        if history.isEmpty {
            html += #"<p class="empty">No resolved alerts yet.</p>"#
        } else {
            html += "<ul>"
            for alert in history {
                html += "<li>\(HTML.escape(alert.resolvedAt.map { dashboard.date($0) } ?? "")): \(HTML.escape(alert.summary))</li>"
            }
            html += "</ul>"
        }
        return html + "</section>"
    }

    /// An alert's API link (`/api/v1/breakdown?from=...`) as the Costs page with the same filters.
    static func pageLink(_ link: String) -> String {
        guard let question = link.firstIndex(of: "?") else { return "/costs" }
        let keep = link[link.index(after: question)...].split(separator: "&").filter { pair in
            !pair.hasPrefix("by=") && !pair.hasPrefix("limit=") && !pair.hasPrefix("interval=")
        }
        return "/costs" + (keep.isEmpty ? "" : "?" + keep.joined(separator: "&"))
    }

    func unpricedPanel(_ figures: PeriodFigures, mayChange: Bool) -> String {
        var html = #"<section class="panel" aria-labelledby="unpriced-heading"><h2 id="unpriced-heading">Unpriced models</h2>"#
        guard !figures.unpricedModels.isEmpty || !figures.partiallyPricedModels.isEmpty else {
            return html
                + #"<p class="empty">Every model in this view has a price, with a rate for everything its requests used.</p></section>"#
        }
        func priceLink(_ provider: String, _ model: String) -> String? {
            mayChange ? WebQuery.link("/prices/new", [("provider", provider), ("model", model)]) : nil
        }
        if !figures.unpricedModels.isEmpty {
            let rows = figures.unpricedModels.map { model in
                [
                    PageTable.Cell("\(model.provider)/\(model.model)", link: priceLink(model.provider, model.model)),
                    .count(model.requests),
                    .count(model.inputTokens), .count(model.outputTokens),
                ]
            }
            html += PageTable(
                id: "unpriced", caption: "Models without a price",
                columns: [
                    .init(title: "Model"), .init(title: "Requests", numeric: true), .init(title: "Input tokens", numeric: true),
                    .init(title: "Output tokens", numeric: true),
                ], rows: rows
            ).html()
        }
        if !figures.partiallyPricedModels.isEmpty {
            let rows = figures.partiallyPricedModels.map { model in
                [
                    PageTable.Cell("\(model.provider)/\(model.model)", link: priceLink(model.provider, model.model)),
                    .count(model.requests),
                    PageTable.Cell(model.unbilled.names.joined(separator: ", ")),
                ]
            }
            html += PageTable(
                id: "partially-priced", caption: "Models priced without a rate their requests used (that part is not in any cost)",
                columns: [.init(title: "Model"), .init(title: "Requests", numeric: true), .init(title: "Missing rates")], rows: rows
            ).html()
        }
        html +=
            mayChange
            ? "<p>Select a model to set its price and price its stored requests. "
            : "<p>An admin can set these prices (a viewer key cannot). "
        return html
            + #"The API does the same: <code>PUT /api/v1/prices/{model}</code>, then <code>POST /api/v1/reprice</code>.</p></section>"#
    }

    func healthPanel() async throws -> String {
        let now = Timestamp.now()
        let day = try await dashboard.analytics.period(AnalyticsScope(range: now.adding(seconds: -86_400)..<now, filter: EventFilter()))
        let hour = try await dashboard.analytics.period(AnalyticsScope(range: now.adding(seconds: -3_600)..<now, filter: EventFilter()))
        let prices = try await dashboard.ledger.catalog().entries.count
        var html = #"<section class="panel" aria-labelledby="health-heading"><h2 id="health-heading">Ingest health</h2><dl class="facts">"#
        html += "<dt>Requests, last hour</dt><dd>\(Figures.compactCount(hour.totals.requests))</dd>"
        html += "<dt>Requests, last 24 hours</dt><dd>\(Figures.compactCount(day.totals.requests))</dd>"
        html += "<dt>Failed, last 24 hours</dt><dd>\(Figures.compactCount(day.totals.errorRequests))</dd>"
        html += "<dt>Unpriced, last 24 hours</dt><dd>\(Figures.compactCount(day.totals.unpricedRequests))</dd>"
        html += "<dt>Prices known</dt><dd>\(prices)</dd></dl>"
        if hour.totals.requests == 0 {
            html += #"<p class="empty">No events in the last hour: check that your services still send them.</p>"#
        }
        return html + #"<p><a href="/readyz">Readiness check</a> · <a href="/metrics">Metrics</a></p></section>"#
    }

    /// `$0.0042`: small amounts with enough digits to read.
    static let smallUSD: @Sendable (Double) -> String = { value in
        value >= 1 ? ExecutivePage.axisUSD(value) : "$" + String(format: value >= 0.01 ? "%.3f" : "%.4f", value)
    }
}
