import BurnrateCore
import Foundation

/// A table of a dashboard page, rendered as HTML (scrolling sideways on narrow screens, each
/// row optionally a link to a drill-down view) and as CSV for download, from the same cells.
struct PageTable: Sendable {
    struct Column: Sendable {
        var title: String
        var numeric = false
    }

    /// One value: `text` for people, `csv` exact for spreadsheets, `link` for a drill-down.
    struct Cell: Sendable {
        var text: String
        var csv: String
        var link: String?

        init(_ text: String, csv: String? = nil, link: String? = nil) {
            self.text = text
            self.csv = csv ?? text
            self.link = link
        }

        /// Money: compact for people, exact in the CSV.
        static func money(_ money: Money) -> Cell { Cell(Figures.compactUSD(money), csv: money.usdString) }

        /// A count: compact for people, exact in the CSV.
        static func count(_ value: Int64) -> Cell { Cell(Figures.compactCount(value), csv: String(value)) }

        /// A share between 0 and 1, as a percentage.
        static func share(_ value: Double) -> Cell {
            Cell(Figures.percent(value * 100), csv: String(format: "%.4f", value))
        }
    }

    /// Unique within the page; the CSV download names the table by it.
    var id: String
    var caption: String
    var columns: [Column]
    var rows: [[Cell]]
    /// Where the CSV of this table downloads from.
    var csvLink: String?
    /// What the table says when it has no rows.
    var empty = "Nothing recorded for this view."

    func html() -> String {
        var html = #"<div class="table-block" id="\#(HTML.escape(id))">"#
        guard !rows.isEmpty else {
            return html + #"<h3>\#(HTML.escape(caption))</h3><p class="empty">\#(HTML.escape(empty))</p></div>"#
        }
        html +=
            #"<div class="table-scroll" tabindex="0" role="region" aria-label="\#(HTML.escape(caption))"><table><caption>\#(HTML.escape(caption))</caption><thead><tr>"#
        for column in columns {
            html += #"<th scope="col"\#(column.numeric ? #" class="num""# : "")>\#(HTML.escape(column.title))</th>"#
        }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                let numeric = index < columns.count && columns[index].numeric
                let content =
                    cell.link.map { #"<a href="\#(HTML.escape($0))">\#(HTML.escape(cell.text))</a>"# } ?? HTML.escape(cell.text)
                if index == 0 {
                    html += #"<th scope="row">\#(content)</th>"#
                } else {
                    html += #"<td\#(numeric ? #" class="num""# : "")>\#(content)</td>"#
                }
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        if let csvLink {
            html +=
                #"<p class="download"><a href="\#(HTML.escape(csvLink))" download>Download CSV<span class="visually-hidden"> of \#(HTML.escape(caption))</span></a></p>"#
        }
        return html + "</div>"
    }

    /// RFC 4180 CSV with a header row and exact values, safe to open in a spreadsheet.
    func csv() -> String {
        var lines = [columns.map { CSVField.escape($0.title) }.joined(separator: ",")]
        for row in rows { lines.append(row.map { CSVField.escape($0.csv) }.joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
