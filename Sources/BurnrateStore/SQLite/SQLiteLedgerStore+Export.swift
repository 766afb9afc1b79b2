import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func events(_ filter: EventFilter, after cursor: EventCursor?, limit: Int) async throws -> [StoredEvent] {
        var clause = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: .sqlite)
        if let cursor {
            // `ts >= #` lets the time index bound the scan; the rest skips what was already read.
            let instant = SQLValue.int(cursor.timestamp.microseconds)
            clause.add("ts >= # AND (ts > # OR id > #)", [instant, instant, .text(cursor.id)])
        }
        let sql = "SELECT \(EventColumn.selectList) FROM events \(clause.sql) ORDER BY ts, id LIMIT \(max(0, limit))"
        return try await fetchEvents(sql, clause.values, limit: limit)
    }

    public func latestEvents(_ filter: EventFilter, limit: Int) async throws -> [StoredEvent] {
        guard let filter = try await narrowedToLatest(filter, limit: limit) else { return [] }
        let clause = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: .sqlite)
        let sql = "SELECT \(EventColumn.selectList) FROM events \(clause.sql) ORDER BY ts DESC, id DESC LIMIT \(max(0, limit))"
        return try await fetchEvents(sql, clause.values, limit: limit)
    }

    /// The events a `SELECT` of `columns` returns, in its order; `limit` is its `LIMIT`.
    private func fetchEvents(_ sql: String, _ values: [SQLValue], limit: Int) async throws -> [StoredEvent] {
        let arguments = Self.arguments(values)
        return try await writer.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var events: [StoredEvent] = []
            events.reserveCapacity(min(max(0, limit), 10_000))
            while let row = try rows.next() { events.append(try row.storedEvent()) }
            return events
        }
    }
}
