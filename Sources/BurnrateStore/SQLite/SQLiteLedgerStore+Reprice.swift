import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func reprice(
        _ selection: RepriceSelection, reason: String,
        using price: @Sendable (UsageEvent) -> PricedEvent
    ) async throws -> RepriceReport {
        try await writer.write { db in
            let filter = selection.filter
            var clause = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: .sqlite)
            if selection.onlyUnpriced { clause.add("(price_id_code IS NULL OR unbilled_code IS NOT NULL)", []) }
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT \(EventColumn.selectList) FROM events \(clause.sql)", arguments: Self.arguments(clause.values))
            var fold = RepriceFold()
            while let row = try cursor.next() {
                let stored = try row.storedEvent()
                fold.add(stored, repricedAs: price(stored.priced.event))
            }
            let at = Timestamp.now()
            try db.execute(
                sql: """
                    INSERT INTO reprice_runs (at, reason, only_unpriced, range_from, range_to, events_examined, events_changed,
                        newly_priced, old_total, new_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    at.microseconds, reason, selection.onlyUnpriced, filter.from?.microseconds,
                    filter.to?.microseconds, fold.examined, fold.changes.count, fold.newlyPriced, fold.oldTotal.nanos,
                    fold.newTotal.nanos,
                ])
            let runID = db.lastInsertedRowID
            var writer = try EventRowWriter(db)
            let audit = try db.cachedStatement(
                sql: """
                    INSERT INTO reprice_changes (run_id, event_id, old_price_id, new_price_id, old_total, new_total) VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for (old, new) in fold.changes {
                try writer.updatePrice(of: new, in: db)
                try audit.execute(arguments: [
                    runID, new.event.id, old.priced.pricing?.priceID, new.pricing?.priceID,
                    old.priced.cost.total.nanos, new.cost.total.nanos,
                ])
            }
            try Self.apply(fold.rollups, in: db)
            try Self.deleteEmptyRows(of: fold.rollups, in: db)
            return fold.report(id: runID, at: at, reason: reason, selection: selection)
        }
    }

    public func repriceHistory(limit: Int) async throws -> [RepriceReport] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, at, reason, only_unpriced, range_from, range_to, events_examined, events_changed, newly_priced,
                        old_total, new_total FROM reprice_runs ORDER BY id DESC LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                RepriceReport(
                    id: row[0], at: Timestamp(microseconds: row[1]), reason: row[2], onlyUnpriced: row[3],
                    from: (row[4] as Int64?).map(Timestamp.init(microseconds:)),
                    to: (row[5] as Int64?).map(Timestamp.init(microseconds:)),
                    eventsExamined: row[6], eventsChanged: row[7], newlyPriced: row[8],
                    oldTotal: Money(nanos: row[9]), newTotal: Money(nanos: row[10]))
            }
        }
    }
}
