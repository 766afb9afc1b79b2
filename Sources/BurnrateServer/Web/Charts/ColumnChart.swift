import Foundation

/// Columns over categories in SVG, one series stacked per category; columns of a forecast
/// series are hatched so projected months read apart from observed ones.
enum ColumnChart {
    static func svg(_ data: ChartData) -> String {
        let stacked = stackedTotals(data)
        var frameData = data
        frameData.series = [ChartData.Series(name: "total", values: stacked)]
        let frame = ChartFrame(frameData)
        let count = max(data.labels.count, 1)
        let slot = frame.plotWidth / Double(count)
        let width = slot * 0.7
        func center(_ index: Int) -> Double { frame.left + slot * (Double(index) + 0.5) }
        var svg = frame.open().replacingOccurrences(of: "</desc>", with: "</desc>\(hatch(data.id))", options: [], range: nil)
        for index in data.labels.indices {
            var base = 0.0
            for (number, series) in data.series.enumerated() {
                guard index < series.values.count, let value = series.values[index], value > 0 else { continue }
                let top = frame.y(base + value)
                let bottom = frame.y(base)
                let label = "\(data.labels[index]), \(series.name): \(data.format(value))"
                let fill = series.kind == .forecast ? #" fill="url(#\#(data.id)-hatch)""# : ""
                svg +=
                    #"<rect class="column series-\#(number) \#(series.kind.rawValue)"\#(fill) x="\#(ChartFrame.rounded(center(index) - width / 2))" y="\#(ChartFrame.rounded(top))" width="\#(ChartFrame.rounded(width))" height="\#(ChartFrame.rounded(max(bottom - top, 0.5)))"><title>\#(HTML.escape(label))</title></rect>"#
                base += value
            }
        }
        svg += frame.categoryLabels(center: center)
        return svg + "</svg>"
    }

    /// Each category's stacked height.
    static func stackedTotals(_ data: ChartData) -> [Double?] {
        data.labels.indices.map { index in
            data.series.reduce(0.0) { sum, series in sum + (index < series.values.count ? max(series.values[index] ?? 0, 0) : 0) }
        }
    }

    static func hatch(_ id: String) -> String {
        #"<defs><pattern id="\#(id)-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect class="hatch-ground" width="6" height="6"/><line class="hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>"#
    }
}
