import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func events(_ filter: EventFilter, after cursor: EventCursor?, limit: Int) async throws -> [StoredEvent] {
        var clause = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: .postgres)
        if let cursor {
            // Ids compare byte by byte (`COLLATE "C"`), as in SQLite, whatever the database's collation.
            let instant = SQLValue.int(cursor.timestamp.microseconds)
            clause.add("ts >= # AND (ts > # OR id COLLATE \"C\" > #)", [instant, instant, .text(cursor.id)])
        }
        let sql = "SELECT \(PostgresEventRow.selectList) FROM events \(clause.sql) ORDER BY ts, id COLLATE \"C\" LIMIT \(max(0, limit))"
        return try await fetchEvents(sql, clause.values)
    }

    public func latestEvents(_ filter: EventFilter, limit: Int) async throws -> [StoredEvent] {
        guard let filter = try await narrowedToLatest(filter, limit: limit) else { return [] }
        let clause = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: .postgres)
        let sql =
            "SELECT \(PostgresEventRow.selectList) FROM events \(clause.sql) ORDER BY ts DESC, id COLLATE \"C\" DESC LIMIT \(max(0, limit))"
        return try await fetchEvents(sql, clause.values)
    }

    /// The events a `SELECT` of `PostgresEventRow.selectList` returns, in its order.
    private func fetchEvents(_ sql: String, _ values: [SQLValue]) async throws -> [StoredEvent] {
        let query = Self.query(sql, values)
        return try await read { connection in
            var events: [StoredEvent] = []
            for try await row in try await connection.query(query, logger: self.logger) {
                events.append(try PostgresEventRow(row).storedEvent())
            }
            return events
        }
    }
}
