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
        let sql = "SELECT \(Self.columns) FROM events \(clause.sql) ORDER BY ts, id LIMIT \(max(0, limit))"
        let arguments = Self.arguments(clause.values)
        return try await writer.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var events: [StoredEvent] = []
            events.reserveCapacity(min(max(0, limit), 10_000))
            while let row = try rows.next() { events.append(Self.storedEvent(from: row)) }
            return events
        }
    }
}
