import BurnrateCore

/// The `outcomes` table's statements in either dialect: its columns, and the `SELECT`s of the
/// listing and of the sessions' outcomes with the values of their placeholders.
///
/// Lists of values (types, session ids) are bound as one JSON array, so that any number of them
/// takes one placeholder; ids and session ids order byte by byte on both backends.
struct OutcomeQuery {
    static let columns = ["id", "session_id", "type", "success", "value", "ts", "recorded_at"]
    /// The columns an `Outcome` is read from, in order.
    static let selectList = "id, session_id, type, success, value, ts"

    let sql: String
    let values: [SQLValue]

    /// A page of the listing.
    static func page(_ filter: OutcomeFilter, after cursor: OutcomeCursor?, limit: Int, dialect: SQLDialect) -> OutcomeQuery {
        let bytewise = collated(dialect)
        var clause = SQLCondition(dialect)
        if let from = filter.from { clause.add("ts >= #", [.int(from.microseconds)]) }
        if let to = filter.to { clause.add("ts < #", [.int(to.microseconds)]) }
        if !filter.types.isEmpty { clause.add("type IN (\(elements(dialect)))", [list(filter.types)]) }
        if let success = filter.success { clause.add("success = (# = 1)", [.int(success ? 1 : 0)]) }
        if !filter.sessionIDs.isEmpty { clause.add("session_id IN (\(elements(dialect)))", [list(filter.sessionIDs)]) }
        if let cursor {
            // `ts >= #` lets the index bound the scan; the rest skips what was already read.
            let instant = SQLValue.int(cursor.timestamp.microseconds)
            clause.add("ts >= # AND (ts > # OR id\(bytewise) > #)", [instant, instant, .text(cursor.id)])
        }
        return OutcomeQuery(
            sql: "SELECT \(selectList) FROM outcomes \(clause.sql) ORDER BY ts, id\(bytewise) LIMIT \(max(0, limit))",
            values: clause.values)
    }

    /// Every outcome of the sessions, by session, then time and id.
    static func sessions(_ ids: [String], dialect: SQLDialect) -> OutcomeQuery {
        let bytewise = collated(dialect)
        var clause = SQLCondition(dialect)
        clause.add("session_id IN (\(elements(dialect)))", [list(ids)])
        return OutcomeQuery(
            sql: "SELECT \(selectList) FROM outcomes \(clause.sql) ORDER BY session_id\(bytewise), ts, id\(bytewise)",
            values: clause.values)
    }

    /// The text values of a JSON array bound to one placeholder, as a subquery.
    private static func elements(_ dialect: SQLDialect) -> String {
        dialect == .sqlite ? "SELECT value FROM json_each(#)" : "SELECT jsonb_array_elements_text(#::jsonb)"
    }

    private static func list(_ values: [String]) -> SQLValue {
        .text(JSONValue.array(values.map(JSONValue.string)).serialized())
    }

    /// What makes a comparison of text byte by byte: SQLite's default, `COLLATE "C"` in PostgreSQL.
    private static func collated(_ dialect: SQLDialect) -> String {
        dialect == .sqlite ? "" : " COLLATE \"C\""
    }
}
