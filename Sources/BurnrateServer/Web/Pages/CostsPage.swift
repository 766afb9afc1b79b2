import BurnrateCore
import BurnrateStore
import Foundation

/// `/costs`: where the money goes for the filtered view. Headline figures against the previous
/// period, cost per day by category, the categories (compute, LLM APIs, storage, tools,
/// network), LLM token usage split into input, cached and output, breakdowns by model, tenant,
/// feature, team, user and environment, and unit economics. Every row drills down to the view
/// filtered on it; every table downloads as CSV (`?...&format=csv&table=ID`).
struct CostsPage: Sendable {
    let dashboard: Dashboard

    /// The breakdowns the page shows, in order: grouping key, table id and title.
    static let breakdowns: [(key: BurnrateStore.Dimension, title: String)] = [
        (.model, "Model"), (.tenant, "Tenant"), (.feature, "Feature"), (.team, "Team"), (.user, "User"),
        (.environment, "Environment"),
    ]

    /// Groups each breakdown lists before folding the rest into "other".
    static let limit = 10

    /// Requests the latest-requests table lists.
    static let latestRequests = 20

    struct Content: Sendable {
        var summary: SummaryFigures
        var tables: [PageTable]
        var chart: ChartData
        var suggestions: [String: [String]]
    }

    static func categoryName(_ category: CostCategory) -> String {
        switch category {
        case .compute: "Compute"
        case .storage: "Storage"
        case .network: "Network"
        case .llmAPI: "LLM APIs"
        case .tools: "Tools"
        case .other: "Other"
        }
    }

    /// Reads the summary, the breakdowns and the chart concurrently: each reads its own rollups,
    /// and the database serves several readers at once.
    func figures(_ query: WebQuery) async throws -> Content {
        let analytics = dashboard.analytics
        let scope = query.scope
        async let summaryFigures = analytics.summary(scope)
        async let chartData = dailyChart(scope)
        async let latest = scope.includesTokenCosts ? dashboard.store.latestEvents(scope.filter, limit: Self.latestRequests) : []
        let breakdowns = try await withThrowingTaskGroup(of: (Int, BreakdownFigures).self) { group in
            for (index, breakdown) in Self.breakdowns.enumerated() {
                group.addTask { (index, try await analytics.breakdown(scope, by: [.dimension(breakdown.key)], limit: Self.limit)) }
            }
            var results: [(Int, BreakdownFigures)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let summary = try await summaryFigures
        let total = summary.current.cost
        var tables: [PageTable] = []
        tables.append(categoryTable(summary.current, query: query))
        tables.append(tokenTable(summary.current.totals, query: query))
        var suggestions: [String: [String]] = [:]
        for ((key, title), breakdown) in zip(Self.breakdowns, breakdowns) {
            tables.append(breakdownTable(breakdown, key: key, title: title, total: total, query: query))
            suggestions[key.rawValue] = breakdown.lines.compactMap { $0.keys.first ?? nil }.sorted()
        }
        if let economics = summary.economics { tables.append(economicsTable(economics, query: query)) }
        tables.append(requestsTable(try await latest, query: query))
        return Content(summary: summary, tables: tables, chart: try await chartData, suggestions: suggestions)
    }

    func render(_ query: WebQuery) async throws -> String {
        let figures = try await figures(query)
        let summary = figures.summary
        let current = summary.current
        var body =
            #"<h1>Costs</h1><p class="lede" data-from="\#(query.scope.range.lowerBound.rfc3339)" data-to="\#(query.scope.range.upperBound.rfc3339)">"#
        body +=
            "\(HTML.escape(dashboard.describe(query.scope.range))), against the \(summary.previous.seconds / 86_400 == 0 ? "period" : "\(summary.previous.seconds / 86_400) days") before.</p>"
        body += FilterForm.html(query, action: "/costs", suggestions: figures.suggestions)
        body +=
            #"<section aria-labelledby="costs-headline"><h2 id="costs-headline" class="visually-hidden">Headline figures</h2><div class="cards">"#
        body += Layout.card(
            "Cost", BurnrateCore.Figures.compactUSD(current.cost),
            note: "\(BurnrateCore.Figures.signedPercent(summary.change.percent)) on the previous period",
            figure: ("cost", current.cost.usdString))
        body += Layout.card(
            "Requests", BurnrateCore.Figures.compactCount(current.totals.requests),
            note: "\(BurnrateCore.Figures.compactCount(current.totals.errorRequests)) failed",
            figure: ("requests", String(current.totals.requests)))
        body += Layout.card(
            "Tokens", BurnrateCore.Figures.compactCount(current.totals.usage.totalTokens),
            note: "\(BurnrateCore.Figures.signedPercent(summary.growth.usagePercent)) on the previous period",
            figure: ("tokens", String(current.totals.usage.totalTokens)))
        let perRequest = ExecutivePage.perRequest(current.totals)
        body += Layout.card(
            "Cost per request", perRequest.map(ExecutivePage.unitUSD) ?? "n/a", note: "LLM token cost per priced request",
            figure: ("cost_per_request", perRequest?.usdString ?? ""))
        let priced = current.totals.usage.totalTokens - current.totals.unpricedUsage.totalTokens
        let perThousand = UnitCost.perThousandTokens(current.totals.cost.total, tokens: priced)
        body += Layout.card(
            "Cost per 1K tokens", perThousand.map(ExecutivePage.unitUSD) ?? "n/a",
            note: "\(BurnrateCore.Figures.compactCount(current.activeUsers)) active users",
            figure: ("cost_per_1k_tokens", perThousand?.usdString ?? ""))
        body += "</div></section>"

        body += #"<section class="panel" aria-labelledby="daily-heading"><h2 id="daily-heading">Cost over time by category</h2>"#
        body += #"<figure class="chart-figure">"# + ColumnChart.svg(figures.chart) + Self.legend(figures.chart)
        body += ChartTable.html(figures.chart, header: "Period") + "</figure></section>"

        let byID = Dictionary(uniqueKeysWithValues: figures.tables.map { ($0.id, $0) })
        body += #"<div class="grid2">"#
        for id in ["categories", "tokens"] {
            if let table = byID[id] { body += #"<section class="panel">"# + table.html() + "</section>" }
        }
        body += "</div>"
        body += #"<h2 id="breakdowns">Breakdowns</h2><p class="lede">Select a row to filter the page on it.</p><div class="grid2">"#
        for (key, _) in Self.breakdowns {
            if let table = byID["by-\(key.rawValue)"] { body += #"<section class="panel">"# + table.html() + "</section>" }
        }
        body += "</div>"
        if let table = byID["economics"] {
            body += #"<section class="panel" aria-labelledby="economics-heading"><h2 id="economics-heading">Unit economics</h2>"#
            body += table.html() + "</section>"
        }
        body += #"<section class="panel" aria-labelledby="runs-heading"><h2 id="runs-heading">Agent runs</h2>"#
        body +=
            #"<p>What whole runs and conversations of this view cost, their spread per feature and their costliest steps: <a href="\#(HTML.escape(query.link("/sessions")))">Sessions of this view</a>.</p></section>"#
        if let table = byID["requests"] {
            body += #"<section class="panel" aria-labelledby="requests-heading"><h2 id="requests-heading">Latest requests</h2>"#
            body += #"<p class="lede">The newest requests of this view. Select one for its cost, part by part, and the price used.</p>"#
            body += table.html() + "</section>"
        }
        return body
    }

    /// The newest requests of the view, each linking to its page (`/requests/{id}`).
    func requestsTable(_ events: [StoredEvent], query: WebQuery) -> PageTable {
        let rows: [[PageTable.Cell]] = events.map { stored in
            let priced = stored.priced
            let event = priced.event
            let time = event.timestamp.rfc3339
            let path = "/requests/" + WebQuery.encode(event.id)
            return [
                PageTable.Cell(time.prefix(19).replacingOccurrences(of: "T", with: " "), csv: time, link: path),
                PageTable.Cell(event.model),
                PageTable.Cell(event.attribution.tenant ?? "(none)", csv: event.attribution.tenant ?? ""),
                PageTable.Cell(event.attribution.feature ?? "(none)", csv: event.attribution.feature ?? ""),
                PageTable.Cell(event.attribution.user ?? "(none)", csv: event.attribution.user ?? ""),
                .count(event.usage.totalTokens),
                priced.isPriced
                    ? PageTable.Cell(ExecutivePage.unitUSD(priced.cost.total), csv: priced.cost.total.usdString)
                    : PageTable.Cell("unpriced", csv: ""),
                PageTable.Cell(event.status.rawValue),
            ]
        }
        return PageTable(
            id: "requests", caption: rows.count == 1 ? "The latest request" : "The latest \(rows.count) requests",
            columns: [
                .init(title: "Time (UTC)"), .init(title: "Model"), .init(title: "Tenant"), .init(title: "Feature"), .init(title: "User"),
                .init(title: "Tokens", numeric: true), .init(title: "Cost", numeric: true), .init(title: "Status"),
            ], rows: rows, csvLink: csvLink(query, "requests"), empty: "No requests in this view.")
    }

    static func legend(_ data: ChartData) -> String {
        var html = #"<ul class="legend" aria-hidden="true">"#
        for (index, series) in data.series.enumerated() { html += #"<li class="swatch-\#(index % 6)">\#(HTML.escape(series.name))</li>"# }
        return html + "</ul>"
    }

    func dailyChart(_ scope: AnalyticsScope) async throws -> ChartData {
        let seconds = (scope.range.upperBound.microseconds - scope.range.lowerBound.microseconds) / 1_000_000
        let interval: CalendarInterval = seconds <= 2 * 86_400 ? .hour : seconds <= 100 * 86_400 ? .day : .week
        let series = try await dashboard.analytics.timeseries(scope, interval: interval, by: .category, limit: 6)
        let ordered = series.series.sorted { ($0.cost, $1.key ?? "") > ($1.cost, $0.key ?? "") }
        return ChartData(
            id: "daily", title: "Cost per \(interval.rawValue) by category",
            summary: "Stacked columns, one per \(interval.rawValue), split by cost category.",
            labels: series.labels,
            series: ordered.map { line in
                ChartData.Series(
                    name: line.isOther ? "Other" : line.key.flatMap(CostCategory.init(rawValue:)).map(Self.categoryName) ?? "Unknown",
                    values: line.points.map { ExecutivePage.dollars($0.cost) })
            },
            format: ExecutivePage.axisUSD)
    }

    func categoryTable(_ figures: PeriodFigures, query: WebQuery) -> PageTable {
        let total = figures.cost
        let rows = CostCategory.allCases.map { category in
            (category, figures.categoryCosts[category] ?? .zero)
        }.sorted { ($0.1, $1.0.rawValue) > ($1.1, $0.0.rawValue) }.map { category, amount in
            [
                PageTable.Cell(
                    Self.categoryName(category), csv: category.rawValue, link: query.link("/costs", [("category", category.rawValue)])),
                .money(amount), .share(Ranking.share(amount, of: total)),
            ]
        }
        return PageTable(
            id: "categories", caption: "Cost by category",
            columns: [.init(title: "Category"), .init(title: "Cost", numeric: true), .init(title: "Share", numeric: true)],
            rows: rows, csvLink: csvLink(query, "categories"))
    }

    func tokenTable(_ totals: UsageTotals, query: WebQuery) -> PageTable {
        let usage = totals.usage
        let cost = totals.cost
        let rows: [[PageTable.Cell]] = [
            [PageTable.Cell("Input (uncached)", csv: "input"), .count(usage.uncachedInputTokens), .money(cost.uncachedInput)],
            [PageTable.Cell("Cached input read", csv: "cache_read"), .count(usage.cacheReadTokens), .money(cost.cacheRead)],
            [PageTable.Cell("Cache writes", csv: "cache_write"), .count(usage.cacheWriteTokens), .money(cost.cacheWrite)],
            [PageTable.Cell("Output", csv: "output"), .count(usage.outputTokens), .money(cost.output)],
        ]
        return PageTable(
            id: "tokens", caption: "LLM API tokens",
            columns: [.init(title: "Tokens"), .init(title: "Count", numeric: true), .init(title: "Cost", numeric: true)],
            rows: totals.requests == 0 ? [] : rows, csvLink: csvLink(query, "tokens"), empty: "No LLM requests in this view.")
    }

    func breakdownTable(
        _ breakdown: BreakdownFigures, key: BurnrateStore.Dimension, title: String, total: Money, query: WebQuery
    ) -> PageTable {
        var rows: [[PageTable.Cell]] = breakdown.lines.map { line in
            let value = line.keys.first ?? nil
            let name = PageTable.Cell(
                value ?? "(none)", csv: value ?? "", link: value.map { query.link("/costs", [(key.rawValue, $0)]) })
            return [
                name, .money(line.cost), .share(Ranking.share(line.cost, of: total)), .count(line.totals.requests),
                .count(line.totals.usage.totalTokens),
            ]
        }
        if let other = breakdown.other {
            rows.append([
                PageTable.Cell("Other (\(other.folded ?? 0))", csv: "other"), .money(other.cost),
                .share(Ranking.share(other.cost, of: total)), .count(other.totals.requests), .count(other.totals.usage.totalTokens),
            ])
        }
        return PageTable(
            id: "by-\(key.rawValue)", caption: "By \(title.lowercased())",
            columns: [
                .init(title: title), .init(title: "Cost", numeric: true), .init(title: "Share", numeric: true),
                .init(title: "Requests", numeric: true), .init(title: "Tokens", numeric: true),
            ], rows: rows, csvLink: csvLink(query, "by-\(key.rawValue)"))
    }

    func economicsTable(_ economics: UnitEconomics, query: WebQuery) -> PageTable {
        var rows: [[PageTable.Cell]] = [
            [PageTable.Cell("Revenue"), .money(economics.revenue)], [PageTable.Cell("Cost"), .money(economics.cost)],
            [PageTable.Cell("Margin"), .money(economics.margin)],
        ]
        if let value = economics.returnOnCost {
            rows.append([PageTable.Cell("Return on cost"), PageTable.Cell(BurnrateCore.Figures.percent(value * 100), csv: String(value))])
        }
        if let value = economics.costPerUser { rows.append([PageTable.Cell("Cost per active user"), .money(value)]) }
        if let value = economics.marginPerUser { rows.append([PageTable.Cell("Margin per active user"), .money(value)]) }
        return PageTable(
            id: "economics", caption: "Unit economics",
            columns: [.init(title: "Figure"), .init(title: "Value", numeric: true)], rows: rows, csvLink: csvLink(query, "economics"))
    }

    func csvLink(_ query: WebQuery, _ table: String) -> String {
        query.link("/costs", [("format", "csv"), ("table", table)])
    }
}
