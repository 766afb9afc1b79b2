/// A chart's numbers as an HTML table, one row per category and a column per series (and the
/// band's bounds), under a collapsed "Table" disclosure beside the chart.
enum ChartTable {
    static func html(_ data: ChartData, header: String = "") -> String {
        var columns = data.series.map(\.name)
        if let band = data.band { columns += ["\(band.name) low", "\(band.name) high"] }
        var html =
            #"<details class="chart-table"><summary>Table</summary><table><caption>\#(HTML.escape(data.title))</caption><thead><tr><th scope="col">\#(HTML.escape(header))</th>"#
        for column in columns { html += #"<th scope="col" class="num">\#(HTML.escape(column))</th>"# }
        html += "</tr></thead><tbody>"
        for (index, label) in data.labels.enumerated() {
            html += #"<tr><th scope="row">\#(HTML.escape(label))</th>"#
            var values = data.series.map { index < $0.values.count ? $0.values[index] : nil }
            if let band = data.band {
                values += [index < band.low.count ? band.low[index] : nil, index < band.high.count ? band.high[index] : nil]
            }
            for value in values { html += #"<td class="num">\#(value.map { HTML.escape(data.format($0)) } ?? "–")</td>"# }
            html += "</tr>"
        }
        return html + "</tbody></table></details>"
    }
}
