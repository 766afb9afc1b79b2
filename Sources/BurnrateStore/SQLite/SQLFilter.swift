import BurnrateCore
import GRDB

/// A SQL `WHERE` clause and its arguments for an `EventFilter`, over the events table or the
/// rollups (whose columns share the events' names; missing dimensions are `''` in rollups).
struct SQLFilter {
    var conditions: [String] = []
    var arguments = StatementArguments()

    /// The clause for events, using the `ts` column in microseconds.
    static func events(_ filter: EventFilter, from: Timestamp?, to: Timestamp?) -> SQLFilter {
        var clause = SQLFilter()
        if let from { clause.add("ts >= ?", [from.microseconds]) }
        if let to { clause.add("ts < ?", [to.microseconds]) }
        clause.addDimensions(filter)
        for (key, values) in filter.tags.sorted(by: { $0.key < $1.key }) {
            let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
            clause.add("json_extract(tags, ?) IN (\(placeholders))", ["$.\"\(key)\""] + values)
        }
        return clause
    }

    /// The clause for hourly rollups between two hour-aligned instants.
    static func rollups(_ filter: EventFilter, fromHour: Int64, toHour: Int64) -> SQLFilter {
        var clause = SQLFilter()
        clause.add("bucket >= ? AND bucket < ?", [fromHour, toHour])
        clause.addDimensions(filter)
        return clause
    }

    private mutating func addDimensions(_ filter: EventFilter) {
        for (dimension, values) in filter.dimensions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !values.isEmpty {
            let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
            add("\(dimension.column) IN (\(placeholders))", values)
        }
    }

    private mutating func add(_ condition: String, _ values: [any DatabaseValueConvertible]) {
        conditions.append(condition)
        arguments += StatementArguments(values)
    }

    /// `WHERE ...`, or an empty string without conditions.
    var sql: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}
