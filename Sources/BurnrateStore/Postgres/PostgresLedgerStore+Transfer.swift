import BurnrateCore
import NIOCore
import PostgresNIO

extension PostgresLedgerStore: LedgerTransfer {
    public func exportEvents(after cursor: EventCursor?, limit: Int) async throws -> [StoredEvent] {
        // Ids compare byte by byte (`COLLATE "C"`), as in SQLite, whatever the database's collation.
        let query: PostgresQuery =
            if let cursor {
                """
                SELECT \(unescaped: PostgresEventRow.selectList) FROM events
                WHERE ts >= \(cursor.timestamp.microseconds)
                    AND (ts > \(cursor.timestamp.microseconds) OR id COLLATE "C" > \(cursor.id))
                ORDER BY ts, id COLLATE "C" LIMIT \(limit)
                """
            } else {
                "SELECT \(unescaped: PostgresEventRow.selectList) FROM events ORDER BY ts, id COLLATE \"C\" LIMIT \(limit)"
            }
        return try await read { connection in
            var events: [StoredEvent] = []
            events.reserveCapacity(limit)
            for try await row in try await connection.query(query, logger: self.logger) {
                events.append(try PostgresEventRow(row).storedEvent())
            }
            return events
        }
    }

    public func importEvents(_ events: [StoredEvent], checkpoint: TransferCheckpoint) async throws -> Int {
        var unique: [StoredEvent] = []
        var seen: Set<String> = []
        for stored in events where seen.insert(stored.priced.event.id).inserted { unique.append(stored) }
        return try await importUnique(unique, checkpoint: checkpoint)
    }

    /// The ingest path (`COPY` into the staging table, then one insert guarded by `event_ids`),
    /// with each event's own arrival time and the checkpoint in the same transaction.
    private func importUnique(_ events: [StoredEvent], checkpoint: TransferCheckpoint) async throws -> Int {
        let inserted = try await transaction(writingEventsAt: events.map(\.priced.event.timestamp)) { connection in
            let inserted = try await self.insert(events, on: connection)
            try await connection.query(
                """
                INSERT INTO transfer_checkpoints (source, last_event_id, events_copied, updated_at)
                VALUES (\(checkpoint.source), \(checkpoint.lastEventID), \(checkpoint.eventsCopied), \(checkpoint.updatedAt.microseconds))
                ON CONFLICT (source) DO UPDATE SET last_event_id = excluded.last_event_id,
                    events_copied = excluded.events_copied, updated_at = excluded.updated_at
                """, logger: self.logger)
            return inserted
        }
        dictionary.remember(inserted.codes)
        return inserted.ids.count
    }

    public func transferCheckpoint(source: String) async throws -> TransferCheckpoint? {
        try await read { connection in
            let rows = try await connection.query(
                "SELECT source, last_event_id, events_copied, updated_at FROM transfer_checkpoints WHERE source = \(source)",
                logger: self.logger)
            for try await (source, lastEventID, copied, updatedAt) in rows.decode((String, String, Int64, Int64).self) {
                return TransferCheckpoint(
                    source: source, lastEventID: lastEventID, eventsCopied: copied, updatedAt: Timestamp(microseconds: updatedAt))
            }
            return nil
        }
    }

    public func eventDigest() async throws -> EventDigest {
        try await read { connection in
            let sums = SQLiteLedgerStore.digestSums.map { "COALESCE(sum(\($0)), 0)::int8" }.joined(separator: ", ")
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*)::int8, (count(*) - count(price_id))::int8, \(sums) FROM events"),
                logger: self.logger)
            var digest = EventDigest()
            for try await row in rows {
                let cells = row.makeRandomAccess()
                func int(_ index: Int) throws -> Int64 { try cells[index].decode(Int64.self) }
                digest.events = try int(0)
                digest.unpricedEvents = try int(1)
                digest.usage = TokenUsage(
                    inputTokens: try int(2), outputTokens: try int(3), cacheReadTokens: try int(4), cacheWriteTokens: try int(5),
                    cacheWrite1hTokens: try int(6), reasoningTokens: try int(7))
                digest.cost = CostBreakdown(
                    uncachedInput: Money(nanos: try int(8)), cacheRead: Money(nanos: try int(9)), cacheWrite: Money(nanos: try int(10)),
                    output: Money(nanos: try int(11)))
                digest.storedTotal = Money(nanos: try int(12))
            }
            return digest
        }
    }

    public func exportPriceOverrides() async throws -> [PriceOverrideRecord] {
        try await read { connection in
            let rows = try await connection.query(
                """
                SELECT provider, model, effective_from, document, updated_at FROM price_overrides
                ORDER BY provider COLLATE "C", model COLLATE "C", effective_from COLLATE "C"
                """, logger: self.logger)
            var records: [PriceOverrideRecord] = []
            for try await (provider, model, from, document, updatedAt) in rows.decode((String, String, String, String, Int64).self) {
                records.append(
                    PriceOverrideRecord(
                        provider: provider, model: model, effectiveFrom: from, document: document,
                        updatedAt: Timestamp(microseconds: updatedAt)))
            }
            return records
        }
    }

    public func importPriceOverrides(_ records: [PriceOverrideRecord]) async throws {
        guard !records.isEmpty else { return }
        try await transaction { connection in
            // Saves take turns, so that the revision only grows in commit order.
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.priceOverrides))", logger: self.logger)
            for record in records {
                try await connection.query(
                    """
                    INSERT INTO price_overrides (provider, model, effective_from, document, updated_at, revision)
                    VALUES (\(record.provider), \(record.model), \(record.effectiveFrom), \(record.document), \(record.updatedAt.microseconds),
                        (SELECT COALESCE(MAX(revision), 0) + 1 FROM price_overrides))
                    ON CONFLICT (provider, model, effective_from) DO UPDATE SET
                        document = excluded.document, updated_at = excluded.updated_at, revision = excluded.revision
                    WHERE price_overrides.document IS DISTINCT FROM excluded.document
                        OR price_overrides.updated_at IS DISTINCT FROM excluded.updated_at
                    """, logger: self.logger)
            }
        }
    }

    public func repriceRunIDs() async throws -> [Int64] {
        try await read { connection in
            var ids: [Int64] = []
            let rows = try await connection.query("SELECT id FROM reprice_runs ORDER BY id", logger: self.logger)
            for try await id in rows.decode(Int64.self) { ids.append(id) }
            return ids
        }
    }

    public func exportRepriceRun(id: Int64) async throws -> RepriceRunRecord? {
        // A run and its changes were committed together: when the run is there, so are they.
        try await read { connection in
            guard let report = try await self.repriceReport(id: id, on: connection) else { return nil }
            let rows = try await connection.query(
                """
                SELECT event_id, old_price_id, new_price_id, old_total, new_total FROM reprice_changes
                WHERE run_id = \(id) ORDER BY event_id COLLATE "C"
                """, logger: self.logger)
            var changes: [RepriceChange] = []
            for try await (event, old, new, oldTotal, newTotal) in rows.decode((String, String?, String?, Int64, Int64).self) {
                changes.append(
                    RepriceChange(
                        eventID: event, oldPriceID: old, newPriceID: new, oldTotal: Money(nanos: oldTotal),
                        newTotal: Money(nanos: newTotal)))
            }
            return RepriceRunRecord(report: report, changes: changes)
        }
    }

    private func repriceReport(id: Int64, on connection: PostgresConnection) async throws -> RepriceReport? {
        let rows = try await connection.query(
            """
            SELECT id, at, reason, only_unpriced, range_from, range_to, events_examined, events_changed, newly_priced,
                old_total, new_total FROM reprice_runs WHERE id = \(id)
            """, logger: logger)
        for try await row in rows {
            let cells = row.makeRandomAccess()
            return RepriceReport(
                id: try cells[0].decode(Int64.self), at: Timestamp(microseconds: try cells[1].decode(Int64.self)),
                reason: try cells[2].decode(String.self), onlyUnpriced: try cells[3].decode(Bool.self),
                from: try cells[4].decode(Int64?.self).map(Timestamp.init(microseconds:)),
                to: try cells[5].decode(Int64?.self).map(Timestamp.init(microseconds:)),
                eventsExamined: try cells[6].decode(Int64.self), eventsChanged: try cells[7].decode(Int64.self),
                newlyPriced: try cells[8].decode(Int64.self), oldTotal: Money(nanos: try cells[9].decode(Int64.self)),
                newTotal: Money(nanos: try cells[10].decode(Int64.self)))
        }
        return nil
    }

    public func importRepriceRun(_ run: RepriceRunRecord) async throws -> Bool {
        let report = run.report
        return try await transaction { connection in
            // Runs take turns with `reprice`, whose ids come from the same sequence.
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.reprice))", logger: self.logger)
            let inserted = try await connection.query(
                """
                INSERT INTO reprice_runs (id, at, reason, only_unpriced, range_from, range_to, events_examined, events_changed,
                    newly_priced, old_total, new_total)
                VALUES (\(report.id), \(report.at.microseconds), \(report.reason), \(report.onlyUnpriced), \(report.from?.microseconds),
                    \(report.to?.microseconds), \(report.eventsExamined), \(report.eventsChanged), \(report.newlyPriced),
                    \(report.oldTotal.nanos), \(report.newTotal.nanos))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: self.logger)
            var isNew = false
            for try await _ in inserted { isNew = true }
            guard isNew else { return false }
            // Optional ids travel as a value and a flag: arrays of NULLs do not bind.
            for start in stride(from: 0, to: run.changes.count, by: 10_000) {
                let changes = run.changes[start..<min(start + 10_000, run.changes.count)]
                var bindings = PostgresBindings(capacity: 7)
                bindings.append(changes.map(\.eventID))
                bindings.append(changes.map { $0.oldPriceID ?? "" })
                bindings.append(changes.map { $0.oldPriceID != nil })
                bindings.append(changes.map { $0.newPriceID ?? "" })
                bindings.append(changes.map { $0.newPriceID != nil })
                bindings.append(changes.map(\.oldTotal.nanos))
                bindings.append(changes.map(\.newTotal.nanos))
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO reprice_changes (run_id, event_id, old_price_id, new_price_id, old_total, new_total)
                            SELECT \(report.id), event_id, CASE WHEN has_old THEN old_price_id END,
                                CASE WHEN has_new THEN new_price_id END, old_total, new_total
                            FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::bool[], $6::int8[], $7::int8[])
                                AS change (event_id, old_price_id, has_old, new_price_id, has_new, old_total, new_total)
                            """, binds: bindings), logger: self.logger)
            }
            // Explicit ids leave the sequence behind; move it past them so that later runs do not collide.
            try await connection.query(
                "SELECT setval(pg_get_serial_sequence('reprice_runs', 'id'), (SELECT MAX(id) FROM reprice_runs))", logger: self.logger)
            return true
        }
    }
}
