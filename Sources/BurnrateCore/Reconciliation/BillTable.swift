/// A bill CSV read into rows addressed by column name, collecting every problem with its line and
/// column so that one pass reports them all.
struct BillTable {
    /// Lower-case, trimmed column names, in file order.
    let columns: [String]
    let rows: [CSVReader.Record]
    private let indexByName: [String: Int]
    private(set) var issues: [FieldIssue] = []

    init(records: [CSVReader.Record]) {
        var header = records.first?.fields ?? []
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        columns = header.map { $0.trimmingWhitespace().lowercased() }
        rows = Array(records.dropFirst())
        var index: [String: Int] = [:]
        for (offset, name) in columns.enumerated() where index[name] == nil { index[name] = offset }
        indexByName = index
    }

    /// Whether the header has every one of `names`.
    func has(_ names: String...) -> Bool { names.allSatisfy { indexByName[$0] != nil } }

    /// Whether the header has `name`.
    func has(column name: String) -> Bool { indexByName[name] != nil }

    /// Reports rows whose column count differs from the header's; returns the rows that match.
    mutating func wellFormedRows() -> [CSVReader.Record] {
        rows.filter { row in
            guard row.fields.count == columns.count else {
                issues.append(FieldIssue(message: "has \(row.fields.count) columns; the header has \(columns.count)", line: row.line))
                return false
            }
            return true
        }
    }

    /// The trimmed cell of `column` in `row`; empty when the file has no such column.
    func cell(_ row: CSVReader.Record, _ column: String) -> String {
        guard let index = indexByName[column], index < row.fields.count else { return "" }
        return row.fields[index].trimmingWhitespace()
    }

    /// Records a problem with one cell.
    mutating func report(_ row: CSVReader.Record, _ column: String, _ message: String) {
        issues.append(FieldIssue(field: column, message: message, line: row.line))
    }

    /// A required UTC date `YYYY-MM-DD`.
    mutating func day(_ row: CSVReader.Record, _ column: String) -> UTCDay? {
        let text = cell(row, column)
        guard let day = UTCDay(text) else {
            report(row, column, text.isEmpty ? "is empty; expected a date YYYY-MM-DD" : "must be a date YYYY-MM-DD (got \(text))")
            return nil
        }
        return day
    }

    /// A required dollar amount.
    mutating func amount(_ row: CSVReader.Record, _ column: String) -> Money? {
        let text = cell(row, column)
        guard let amount = BillNumber.usd(text) else {
            report(
                row, column, text.isEmpty ? "is empty; expected an amount in USD" : "must be an amount in USD such as 12.34 (got \(text))")
            return nil
        }
        return amount
    }

    /// An optional whole count: `0` when the cell is empty, `nil` (and a problem) when invalid.
    mutating func count(_ row: CSVReader.Record, _ column: String) -> Int64? {
        let text = cell(row, column)
        if text.isEmpty { return 0 }
        guard let value = BillNumber.count(text) else {
            report(row, column, "must be a whole number from 0 to \(BillNumber.maximumCount) (got \(text))")
            return nil
        }
        return value
    }
}
