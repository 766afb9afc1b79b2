import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// `/requests/{id}`: one request's cost, part by part, and the price entry it was priced with,
/// as `GET /api/v1/events/{id}` reports them.
struct RequestPage: Sendable {
    let dashboard: Dashboard

    func render(id: String) async throws -> String {
        guard let stored = try await dashboard.store.event(id: id) else {
            throw Problem.notFound("No request with id '\(id)'.")
        }
        let priced = stored.priced
        let event = priced.event
        let usage = event.usage
        var body = #"<h1>Request <code>\#(HTML.escape(event.id))</code></h1>"#
        body +=
            #"<p class="lede">\#(HTML.escape(event.provider))/\#(HTML.escape(event.model)) at \#(HTML.escape(event.timestamp.rfc3339)), \#(event.status.rawValue).</p>"#
        body += #"<div class="cards">"#
        body += Layout.card(
            "Cost", priced.isPriced ? ExecutivePage.unitUSD(priced.cost.total) : "unpriced",
            figure: ("cost", priced.isPriced ? priced.cost.total.usdString : ""))
        body += Layout.card(
            "Tokens", Figures.compactCount(usage.totalTokens),
            note: "\(Figures.count(usage.inputTokens)) in, \(Figures.count(usage.outputTokens)) out")
        body += "</div>"
        let cost = priced.cost
        let rows: [[PageTable.Cell]] = [
            [
                PageTable.Cell("Input (uncached)"), PageTable.Cell(Figures.count(usage.uncachedInputTokens)),
                PageTable.Cell(ExecutivePage.unitUSD(cost.uncachedInput)),
            ],
            [
                PageTable.Cell("Cached input read"), PageTable.Cell(Figures.count(usage.cacheReadTokens)),
                PageTable.Cell(ExecutivePage.unitUSD(cost.cacheRead)),
            ],
            [
                PageTable.Cell("Cache writes"), PageTable.Cell(Figures.count(usage.cacheWriteTokens)),
                PageTable.Cell(ExecutivePage.unitUSD(cost.cacheWrite)),
            ],
            [
                PageTable.Cell("Output"), PageTable.Cell(Figures.count(usage.outputTokens)),
                PageTable.Cell(ExecutivePage.unitUSD(cost.output)),
            ],
        ]
        body += #"<div class="grid2"><section class="panel">"#
        body += PageTable(
            id: "cost-parts", caption: "Cost breakdown",
            columns: [.init(title: "Part"), .init(title: "Tokens", numeric: true), .init(title: "Cost", numeric: true)],
            rows: priced.isPriced ? rows : [], empty: "This request has no price yet: add one for its model, then reprice."
        ).html()
        body += "</section>"
        body += #"<section class="panel" aria-labelledby="price-heading"><h2 id="price-heading">Price used</h2>"#
        if let pricing = priced.pricing {
            let catalog = try await dashboard.ledger.catalog()
            let entry = catalog.history(provider: event.provider, model: event.model).first { $0.id == pricing.priceID }
            body +=
                #"<dl class="facts"><dt>Price id</dt><dd data-figure="price_id" data-value="\#(HTML.escape(pricing.priceID))">\#(HTML.escape(pricing.priceID))</dd>"#
            body += "<dt>Tier</dt><dd>\(HTML.escape(pricing.tier))</dd><dt>Long context</dt><dd>\(pricing.longContext ? "yes" : "no")</dd>"
            if let entry {
                body += "<dt>Effective from</dt><dd>\(HTML.escape(Timestamp(entry.effectiveFrom).rfc3339.prefix(10).description))</dd>"
                body += "<dt>Input</dt><dd>$\(entry.rates.input.perMillionString) per million tokens</dd>"
                body += "<dt>Output</dt><dd>$\(entry.rates.output.perMillionString) per million tokens</dd>"
                if let rate = entry.rates.cacheRead { body += "<dt>Cache read</dt><dd>$\(rate.perMillionString) per million tokens</dd>" }
                if let rate = entry.rates.cacheWrite { body += "<dt>Cache write</dt><dd>$\(rate.perMillionString) per million tokens</dd>" }
            }
            body += "</dl>"
        } else {
            body += #"<p class="empty">No price was in effect for this model at the time.</p>"#
        }
        body += "</section></div>"
        let attribution = event.attribution
        body +=
            #"<section class="panel" aria-labelledby="attribution-heading"><h2 id="attribution-heading">Attribution</h2><dl class="facts">"#
        for (name, value) in [
            ("tenant", attribution.tenant), ("user", attribution.user), ("feature", attribution.feature), ("team", attribution.team),
            ("environment", attribution.environment),
        ] {
            guard let value else { continue }
            let link = WebQuery.link("/costs", [(name, value)])
            body += #"<dt>\#(name.capitalized)</dt><dd><a href="\#(HTML.escape(link))">\#(HTML.escape(value))</a></dd>"#
        }
        for (key, value) in event.tags.sorted(by: { $0.key < $1.key }) {
            body += "<dt>Tag \(HTML.escape(key))</dt><dd>\(HTML.escape(value))</dd>"
        }
        return body + "</dl></section>" + runSection(event.run)
    }

    /// Where the request sits in an agent run: its session, linking to the run's timeline, its
    /// step, trace and parent. Nothing for a request outside any run.
    func runSection(_ run: RunPosition) -> String {
        guard !run.isEmpty else { return "" }
        var html = #"<section class="panel" aria-labelledby="run-heading"><h2 id="run-heading">Run</h2><dl class="facts">"#
        if let session = run.sessionID {
            html += #"<dt>Session</dt><dd><a href="\#(HTML.escape(SessionPage.path(session)))">\#(HTML.escape(session))</a></dd>"#
        }
        for (name, value) in [("Step", run.step), ("Trace", run.traceID), ("Parent", run.parentID)] {
            guard let value else { continue }
            html += "<dt>\(name)</dt><dd><code>\(HTML.escape(value))</code></dd>"
        }
        return html + "</dl></section>"
    }
}
