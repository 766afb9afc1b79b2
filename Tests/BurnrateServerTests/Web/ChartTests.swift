import Foundation
import Testing

@testable import BurnrateServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ChartTests {
    static func data(
        series: [ChartData.Series], labels: [String]? = nil, band: ChartData.Band? = nil, marked: Set<Int> = []
    ) -> ChartData {
        ChartData(
            id: "c1", title: "Daily cost <all> & more", summary: "Cost per day.",
            labels: labels ?? series[0].values.indices.map { "d\($0)" }, series: series, band: band, marked: marked,
            format: { String(format: "$%.0f", $0) })
    }

    /// The SVG parsed as XML, which also proves it is well formed.
    static func parse(_ svg: String) throws -> XMLElement {
        try #require(try XMLDocument(xmlString: svg).rootElement())
    }

    /// An attribute's value; `attribute(forName:)` misses attributes of namespaced elements on Linux.
    static func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }

    static func elements(_ root: XMLElement, _ name: String) throws -> [XMLElement] {
        try root.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }

    @Test(arguments: [(1234.0, 1250.0), (90, 100), (0, 1), (7, 7.5), (101, 125), (0.035, 0.04), (450, 500)])
    func scalesEndAtARoundNumber(value: Double, top: Double) {
        let scale = ChartScale(covering: value)
        #expect(abs(scale.maximum - top) < 1e-9)
        #expect((4...6).contains(scale.ticks.count) && scale.ticks.first == 0)
        #expect(abs((scale.ticks.last ?? 0) - scale.maximum) < 1e-9)
    }

    @Test func aLineChartIsNamedForScreenReadersAndSplitsAtGaps() throws {
        let chart = Self.data(
            series: [
                ChartData.Series(name: "actual", values: [1, 2, nil, 4, 5]),
                ChartData.Series(name: "forecast", values: [nil, nil, nil, nil, 5], kind: .forecast),
            ], marked: [3])
        let root = try Self.parse(LineChart.svg(chart))
        #expect(Self.attribute(root, "role") == "img")
        #expect(Self.attribute(root, "aria-labelledby") == "c1-title c1-desc")
        #expect(try Self.elements(root, "title").first?.stringValue == "Daily cost <all> & more")
        let lines = try Self.elements(root, "path").filter { Self.attribute($0, "class")?.hasPrefix("line") == true }
        #expect(lines.count == 3)
        #expect(Self.attribute(lines.last, "class") == "line series-1 forecast")
        let marks = try Self.elements(root, "circle").filter { Self.attribute($0, "class") == "mark" }
        #expect(marks.map(\.stringValue) == ["d3: $4"])
    }

    @Test func aBandIsOneClosedShape() throws {
        let chart = Self.data(
            series: [ChartData.Series(name: "forecast", values: [10, 12, 14], kind: .forecast)],
            band: ChartData.Band(name: "80% interval", low: [8, 9, 10], high: [12, 15, 18]))
        let root = try Self.parse(LineChart.svg(chart))
        let band = try #require(try Self.elements(root, "path").first { Self.attribute($0, "class") == "band" })
        let d = try #require(Self.attribute(band, "d"))
        #expect(d.hasSuffix("Z") && d.filter { $0 == "L" }.count == 5)
    }

    @Test func columnsStackAndForecastColumnsAreHatched() throws {
        let chart = Self.data(
            series: [
                ChartData.Series(name: "compute", values: [100, 120, 0]),
                ChartData.Series(name: "llm_api", values: [300, 280, nil]),
                ChartData.Series(name: "forecast", values: [nil, nil, 450], kind: .forecast),
            ], labels: ["Oct", "Nov", "Dec"])
        let root = try Self.parse(ColumnChart.svg(chart))
        let rects = try Self.elements(root, "rect").filter { Self.attribute($0, "class")?.hasPrefix("column") == true }
        #expect(rects.count == 5)
        let forecast = try #require(rects.last)
        #expect(Self.attribute(forecast, "fill") == "url(#c1-hatch)")
        #expect(forecast.stringValue == "Dec, forecast: $450")
        // A stack of 400 on a 0...500 scale (the tallest is 450) reaches at 80% of the plot's height.
        let first = try #require(rects.first { $0.stringValue == "Oct, llm_api: $300" })
        let y = try #require(Double(Self.attribute(first, "y") ?? ""))
        #expect(abs(y - (ChartFrame.top + (ChartFrame.height - ChartFrame.top - ChartFrame.bottom) * 0.2)) < 0.1)
    }

    /// Label sets of the dashboard's charts: 14 days of hours, 30 days, 36 months of ROI, three months.
    static let labelSets: [(labels: [String], period: Int)] = [
        ((0..<336).map { String(format: "2026-11-%02d %02d:00", 9 + $0 / 24, $0 % 24) }, 24),
        ((1...30).map { String(format: "2026-11-%02d", $0) }, 1), ((1...36).map { "M\($0)" }, 1), (["Oct", "Nov", "Dec"], 1),
    ]

    @Test(arguments: labelSets)
    func categoryLabelsKeepApartAndInsideTheChartAtBothTextSizes(labels: [String], period: Int) throws {
        var chart = Self.data(series: [ChartData.Series(name: "cost", values: labels.map { _ in 0.0025 })], labels: labels)
        chart.labelPeriod = period
        let root = try Self.parse(LineChart.svg(chart))
        let drawn = try Self.elements(root, "text").filter { Self.attribute($0, "class")?.hasPrefix("label") == true }.map { text in
            (
                index: try #require(labels.firstIndex(of: text.stringValue ?? "")),
                x: try #require(Double(Self.attribute(text, "x") ?? "")),
                wideOnly: Self.attribute(text, "class") == "label wide-only"
            )
        }
        #expect(drawn.last?.index == labels.count - 1 && drawn.last?.wideOnly == false, "the latest category is labelled")
        if labels.count <= 3 { #expect(drawn.count == labels.count) }
        for (fontSize, shown) in [(ChartText.wideSize, drawn), (ChartText.narrowSize, drawn.filter { !$0.wideOnly })] {
            let extents = shown.map { label in
                let half = ChartText.width(labels[label.index], fontSize: fontSize) / 2
                return (left: label.x - half, right: label.x + half)
            }
            #expect(extents.allSatisfy { $0.left >= 0 && $0.right <= ChartFrame.width })
            #expect(zip(extents, extents.dropFirst()).allSatisfy { $1.left - $0.right >= ChartFrame.labelGap * fontSize })
            let steps = Set(zip(shown, shown.dropFirst()).map { $1.index - $0.index })
            #expect(steps.count <= 1 && steps.allSatisfy { $0 % period == 0 || period % $0 == 0 }, "evenly spaced: \(steps)")
        }
        let ticks = try Self.elements(root, "text").filter { Self.attribute($0, "class") == "tick" }
        for tick in ticks {
            let right = try #require(Double(Self.attribute(tick, "x") ?? ""))
            #expect(right - ChartText.width(tick.stringValue ?? "", fontSize: ChartText.narrowSize) >= 0, "tick inside the chart")
        }
    }

    @Test func theTableHoldsEveryNumberOfTheChart() throws {
        let chart = Self.data(
            series: [ChartData.Series(name: "cost", values: [1, nil, 3])],
            band: ChartData.Band(name: "80%", low: [0, 1, 2], high: [2, 3, 4]))
        let html = ChartTable.html(chart, header: "Day")
        let root = try #require(try XMLDocument(xmlString: html).rootElement())
        let rows = try Self.elements(root, "tr")
        #expect(rows.count == 4)
        #expect(rows[2].stringValue == "d1–$1$3")
        #expect(try Self.elements(root, "caption").first?.stringValue == "Daily cost <all> & more")
    }

    @Test func aGaugeDrawsSpendAgainstTheAmountWithTheProjection() throws {
        let gauge = BudgetGaugeChart(
            id: "g1", title: "Acme monthly", summary: "$600 of $1,000 spent; projected $1,200.", spent: 0.6, projected: 1.2,
            thresholds: [50, 80, 100], tone: .warning)
        let root = try Self.parse(gauge.svg())
        let rects = try Self.elements(root, "rect")
        let track = try #require(Double(Self.attribute(rects[0], "width") ?? ""))
        let bar = try #require(Double(Self.attribute(rects[1], "width") ?? ""))
        #expect(abs(bar / track - 0.6) < 0.01)
        #expect(Self.attribute(rects[1], "class") == "gauge-bar warning")
        #expect(try Self.elements(root, "line").count == 3)
        #expect(try Self.elements(root, "path").count == 1)
    }

    @Test func textIsEscaped() {
        #expect(HTML.escape(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    }
}
