import BurnrateCore
import BurnrateStore
import Foundation

/// `/sessions`: what agent runs and conversations cost in the filtered view, with the figures of
/// the API's sessions endpoints for the same filters: the spread of run cost per feature and its
/// median and 90th percentile per day (`GET /api/v1/sessions/distribution`), the runs in a chosen
/// order, paged, each linking to its timeline (`GET /api/v1/sessions`), and the costliest steps
/// (`GET /api/v1/sessions/steps`). Every table downloads as CSV (`?...&format=csv&table=ID`).
struct SessionsPage: Sendable {
    let dashboard: Dashboard

    /// Runs per page of the runs table.
    static let pageSize = 25
    /// Steps the steps table lists.
    static let stepLimit = 10
    /// The furthest the runs table pages, as `GET /api/v1/sessions` allows.
    static let maximumOffset = 100_000
    /// The page's query parameters that are not filters: the runs' order and the page's start.
    static let options: Set<String> = ["sort", "offset"]

    struct Content: Sendable {
        var distribution: [SessionCostDistribution]
        var chart: ChartData?
        var runs: [SessionSummary]
        /// Whether another page of runs follows.
        var hasMore: Bool
        var order: SessionOrder
        var offset: Int
        var tables: [PageTable]
    }

    /// The order asked for with `sort`, by cost when none is.
    static func order(_ text: String?) throws(InvalidQuery) -> SessionOrder {
        guard let text else { return .cost }
        guard let order = SessionOrder(rawValue: text) else {
            throw InvalidQuery(
                field: "sort", message: "must be one of \(SessionOrder.allCases.map(\.rawValue).joined(separator: ", ")) (got \(text))")
        }
        return order
    }

    static func offset(_ text: String?) throws(InvalidQuery) -> Int {
        guard let text else { return 0 }
        guard let offset = Int(text), (0...maximumOffset).contains(offset) else {
            throw InvalidQuery(field: "offset", message: "must be a whole number from 0 to \(maximumOffset) (got \(text))")
        }
        return offset
    }

    /// What an order is called in the sort links and the runs table's caption.
    static func orderName(_ order: SessionOrder) -> String {
        switch order {
        case .cost: "cost"
        case .calls: "calls"
        case .duration: "duration"
        case .recent: "most recent"
        }
    }

    /// Reads the distribution, its days, a page of runs and the steps concurrently.
    func figures(_ query: WebQuery) async throws -> Content {
        let order = try Self.order(query.options["sort"])
        let offset = try Self.offset(query.options["offset"])
        let filter = query.scope.filter
        let store = dashboard.store
        let bucket = SessionsChart.bucketSeconds(query.scope.range)
        async let distribution = store.sessionCostDistribution(filter, bucketSeconds: nil)
        async let daily = dailyDistribution(filter, bucketSeconds: bucket)
        async let page = store.sessions(filter, order: order, limit: Self.pageSize + 1, offset: offset)
        async let steps = store.stepCosts(filter, limit: Self.stepLimit)
        let groups = try await distribution.sorted { ($0.totalCost, $1.feature ?? "") > ($1.totalCost, $0.feature ?? "") }
        let runs = try await page
        let shown = Array(runs.prefix(Self.pageSize))
        let periods = try await daily
        let chart = bucket.flatMap { SessionsChart.data(periods, range: query.scope.range, bucketSeconds: $0) }
        return Content(
            distribution: groups, chart: chart, runs: shown, hasMore: runs.count > Self.pageSize, order: order, offset: offset,
            tables: [
                distributionTable(groups, query: query), runsTable(shown, order: order, offset: offset, query: query),
                stepsTable(try await steps, query: query),
            ])
    }

    /// The distribution per period of `bucketSeconds`; none without a period.
    func dailyDistribution(_ filter: EventFilter, bucketSeconds: Int64?) async throws -> [SessionCostDistribution] {
        guard let bucketSeconds else { return [] }
        return try await dashboard.store.sessionCostDistribution(filter, bucketSeconds: bucketSeconds)
    }

    func render(_ query: WebQuery) async throws -> String {
        let content = try await figures(query)
        let range = query.scope.range
        var body =
            #"<h1>Sessions</h1><p class="lede" data-from="\#(range.lowerBound.rfc3339)" data-to="\#(range.upperBound.rfc3339)">"#
        body += HTML.escape(dashboard.describe(range))
        body += ". A run is an agent's task or a conversation: the calls that carry the same session id.</p>"
        body += FilterForm.html(query, action: "/sessions")
        if content.distribution.isEmpty && content.runs.isEmpty && content.offset == 0 {
            return body + Self.howToSend(filtered: query.isFiltered)
        }
        let groups = content.distribution
        let runs = groups.reduce(Int64(0)) { $0 + $1.sessions }
        let cost = groups.reduce(Money.zero) { $0 + $1.totalCost }
        let costliest = groups.map(\.maximum).max() ?? .zero
        body +=
            #"<section aria-labelledby="sessions-headline"><h2 id="sessions-headline" class="visually-hidden">Headline figures</h2><div class="cards">"#
        body += Layout.card(
            "Runs started", Figures.compactCount(runs), note: "in this period", figure: ("sessions", String(runs)))
        body += Layout.card(
            "Cost of those runs", cost.nanos < 1_000_000_000_000 ? ExecutivePage.unitUSD(cost) : Figures.compactUSD(cost),
            note: runs > 0 ? "\(ExecutivePage.unitUSD(Money(nanos: cost.nanos / runs))) per run on average" : nil,
            figure: ("sessions_cost", cost.usdString))
        body += Layout.card("Costliest run", ExecutivePage.unitUSD(costliest), figure: ("costliest_session", costliest.usdString))
        body += "</div></section>"

        let byID = Dictionary(uniqueKeysWithValues: content.tables.map { ($0.id, $0) })
        body +=
            #"<section class="panel" aria-labelledby="distribution-heading"><h2 id="distribution-heading">Cost per run by feature</h2>"#
        body +=
            #"<p class="lede">Runs that started in this period, by the feature of their first call. Percentiles by nearest rank: each is the cost of an actual run.</p>"#
        body += (byID["distribution"]?.html() ?? "") + "</section>"
        if let chart = content.chart {
            body +=
                #"<section class="panel" aria-labelledby="run-cost-heading"><h2 id="run-cost-heading">\#(HTML.escape(chart.title))</h2>"#
            body += #"<figure class="chart-figure">"# + LineChart.svg(chart) + CostsPage.legend(chart)
            body += ChartTable.html(chart, header: "Period (UTC)") + "</figure></section>"
        }
        body += #"<section class="panel" aria-labelledby="runs-heading"><h2 id="runs-heading">Runs</h2>"#
        body += #"<p class="lede">Runs with calls in this period. Select one for its timeline. "#
        body += sortLinks(content.order, query: query) + "</p>"
        body += (byID["runs"]?.html() ?? "") + pager(content, query: query) + "</section>"
        body += #"<section class="panel" aria-labelledby="steps-heading"><h2 id="steps-heading">Costliest steps</h2>"#
        body += #"<p class="lede">The calls of the runs in this period, by the step that made them (the <code>step</code> field).</p>"#
        return body + (byID["steps"]?.html() ?? "") + "</section>"
    }

    /// `Order by: cost · calls · duration · most recent`, the current order not a link.
    func sortLinks(_ current: SessionOrder, query: WebQuery) -> String {
        "Order by: "
            + SessionOrder.allCases.map { order in
                let name = Self.orderName(order)
                guard order != current else { return #"<strong aria-current="true">\#(name)</strong>"# }
                let link = query.link("/sessions", [("sort", order.rawValue)])
                return #"<a href="\#(HTML.escape(link))">\#(name)<span class="visually-hidden"> first</span></a>"#
            }.joined(separator: " · ") + "."
    }

    /// Links to the runs before and after this page, when there are any.
    func pager(_ content: Content, query: WebQuery) -> String {
        var links: [String] = []
        let sort = content.order == .cost ? nil : content.order.rawValue
        if content.offset > 0 {
            let previous = max(0, content.offset - Self.pageSize)
            let link = query.link("/sessions", [("sort", sort), ("offset", previous == 0 ? nil : String(previous))])
            links.append(#"<a href="\#(HTML.escape(link))" rel="prev">Previous \#(Self.pageSize) runs</a>"#)
        }
        if content.hasMore, content.offset + Self.pageSize <= Self.maximumOffset {
            let link = query.link("/sessions", [("sort", sort), ("offset", String(content.offset + Self.pageSize))])
            links.append(#"<a href="\#(HTML.escape(link))" rel="next">Next \#(Self.pageSize) runs</a>"#)
        }
        return links.isEmpty ? "" : #"<p class="pager">\#(links.joined(separator: " · "))</p>"#
    }

    /// The page when no run is in view: how calls name the run they belong to.
    static func howToSend(filtered: Bool) -> String {
        var html =
            #"<section class="notice" id="no-sessions" aria-labelledby="no-sessions-heading"><h2 id="no-sessions-heading">No runs in this view</h2>"#
        if filtered { html += "<p>No run matches these filters in this period: remove a filter or choose a longer period.</p>" }
        html += "<p>A run is the calls that carry the same session id. Send it with each call:</p><ul>"
        html +=
            "<li>to <code>POST /api/v1/events</code>, in the field <code>session_id</code>, with <code>step</code> to name the step and <code>parent_id</code> for the call or span it was made within;</li>"
        html +=
            "<li>through the proxy, in the header <code>X-Burnrate-Session</code> (and <code>X-Burnrate-Step</code>); a W3C <code>traceparent</code> header gives the trace and the parent step;</li>"
        html +=
            "<li>over OpenTelemetry (<code>POST /v1/traces</code>), in the span attribute <code>gen_ai.conversation.id</code>.</li></ul>"
        return html + "<p>Calls without a session id count everywhere else, on the Costs page for one.</p></section>"
    }

    func distributionTable(_ groups: [SessionCostDistribution], query: WebQuery) -> PageTable {
        let rows: [[PageTable.Cell]] = groups.map { group in
            [
                PageTable.Cell(
                    group.feature ?? "(none)", csv: group.feature ?? "",
                    link: group.feature.map { query.link("/sessions", [("feature", $0)]) }),
                .count(group.sessions), Self.unit(group.totalCost), Self.unit(group.p50), Self.unit(group.p90), Self.unit(group.p99),
                Self.unit(group.maximum),
            ]
        }
        return PageTable(
            id: "distribution", caption: "Cost per run by feature",
            columns: [
                .init(title: "Feature"), .init(title: "Runs", numeric: true), .init(title: "Total", numeric: true),
                .init(title: "Median (p50)", numeric: true), .init(title: "p90", numeric: true), .init(title: "p99", numeric: true),
                .init(title: "Costliest", numeric: true),
            ], rows: rows, csvLink: csvLink(query, "distribution"), empty: "No run started in this period.")
    }

    func runsTable(_ runs: [SessionSummary], order: SessionOrder, offset: Int, query: WebQuery) -> PageTable {
        let rows: [[PageTable.Cell]] = runs.map { run in
            [
                PageTable.Cell(RunText.short(run.id), csv: run.id, link: SessionPage.path(run.id)),
                PageTable.Cell(RunText.time(run.start), csv: run.start.rfc3339),
                PageTable.Cell(RunText.duration(seconds: run.durationSeconds), csv: String(run.durationSeconds)),
                .count(run.calls), .count(run.errorCalls), Self.unit(run.cost),
                PageTable.Cell(RunText.short(run.attribution.feature ?? "(none)", limit: 24), csv: run.attribution.feature ?? ""),
            ]
        }
        let caption =
            runs.isEmpty ? "Runs by \(Self.orderName(order))" : "Runs by \(Self.orderName(order)), \(offset + 1)–\(offset + runs.count)"
        return PageTable(
            id: "runs", caption: caption,
            columns: [
                .init(title: "Run"), .init(title: "Started (UTC)"), .init(title: "Duration", numeric: true),
                .init(title: "Calls", numeric: true), .init(title: "Failed", numeric: true), .init(title: "Cost", numeric: true),
                .init(title: "Feature"),
            ], rows: rows, csvLink: csvLink(query, "runs", [("sort", order.rawValue), ("offset", String(offset))]),
            empty: offset > 0 ? "No more runs." : "No run has calls in this period.")
    }

    func stepsTable(_ steps: [StepCost], query: WebQuery) -> PageTable {
        let rows: [[PageTable.Cell]] = steps.map { step in
            [
                PageTable.Cell(RunText.short(step.step ?? "(no step)"), csv: step.step ?? ""), .count(step.calls), .count(step.sessions),
                Self.unit(step.cost), Self.unit(step.costPerCall), Self.unit(step.maximumCallCost),
            ]
        }
        return PageTable(
            id: "steps", caption: "Costliest steps",
            columns: [
                .init(title: "Step"), .init(title: "Calls", numeric: true), .init(title: "Runs", numeric: true),
                .init(title: "Cost", numeric: true), .init(title: "Per call", numeric: true), .init(title: "Costliest call", numeric: true),
            ], rows: rows, csvLink: csvLink(query, "steps"), empty: "No calls of a run in this period.")
    }

    /// A run's or a step's cost: four decimals below a dollar, exact in the CSV.
    static func unit(_ money: Money) -> PageTable.Cell { PageTable.Cell(ExecutivePage.unitUSD(money), csv: money.usdString) }

    func csvLink(_ query: WebQuery, _ table: String, _ extra: [(String, String?)] = []) -> String {
        query.link("/sessions", extra + [("format", "csv"), ("table", table)])
    }
}
