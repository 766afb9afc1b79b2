/// Reads a CSV of non-token costs, all or nothing, in either of two formats told apart by the
/// header:
///
/// - FinOps FOCUS 1.x, as cloud billing exports write it (`BilledCost`, `EffectiveCost`,
///   `ChargePeriodStart`, `ChargePeriodEnd`, `ServiceName`, `ServiceCategory`, `ResourceId`,
///   `ProviderName`, `Tags`, ...);
/// - a simple CSV whose header uses the API's field names (`category`, `service`, `amount_usd`,
///   `period_start`, ...; see `simpleColumns`).
///
/// Every problem of every row is reported with its line and column; one bad row rejects the file.
/// Rows without an id get one derived from their content, so importing a file twice stores it once.
public enum CostImport {
    /// The two formats an import can have.
    public enum Format: String, Sendable, Hashable {
        case focus, simple
    }

    /// The columns of the simple format; `category`, `service`, `amount_usd` and `period_start`
    /// are required, and tags may also come as one `tag.KEY` column each.
    public static let simpleColumns = [
        "id", "category", "service", "resource", "provider", "amount_usd", "billed_cost_usd", "period_start", "period_end",
        "recurrence", "tenant", "user", "feature", "team", "environment", "allocate_by", "allocation_basis", "tags",
    ]

    static let requiredSimpleColumns: Set<String> = ["category", "service", "amount_usd", "period_start"]

    /// Parses a whole file; see `parse(_:now:)` for text.
    public static func parse(_ bytes: [UInt8], now: Timestamp) throws(CostImportError) -> [CostItem] {
        try parse(String(decoding: bytes, as: UTF8.self), now: now)
    }

    /// Parses and validates every row; throws every problem found.
    public static func parse(_ text: String, now: Timestamp) throws(CostImportError) -> [CostItem] {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        } catch {
            throw .invalid([FieldIssue(message: "a quoted field is never closed", line: error.line)])
        }
        guard let header = records.first else { throw .empty }
        let columns = header.fields.map { $0.trimmingWhitespace() }
        let rows = Array(records.dropFirst())
        guard let format = format(of: columns) else { throw .unrecognizedHeader(columns: columns) }
        guard !rows.isEmpty else { throw .empty }
        switch format {
        case .focus: return try FocusImport(columns: columns).items(rows, now: now)
        case .simple: return try simpleItems(columns: columns, rows: rows, now: now)
        }
    }

    /// The format a header names: FOCUS when it has a FOCUS cost column, simple when it has
    /// `amount_usd`, `nil` otherwise.
    public static func format(of columns: [String]) -> Format? {
        let names = Set(columns.map { $0.lowercased() })
        if names.contains("billedcost") || names.contains("effectivecost") { return .focus }
        if names.contains("amount_usd") { return .simple }
        return nil
    }

    private static func simpleItems(columns: [String], rows: [CSVReader.Record], now: Timestamp) throws(CostImportError) -> [CostItem] {
        var issues: [FieldIssue] = []
        for column in columns where !simpleColumns.contains(column) && !(column.hasPrefix("tag.") && column.count > 4) {
            issues.append(
                FieldIssue(
                    field: column, message: "is not a known column (known: \(simpleColumns.joined(separator: ", ")), tag.KEY)", line: 1))
        }
        for column in requiredSimpleColumns.subtracting(columns).sorted() {
            issues.append(FieldIssue(field: column, message: "the header has no \(column) column, which is required", line: 1))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        var items: [CostItem] = []
        var seen: [String: Int] = [:]
        for record in rows {
            guard record.fields.count == columns.count else {
                issues.append(
                    FieldIssue(message: "has \(record.fields.count) columns; the header has \(columns.count)", line: record.line))
                continue
            }
            var reader = ObjectReader(simpleNode(columns: columns, record: record, issues: &issues))
            if let decoded = CostItemDecoder.readItem(&reader, rates: nil, now: now, source: "csv") {
                var item = decoded.item
                if item.id.isEmpty { item.id = CostText.derivedID(prefix: "csv", content: record.fields, seen: &seen) }
                items.append(item)
            }
            issues.append(contentsOf: reader.issues)
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return items
    }

    /// A simple-CSV row as the JSON object the API would take, so that one validation serves both.
    private static func simpleNode(columns: [String], record: CSVReader.Record, issues: inout [FieldIssue]) -> JSONNode {
        var members: [JSONMember] = []
        var tags: [JSONMember] = []
        for (name, value) in zip(columns, record.fields) where !value.trimmingWhitespace().isEmpty {
            let cell = { (value: JSONValue) in JSONNode(value, line: record.line) }
            if name.hasPrefix("tag.") {
                tags.append(JSONMember(key: String(name.dropFirst(4)), node: cell(.string(value))))
            } else if name == "tags" {
                guard let object = (try? JSONParser.parse(value))?.members else {
                    issues.append(
                        FieldIssue(field: "tags", message: "must be a JSON object such as {\"region\":\"eu\"}", line: record.line))
                    continue
                }
                tags.append(contentsOf: object.map { JSONMember(key: $0.key, node: cell($0.node.value)) })
            } else {
                members.append(JSONMember(key: name, node: cell(.string(value.trimmingWhitespace()))))
            }
        }
        if !tags.isEmpty { members.append(JSONMember(key: "tags", node: JSONNode(.object(tags), line: record.line))) }
        return JSONNode(.object(members), line: record.line)
    }
}

/// Why a cost file was refused; nothing of it was stored.
public enum CostImportError: Error, Sendable, Hashable {
    /// The file holds no rows.
    case empty
    /// The header is neither FOCUS nor the simple format.
    case unrecognizedHeader(columns: [String])
    /// Rows with problems, each with its line and column.
    case invalid([FieldIssue])

    /// What went wrong, in one paragraph a person can act on.
    public var summary: String {
        switch self {
        case .empty:
            "The file holds no cost rows below its header."
        case .unrecognizedHeader(let columns):
            "The header (\(columns.prefix(8).joined(separator: ", "))) is neither FOCUS (BilledCost or EffectiveCost, ChargePeriodStart, ChargePeriodEnd, ServiceName, ...) nor the simple format (category, service, amount_usd, period_start, ...)."
        case .invalid(let issues):
            "\(issues.count) problem\(issues.count == 1 ? "" : "s") in \(Set(issues.compactMap(\.line)).count) line\(Set(issues.compactMap(\.line)).count == 1 ? "" : "s"); nothing was imported."
        }
    }
}
