import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func reprice(
        _ selection: RepriceSelection, reason: String,
        using price: @Sendable (UsageEvent) -> PricedEvent
    ) async throws -> RepriceReport {
        // The transaction finishes before this method returns, so `price` does not outlive it.
        try await withoutActuallyEscaping(price) { price in try await repriceInTransaction(selection, reason: reason, using: price) }
    }

    private func repriceInTransaction(
        _ selection: RepriceSelection, reason: String, using price: @escaping @Sendable (UsageEvent) -> PricedEvent
    ) async throws -> RepriceReport {
        try await transaction { connection in
            // Runs take turns: each reads the events it changes and adjusts the rollups by the difference.
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.reprice))", logger: self.logger)
            let filter = selection.filter
            var clause = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: .postgres)
            if selection.onlyUnpriced { clause.add("(price_id_code IS NULL OR unbilled_code IS NOT NULL)", []) }
            let rows = try await connection.query(
                Self.query("SELECT \(PostgresEventRow.selectList) FROM events \(clause.sql)", clause.values), logger: self.logger)
            var fold = RepriceFold()
            for try await row in rows {
                let stored = try PostgresEventRow(row).storedEvent()
                fold.add(stored, repricedAs: price(stored.priced.event))
            }
            let at = Timestamp.now()
            var runID: Int64 = 0
            let inserted = try await connection.query(
                """
                INSERT INTO reprice_runs (at, reason, only_unpriced, range_from, range_to, events_examined, events_changed,
                    newly_priced, old_total, new_total)
                VALUES (\(at.microseconds), \(reason), \(selection.onlyUnpriced), \(filter.from?.microseconds), \(filter.to?.microseconds),
                    \(fold.examined), \(Int64(fold.changes.count)), \(fold.newlyPriced), \(fold.oldTotal.nanos), \(fold.newTotal.nanos))
                RETURNING id
                """, logger: self.logger)
            for try await id in inserted.decode(Int64.self) { runID = id }
            let texts = fold.changes.flatMap { change in
                [change.new.event.provider, change.new.pricing?.priceID, change.new.pricing?.tier, change.new.pricing?.unbilled.storedText]
            }
            try await self.addDictionaryValues(texts, on: connection)
            for (old, new) in fold.changes {
                let cost = new.cost
                try await connection.query(
                    """
                    UPDATE event_rows SET provider = (SELECT id FROM dictionary WHERE value = \(new.event.provider)),
                        price_id = (SELECT id FROM dictionary WHERE value = \(new.pricing?.priceID)),
                        tier = (SELECT id FROM dictionary WHERE value = \(new.pricing?.tier)),
                        long_context = \(new.pricing?.longContext ?? false), cost_input = \(cost.uncachedInput.nanos),
                        cost_cache_read = \(cost.cacheRead.nanos), cost_cache_write = \(cost.cacheWrite.nanos),
                        cost_output = \(cost.output.nanos),
                        unbilled = (SELECT id FROM dictionary WHERE value = \(new.pricing?.unbilled.storedText))
                    WHERE id = \(new.event.id) AND ts = \(new.event.timestamp.microseconds)
                    """, logger: self.logger)
                try await connection.query(
                    """
                    INSERT INTO reprice_changes (run_id, event_id, old_price_id, new_price_id, old_total, new_total)
                    VALUES (\(runID), \(new.event.id), \(old.priced.pricing?.priceID), \(new.pricing?.priceID),
                        \(old.priced.cost.total.nanos), \(cost.total.nanos))
                    """, logger: self.logger)
            }
            try await self.apply(fold.rollups, on: connection)
            try await self.deleteEmptyRows(of: fold.rollups, on: connection)
            return fold.report(id: runID, at: at, reason: reason, selection: selection)
        }
    }

    /// Numbers the strings that have none yet in `dictionary`, as ingest does.
    private func addDictionaryValues(_ values: [String?], on connection: PostgresConnection) async throws {
        let fresh = Array(Set(values.compactMap { $0 })).sorted()
        guard !fresh.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO dictionary (value)
            SELECT value FROM unnest(\(fresh)::text[]) AS fresh (value)
            WHERE NOT EXISTS (SELECT 1 FROM dictionary d WHERE d.value = fresh.value)
            ON CONFLICT (value) DO NOTHING
            """, logger: logger)
    }

    public func repriceHistory(limit: Int) async throws -> [RepriceReport] {
        try await read { connection in
            let rows = try await connection.query(
                """
                SELECT id, at, reason, only_unpriced, range_from, range_to, events_examined, events_changed, newly_priced,
                    old_total, new_total FROM reprice_runs ORDER BY id DESC LIMIT \(limit)
                """, logger: self.logger)
            var reports: [RepriceReport] = []
            for try await row in rows {
                let cells = row.makeRandomAccess()
                reports.append(
                    RepriceReport(
                        id: try cells[0].decode(Int64.self), at: Timestamp(microseconds: try cells[1].decode(Int64.self)),
                        reason: try cells[2].decode(String.self), onlyUnpriced: try cells[3].decode(Bool.self),
                        from: try cells[4].decode(Int64?.self).map(Timestamp.init(microseconds:)),
                        to: try cells[5].decode(Int64?.self).map(Timestamp.init(microseconds:)),
                        eventsExamined: try cells[6].decode(Int64.self), eventsChanged: try cells[7].decode(Int64.self),
                        newlyPriced: try cells[8].decode(Int64.self), oldTotal: Money(nanos: try cells[9].decode(Int64.self)),
                        newTotal: Money(nanos: try cells[10].decode(Int64.self))))
            }
            return reports
        }
    }
}
