/// The drawing area shared by Burnrate's charts: a fixed view box that scales to its container,
/// a value axis on the left with gridlines, and category labels below, thinned to fit.
struct ChartFrame: Sendable {
    static let width = 640.0
    static let height = 220.0
    static let left = 64.0
    static let right = 12.0
    static let top = 12.0
    static let bottom = 32.0

    let data: ChartData
    let scale: ChartScale

    init(_ data: ChartData) {
        self.data = data
        scale = ChartScale(covering: data.maximum)
    }

    var plotWidth: Double { Self.width - Self.left - Self.right }
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
            svg += #"<line class="grid" x1="\#(Self.left)" x2="\#(Self.width - Self.right)" y1="\#(y)" y2="\#(y)"/>"#
            svg +=
                #"<text class="tick" x="\#(Self.left - 6)" y="\#(Self.rounded(y + 4))" text-anchor="end">\#(HTML.escape(data.format(tick)))</text>"#
        }
        return svg
    }

    /// Category labels under the plot, at most about eight so that they never overlap.
    func categoryLabels(center: (Int) -> Double) -> String {
        let count = data.labels.count
        guard count > 0 else { return "" }
        let every = max(1, Int((Double(count) / 8).rounded(.up)))
        var svg = ""
        for (index, label) in data.labels.enumerated()
        where index % every == 0 || (index == count - 1 && index % every >= (every + 1) / 2) {
            svg +=
                #"<text class="label" x="\#(Self.rounded(center(index)))" y="\#(Self.height - 10)" text-anchor="middle">\#(HTML.escape(label))</text>"#
        }
        return svg
    }

    static func rounded(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }
}
