/// Lines over categories in SVG: observed series solid, forecast series dashed, an optional
/// shaded band (a prediction interval) and marked points (anomalies).
enum LineChart {
    static func svg(_ data: ChartData) -> String {
        let frame = ChartFrame(data)
        let count = data.labels.count
        let step = count > 1 ? frame.plotWidth / Double(count - 1) : 0
        func x(_ index: Int) -> Double { frame.left + (count > 1 ? Double(index) * step : frame.plotWidth / 2) }
        var svg = frame.open()
        if let band = data.band {
            let upper = band.high.indices.compactMap { index in band.high[index].map { (x(index), frame.y($0)) } }
            let lower = band.low.indices.reversed().compactMap { index in band.low[index].map { (x(index), frame.y($0)) } }
            if !upper.isEmpty, !lower.isEmpty {
                svg += #"<path class="band" d="\#(path(upper + lower))Z"><title>\#(HTML.escape(band.name))</title></path>"#
            }
        }
        for (number, series) in data.series.enumerated() {
            // Each unbroken run of values is one path, so gaps stay gaps.
            var run: [(Double, Double)] = []
            var runs: [[(Double, Double)]] = []
            for (index, value) in series.values.enumerated() {
                if let value {
                    run.append((x(index), frame.y(value)))
                } else if !run.isEmpty {
                    runs.append(run)
                    run = []
                }
            }
            if !run.isEmpty { runs.append(run) }
            for points in runs {
                svg += #"<path class="line series-\#(number) \#(series.kind.rawValue)" d="\#(path(points))"/>"#
                if points.count == 1 {
                    svg += #"<circle class="dot series-\#(number)" cx="\#(points[0].0)" cy="\#(points[0].1)" r="3"/>"#
                }
            }
        }
        if let first = data.series.first {
            for index in data.marked.sorted() where index < first.values.count {
                guard let value = first.values[index] else { continue }
                let label = "\(data.labels[index]): \(data.format(value))"
                svg +=
                    #"<circle class="mark" cx="\#(ChartFrame.rounded(x(index)))" cy="\#(ChartFrame.rounded(frame.y(value)))" r="5"><title>\#(HTML.escape(label))</title></circle>"#
            }
        }
        svg += frame.categoryLabels(center: x)
        return svg + "</svg>"
    }

    static func path(_ points: [(Double, Double)]) -> String {
        points.enumerated().map { index, point in
            "\(index == 0 ? "M" : "L")\(ChartFrame.rounded(point.0)) \(ChartFrame.rounded(point.1))"
        }.joined(separator: " ")
    }
}
