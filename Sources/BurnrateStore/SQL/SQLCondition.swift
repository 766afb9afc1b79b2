import BurnrateCore

/// A `WHERE` clause and the values of its placeholders for an `EventFilter`, over the events
/// table or the rollups (whose columns share the events' names; a missing dimension is `''` in
/// rollups and `NULL` in events).
struct SQLCondition {
    let dialect: SQLDialect
    /// How many placeholders the statement has before this clause's.
    let placeholdersBefore: Int
    private(set) var conditions: [String] = []
    private(set) var values: [SQLValue] = []

    init(_ dialect: SQLDialect, placeholdersBefore: Int = 0) {
        self.dialect = dialect
        self.placeholdersBefore = placeholdersBefore
    }

    /// The clause for raw events between two instants (`ts` in microseconds). Without
    /// `filtersUseIndexes`, SQLite does not read the events through the index of a filtered column
    /// (`+column`), for a caller whose own condition has a smaller index.
    static func events(
        _ filter: EventFilter, from: Timestamp?, to: Timestamp?, dialect: SQLDialect, placeholdersBefore: Int = 0,
        filtersUseIndexes: Bool = true
    ) -> SQLCondition {
        let unindexed = !filtersUseIndexes && dialect == .sqlite ? "+" : ""
        var clause = SQLCondition(dialect, placeholdersBefore: placeholdersBefore)
        if let from { clause.add("ts >= #", [.int(from.microseconds)]) }
        if let to { clause.add("ts < #", [.int(to.microseconds)]) }
        // Events keep the number of their tag set and of each value (see `CompactEvents` and
        // `PostgresCompactEvents`), which an index on the number finds.
        for (key, values) in filter.tags.sorted(by: { $0.key < $1.key }) where !values.isEmpty {
            let numbers = "SELECT id FROM tag_sets WHERE \(dialect.tagValue(of: "tags", path: "#")) IN (\(Self.list(values.count)))"
            clause.add(dialect.code(unindexed + "tags_code", in: numbers), [dialect.tagPath(key)] + values.map(SQLValue.text))
        }
        for (dimension, values) in filter.dimensions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !values.isEmpty {
            let numbers = "SELECT id FROM dictionary WHERE value IN (\(Self.list(values.count)))"
            clause.add(dialect.code("\(unindexed)\(dimension.column)_code", in: numbers), values.map(SQLValue.text))
        }
        return clause
    }

    /// The clause for the rows of one rollup between two instants aligned on its grain; a tagged
    /// rollup's rows of the filter's one tag key.
    static func rollup(
        _ rollup: Rollup, _ filter: EventFilter, from: Timestamp?, to: Timestamp?, dialect: SQLDialect, placeholdersBefore: Int
    ) -> SQLCondition {
        var clause = SQLCondition(dialect, placeholdersBefore: placeholdersBefore)
        clause.add("rollup = #", [.int(Int64(rollup.id))])
        if let from { clause.add("bucket >= #", [.int(from.microseconds / 1_000_000)]) }
        if let to { clause.add("bucket < #", [.int(to.microseconds / 1_000_000)]) }
        for (dimension, values) in filter.dimensions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !values.isEmpty {
            clause.add("\(dimension.column) IN (\(Self.list(values.count)))", values.map(SQLValue.text))
        }
        if rollup.tagged {
            for (key, values) in filter.tags.sorted(by: { $0.key < $1.key }) where !values.isEmpty {
                clause.add("tag_key = # AND tag_value IN (\(Self.list(values.count)))", [.text(key)] + values.map(SQLValue.text))
            }
        }
        return clause
    }

    /// Adds a condition whose `#` marks stand for `values`, in order.
    mutating func add(_ condition: String, _ values: [SQLValue]) {
        var text = ""
        var number = placeholdersBefore + self.values.count
        for character in condition {
            if character == "#" {
                number += 1
                text += dialect.placeholder(number)
            } else {
                text.append(character)
            }
        }
        conditions.append(text)
        self.values += values
    }

    /// Adds a condition whose placeholders are written already, numbered from 1: `values` are
    /// theirs. It must be the clause's first, so that its values come first in either dialect.
    mutating func add(raw condition: String, _ values: [SQLValue]) {
        conditions.append(condition)
        self.values += values
    }

    private static func list(_ count: Int) -> String {
        Array(repeating: "#", count: count).joined(separator: ", ")
    }

    /// `WHERE ...`, or an empty string without conditions.
    var sql: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}
