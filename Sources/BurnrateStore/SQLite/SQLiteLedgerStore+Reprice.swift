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
                db, sql: "SELECT \(Self.columns) FROM events \(clause.sql)", arguments: Self.arguments(clause.values))
            var changes: [(old: StoredEvent, new: PricedEvent)] = []
            var examined: Int64 = 0
            var oldTotal = Money.zero
            var newTotal = Money.zero
            while let row = try cursor.next() {
                let stored = Self.storedEvent(from: row)
                let repriced = price(stored.priced.event)
                examined += 1
                oldTotal = oldTotal + stored.priced.cost.total
                newTotal = newTotal + repriced.cost.total
                if repriced.pricing != stored.priced.pricing || repriced.event.provider != stored.priced.event.provider {
                    changes.append((stored, repriced))
                }
            }
            let at = Timestamp.now()
            let newlyPriced = Int64(changes.filter { !$0.old.priced.isFullyPriced && $0.new.isFullyPriced }.count)
            try db.execute(
                sql: """
                    INSERT INTO reprice_runs (at, reason, only_unpriced, range_from, range_to, events_examined, events_changed,
                        newly_priced, old_total, new_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    at.microseconds, reason, selection.onlyUnpriced, filter.from?.microseconds,
                    filter.to?.microseconds, examined, changes.count, newlyPriced, oldTotal.nanos, newTotal.nanos,
                ])
            let runID = db.lastInsertedRowID
            var rollups = RollupBatch()
            var writer = try EventRowWriter(db)
            let audit = try db.cachedStatement(
                sql: """
                    INSERT INTO reprice_changes (run_id, event_id, old_price_id, new_price_id, old_total, new_total) VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for (old, new) in changes {
                let cost = new.cost
                try writer.updatePrice(of: new, in: db)
                try audit.execute(arguments: [
                    runID, new.event.id, old.priced.pricing?.priceID, new.pricing?.priceID,
                    old.priced.cost.total.nanos, cost.total.nanos,
                ])
                rollups.add(old.priced, sign: -1)
                rollups.add(new)
            }
            try Self.apply(rollups, in: db)
            try Self.deleteEmptyRows(of: rollups, in: db)
            return RepriceReport(
                id: runID, at: at, reason: reason, onlyUnpriced: selection.onlyUnpriced, from: filter.from,
                to: filter.to, eventsExamined: examined, eventsChanged: Int64(changes.count),
                newlyPriced: newlyPriced,
                oldTotal: oldTotal, newTotal: newTotal)
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
