/// The drawing area shared by Burnrate's charts: a fixed view box that scales to its container,
/// a value axis on the left with gridlines, and category labels below, thinned to fit.
struct ChartFrame: Sendable {
    static let width = 640.0
    static let height = 220.0
    static let top = 12.0
    static let bottom = 32.0
    /// Between a tick label and the plot.
    static let tickGap = 6.0
    /// The narrowest margins left and right of the plot.
    static let minimumMargins = (left: 40.0, right: 12.0)

    let data: ChartData
    let scale: ChartScale
    /// Room for the value axis left of the plot: its widest tick label at the larger text size and
    /// the gap, with two units to spare, so that no tick label reaches past the chart's left edge.
    let left: Double
    /// Room right of the plot for half the last category's label at the larger text size, so
    /// that the label, centred on the last category, stays inside the chart (as charting
    /// libraries pad a plot for its edge labels).
    let right: Double

    init(_ data: ChartData) {
        self.data = data
        scale = ChartScale(covering: data.maximum)
        let widest = scale.ticks.map { ChartText.width(data.format($0), fontSize: ChartText.narrowSize) }.max() ?? 0
        left = max(Self.minimumMargins.left, (widest + Self.tickGap + 2).rounded(.up))
        let lastLabel = ChartText.width(data.labels.last ?? "", fontSize: ChartText.narrowSize)
        right = max(Self.minimumMargins.right, (lastLabel / 2).rounded(.up))
    }

    var plotWidth: Double { Self.width - left - right }
    var plotHeight: Double { Self.height - Self.top - Self.bottom }

    /// The y coordinate of `value`.
    func y(_ value: Double) -> Double {
        Self.top + plotHeight * (1 - scale.fraction(value))
    }

    /// Opens the SVG element with its accessible name and description, and draws the axes.
    func open() -> String {
        let title = "\(data.id)-title"
        let description = "\(data.id)-desc"
        var svg = """
            <svg class="chart" viewBox="0 0 \(Self.width) \(Self.height)" role="img" aria-labelledby="\(title) \(description)" \
            xmlns="http://www.w3.org/2000/svg"><title id="\(title)">\(HTML.escape(data.title))</title>\
            <desc id="\(description)">\(HTML.escape(data.summary))</desc>
            """
        for tick in scale.ticks {
            let y = Self.rounded(y(tick))
            svg += #"<line class="grid" x1="\#(left)" x2="\#(Self.width - right)" y1="\#(y)" y2="\#(y)"/>"#
            svg +=
                #"<text class="tick" x="\#(left - Self.tickGap)" y="\#(Self.rounded(y + 4))" text-anchor="end">\#(HTML.escape(data.format(tick)))</text>"#
        }
        return svg
    }

    static func rounded(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }
}
