/// A budget as a horizontal bullet gauge in SVG: spend so far as a bar against the amount,
/// the projected period-end spend as a marker, and the thresholds as ticks.
struct BudgetGaugeChart: Sendable {
    /// How the bar is coloured, following the budget's status.
    enum Tone: String, Sendable {
        case ok
        case warning
        case exceeded
    }

    var id: String
    var title: String
    var summary: String
    /// Spent and projected as fractions of the amount (1 = the whole budget).
    var spent: Double
    var projected: Double?
    var thresholds: [Int]
    var tone: Tone

    static let width = 640.0
    static let height = 44.0

    func svg() -> String {
        // The scale reaches past 100% when spend or the projection does, up to 150%.
        let top = min(max(1, spent, projected ?? 0) * 1.05, 1.5)
        func x(_ fraction: Double) -> Double { ((min(max(fraction, 0), top) / top) * (Self.width - 2) * 10).rounded() / 10 + 1 }
        var svg = """
            <svg class="gauge" viewBox="0 0 \(Self.width) \(Self.height)" role="img" aria-labelledby="\(id)-title \(id)-desc" \
            xmlns="http://www.w3.org/2000/svg"><title id="\(id)-title">\(HTML.escape(title))</title>\
            <desc id="\(id)-desc">\(HTML.escape(summary))</desc>
            """
        svg += #"<rect class="gauge-track" x="1" y="10" width="\#(x(1) - 1)" height="20" rx="3"/>"#
        svg += #"<rect class="gauge-bar \#(tone.rawValue)" x="1" y="10" width="\#(max(x(spent) - 1, 0))" height="20" rx="3"/>"#
        for threshold in thresholds {
            let position = x(Double(threshold) / 100)
            svg += #"<line class="gauge-threshold" x1="\#(position)" x2="\#(position)" y1="6" y2="34"/>"#
        }
        if let projected {
            let position = x(projected)
            svg += #"<path class="gauge-projection" d="M\#(position) 36 l-5 7 h10 Z"/>"#
        }
        return svg + "</svg>"
    }
}
