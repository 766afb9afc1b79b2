import BurnrateCore
import BurnrateStore
import Foundation
import HTTPTypes

/// `/sessions/{id}`: one run as `GET /api/v1/sessions/{id}` reports it: its sums and attribution,
/// a waterfall of its calls with their costs and the running total, and its step tree.
struct SessionPage: Sendable {
    let dashboard: Dashboard

    /// The most calls the page draws, which keeps it under 200 KB (each call takes about 0.7 KB,
    /// in the waterfall and in the step tree); the run's sums count them all, and the API
    /// returns up to 10,000.
    static let callLimit = 200
    /// The deepest indent of the step tree; deeper nodes stay at it and say their level.
    static let maximumIndent = 8

    /// The page of the run `id`.
    static func path(_ id: String) -> String { "/sessions/" + WebQuery.encode(id) }

    func render(id: String) async throws -> String {
        guard let found = try await dashboard.store.session(id: id, limit: Self.callLimit) else {
            throw Problem(
                .notFound, title: "Unknown session",
                detail: "No calls carry the session id '\(id.prefix(64))'. The Sessions page lists the runs.")
        }
        let run = found.summary
        let timeline = SessionTimeline(calls: found.calls)
        var body = #"<h1>Run <code class="run-id">\#(HTML.escape(run.id))</code></h1>"#
        body += #"<p class="lede">\#(RunText.time(run.start)) to \#(RunText.time(run.end)) UTC"#
        if !run.models.isEmpty { body += ", calling \(HTML.escape(run.models.joined(separator: ", ")))" }
        body += ".</p>"
        body += cards(run)
        if run.calls > Int64(timeline.calls.count) {
            body +=
                #"<p class="notice" id="truncated">This run has \#(Figures.count(run.calls)) calls; the timeline and the steps show the first \#(Figures.count(Int64(timeline.calls.count))). The figures above count them all. <code>GET /api/v1/sessions/{id}?limit=10000</code> returns up to 10,000.</p>"#
        }
        body +=
            #"<section class="panel" aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2><p class="lede">Each call at its start after the run's first, its bar as long as the call took (a thin mark when its latency is unknown). Select a call for its cost, part by part.</p>"#
        body += Waterfall.html(timeline.calls) + "</section>"
        body += #"<div class="grid2"><section class="panel" aria-labelledby="steps-heading"><h2 id="steps-heading">Steps</h2>"#
        body += stepTree(timeline.steps) + "</section>"
        return body + attribution(run) + "</div>"
    }

    func cards(_ run: SessionSummary) -> String {
        var html =
            #"<section aria-labelledby="run-headline"><h2 id="run-headline" class="visually-hidden">Headline figures</h2><div class="cards">"#
        html += Layout.card(
            "Cost", ExecutivePage.unitUSD(run.cost),
            note: run.unpricedCalls > 0
                ? "at least: \(Figures.count(run.unpricedCalls)) unpriced call\(run.unpricedCalls == 1 ? "" : "s") left out"
                : "every call priced",
            tone: run.unpricedCalls > 0 ? "warning" : nil, figure: ("cost", run.cost.usdString))
        html += Layout.card(
            "Calls", Figures.count(run.calls),
            note: "\(Figures.count(run.errorCalls)) failed, \(Figures.count(run.unpricedCalls)) unpriced",
            figure: ("calls", String(run.calls)))
        html += Layout.card(
            "Duration", RunText.duration(seconds: run.durationSeconds), note: "first call to last",
            figure: ("duration_seconds", String(run.durationSeconds)))
        html += Layout.card(
            "Tokens", Figures.compactCount(run.inputTokens + run.outputTokens),
            note: "\(Figures.count(run.inputTokens)) in, \(Figures.count(run.outputTokens)) out")
        return html + "</div></section>"
    }

    /// The step tree, depth first, each node indented by its depth, with its calls and cost.
    func stepTree(_ steps: [StepNode]) -> String {
        guard !steps.isEmpty else { return #"<p class="empty">No calls.</p>"# }
        var html =
            #"<div class="table-scroll" tabindex="0" role="region" aria-label="Steps"><table class="tree"><caption>Steps and the calls beneath them</caption><thead><tr><th scope="col">Step</th><th scope="col">Node</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Cost</th></tr></thead><tbody>"#
        for node in steps {
            let depth = min(node.depth, Self.maximumIndent)
            let name = HTML.escape(RunText.short(node.name ?? "(no step)", limit: 28))
            let level = node.depth > 0 ? #"<span class="visually-hidden">level \#(node.depth + 1): </span>"# : ""
            html += #"<tr><th scope="row" class="depth-\#(depth)">\#(level)\#(name)</th><td>"#
            switch node.kind {
            case .call:
                html +=
                    #"<a href="\#(HTML.escape("/requests/" + WebQuery.encode(node.id)))">call<span class="visually-hidden"> \#(HTML.escape(node.id))</span></a>"#
            case .step:
                html += #"span <code>\#(HTML.escape(RunText.short(node.id, limit: 16)))</code>"#
            }
            html +=
                #"</td><td class="num">\#(Figures.count(node.calls))</td><td class="num">\#(ExecutivePage.unitUSD(node.cost))</td></tr>"#
        }
        return html + "</tbody></table></div>"
    }

    /// Who and what the run is charged to (its first call's attribution), each linking to its
    /// costs, and the feature to its runs.
    func attribution(_ run: SessionSummary) -> String {
        let attribution = run.attribution
        var html =
            #"<section class="panel" aria-labelledby="attribution-heading"><h2 id="attribution-heading">Attribution</h2><dl class="facts">"#
        let values = [
            ("tenant", attribution.tenant), ("user", attribution.user), ("feature", attribution.feature), ("team", attribution.team),
            ("environment", attribution.environment),
        ]
        for case (let name, let value?) in values {
            let link = WebQuery.link("/costs", [(name, value)])
            html += #"<dt>\#(name.capitalized)</dt><dd><a href="\#(HTML.escape(link))">\#(HTML.escape(value))</a></dd>"#
        }
        if values.allSatisfy({ $0.1 == nil }) { html += "<dt>Attribution</dt><dd>none</dd>" }
        html += "<dt>Models</dt><dd>\(HTML.escape(run.models.isEmpty ? "none" : run.models.joined(separator: ", ")))</dd>"
        html += "</dl>"
        let runs = WebQuery.link("/sessions", attribution.feature.map { [(key: "feature", value: $0)] } ?? [])
        let label = attribution.feature.map { "All runs of \(RunText.short($0, limit: 40))" } ?? "All runs"
        return html + #"<p><a href="\#(HTML.escape(runs))">\#(HTML.escape(label))</a></p></section>"#
    }
}
