import BurnrateCore

/// A run's calls as a waterfall: a table with one row per call (its start after the run's first
/// call, model, step, status, cost and the running total, linking to its request page) and a bar
/// drawn in SVG from its start for as long as it took, on a time axis shared by every row.
///
/// The bars are SVG attributes, not inline styles, which the pages' content security policy
/// forbids.
enum Waterfall {
    /// The axis's length in SVG units.
    static let axis = 1_000
    /// The narrowest bar, for a call whose latency is unknown or too short to see.
    static let minimumBar = 4

    static func html(_ calls: [TimelineCall]) -> String {
        guard !calls.isEmpty else { return #"<p class="empty">No calls.</p>"# }
        // The axis runs to the end of the last call to finish, at least a millisecond.
        let end = max(1_000, calls.map { $0.offsetMicroseconds + ($0.call.event.latencyMs ?? 0) * 1_000 }.max() ?? 0)
        var html =
            #"<div class="table-scroll" tabindex="0" role="region" aria-label="Timeline"><table class="waterfall"><caption>The run's calls in time order</caption><thead><tr>"#
        for (title, numeric) in [
            ("Start", true), ("Model", false), ("Step", false), ("Status", false), ("Cost", true), ("Running total", true),
            ("Time", false),
        ] {
            html += #"<th scope="col"\#(numeric ? #" class="num""# : "")>\#(title)</th>"#
        }
        html += "</tr></thead><tbody>"
        for entry in calls {
            let event = entry.call.event
            let path = "/requests/" + WebQuery.encode(event.id)
            let offset = RunText.offset(microseconds: entry.offsetMicroseconds)
            html +=
                #"<tr><th scope="row" class="num"><a href="\#(HTML.escape(path))">\#(offset)<span class="visually-hidden"> call \#(HTML.escape(event.id))</span></a></th>"#
            html += "<td>\(HTML.escape(RunText.short(event.model, limit: 28)))</td>"
            html += "<td>\(HTML.escape(RunText.short(event.run.step ?? "–", limit: 20)))</td>"
            html += #"<td><span class="status \#(event.status == .ok ? "ok" : "exceeded")">\#(event.status.rawValue)</span></td>"#
            let cost = entry.call.isPriced ? ExecutivePage.unitUSD(entry.call.cost.total) : "unpriced"
            html += #"<td class="num">\#(cost)</td><td class="num">\#(ExecutivePage.unitUSD(entry.runningCost))</td>"#
            html += #"<td class="span">\#(bar(entry, end: end))</td></tr>"#
        }
        return html + "</tbody></table></div>"
    }

    /// The call's bar on an axis `end` microseconds long, with a text alternative.
    static func bar(_ entry: TimelineCall, end: Int64) -> String {
        let latency = entry.call.event.latencyMs
        let x = Int(entry.offsetMicroseconds * Int64(axis) / end)
        let width = max(minimumBar, Int((latency ?? 0) * 1_000 * Int64(axis) / end))
        let took = latency.map { "took \(RunText.duration(seconds: Double($0) / 1_000))" } ?? "latency unknown"
        let status = entry.call.event.status == .ok ? "ok" : "failed"
        let known = latency == nil ? " unknown" : ""
        return
            #"<svg class="span" viewBox="0 0 \#(axis) 10" preserveAspectRatio="none" role="img" aria-label="\#(took)"><rect class="track" width="\#(axis)" height="10"/><rect class="bar \#(status)\#(known)" x="\#(min(x, axis - minimumBar))" width="\#(min(width, axis - min(x, axis - minimumBar)))" height="10"/></svg>"#
    }
}
