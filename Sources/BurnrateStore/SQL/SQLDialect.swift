/// The differences between the SQL the backends speak, as far as the shared queries need them.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// The placeholder for the `number`th value (1-based).
    func placeholder(_ number: Int) -> String {
        self == .sqlite ? "?" : "$\(number)"
    }

    /// The value bound for the tag `key` in `tagValue(of:path:)`: a JSON path in SQLite, the key
    /// itself in PostgreSQL.
    func tagPath(_ key: String) -> SQLValue {
        self == .sqlite ? .text("$.\"\(key)\"") : .text(key)
    }

    /// A condition that `column` (a number of the `events` view) is one of the numbers `numbers`
    /// selects (`SELECT id FROM dictionary WHERE ...`). PostgreSQL reads the numbers first (an
    /// init plan), so that it plans the scan with the column's statistics; as a semi-join it
    /// guesses the match count and may scan a month to find one user's few events.
    func code(_ column: String, in numbers: String) -> String {
        self == .sqlite ? "\(column) IN (\(numbers))" : "\(column) = ANY(ARRAY(\(numbers)))"
    }

    /// The text value of a tag in the JSON object `json`, the tag named by the placeholder `path`.
    func tagValue(of json: String, path: String) -> String {
        self == .sqlite ? "json_extract(\(json), \(path))" : "\(json) ->> \(path)"
    }
}

/// A value bound to a placeholder.
enum SQLValue: Sendable, Hashable {
    case int(Int64)
    case text(String)
}
