import BurnrateCore
import GRDB

extension SQLiteLedgerStore: LedgerTransfer {
    public func exportEvents(after cursor: EventCursor?, limit: Int) async throws -> [StoredEvent] {
        try await writer.read { db in
            // The time index gives the order; SQLite sorts only the ids within one timestamp.
            let rows =
                if let cursor {
                    try Row.fetchCursor(
                        db,
                        sql: "SELECT \(EventColumn.selectList) FROM events WHERE ts >= ? AND (ts > ? OR id > ?) ORDER BY ts, id LIMIT ?",
                        arguments: [cursor.timestamp.microseconds, cursor.timestamp.microseconds, cursor.id, limit])
                } else {
                    try Row.fetchCursor(db, sql: "SELECT \(EventColumn.selectList) FROM events ORDER BY ts, id LIMIT ?", arguments: [limit])
                }
            var events: [StoredEvent] = []
            events.reserveCapacity(limit)
            while let row = try rows.next() { events.append(try row.storedEvent()) }
            return events
        }
    }

    public func importEvents(_ events: [StoredEvent], checkpoint: TransferCheckpoint) async throws -> Int {
        try await writer.write { db in
            var writer = try EventRowWriter(db)
            var rollups = RollupBatch()
            var inserted = 0
            for stored in events {
                if try writer.insert(stored.priced, ingestedAt: stored.ingestedAt, in: db) {
                    inserted += 1
                    rollups.add(stored.priced)
                }
            }
            try Self.apply(rollups, in: db)
            try db.execute(
                sql: """
                    INSERT INTO transfer_checkpoints (source, last_event_id, events_copied, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (source) DO UPDATE SET last_event_id = excluded.last_event_id,
                        events_copied = excluded.events_copied, updated_at = excluded.updated_at
                    """,
                arguments: [checkpoint.source, checkpoint.lastEventID, checkpoint.eventsCopied, checkpoint.updatedAt.microseconds])
            return inserted
        }
    }

    public func transferCheckpoint(source: String) async throws -> TransferCheckpoint? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT source, last_event_id, events_copied, updated_at FROM transfer_checkpoints WHERE source = ?",
                arguments: [source]
            ).map { row in
                TransferCheckpoint(source: row[0], lastEventID: row[1], eventsCopied: row[2], updatedAt: Timestamp(microseconds: row[3]))
            }
        }
    }

    public func eventDigest() async throws -> EventDigest {
        try await writer.read { db in
            var digest = EventDigest()
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT count(*), count(*) - count(price_id), \(Self.digestSums.map { "COALESCE(SUM(\($0)), 0)" }.joined(separator: ", "))
                        FROM events
                        """)
            else { return digest }
            digest.events = row[0]
            digest.unpricedEvents = row[1]
            digest.usage = TokenUsage(
                inputTokens: row[2], outputTokens: row[3], cacheReadTokens: row[4], cacheWriteTokens: row[5],
                cacheWrite1hTokens: row[6], reasoningTokens: row[7])
            digest.cost = CostBreakdown(
                uncachedInput: Money(nanos: row[8]), cacheRead: Money(nanos: row[9]), cacheWrite: Money(nanos: row[10]),
                output: Money(nanos: row[11]))
            digest.storedTotal = Money(nanos: row[12])
            return digest
        }
    }

    /// The columns `eventDigest` sums, in the order it reads them.
    static let digestSums = [
        "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens",
        "cost_input", "cost_cache_read", "cost_cache_write", "cost_output", "cost_total",
    ]

    public func exportPriceOverrides() async throws -> [PriceOverrideRecord] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT provider, model, effective_from, document, updated_at FROM price_overrides
                    ORDER BY provider, model, effective_from
                    """
            ).map { row in
                PriceOverrideRecord(
                    provider: row[0], model: row[1], effectiveFrom: row[2], document: row[3], updatedAt: Timestamp(microseconds: row[4]))
            }
        }
    }

    public func importPriceOverrides(_ records: [PriceOverrideRecord]) async throws {
        try await writer.write { db in
            for record in records {
                try db.execute(
                    sql: """
                        INSERT INTO price_overrides (provider, model, effective_from, document, updated_at, revision)
                        VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(revision), 0) + 1 FROM price_overrides))
                        ON CONFLICT (provider, model, effective_from) DO UPDATE SET
                            document = excluded.document, updated_at = excluded.updated_at, revision = excluded.revision
                        WHERE price_overrides.document IS NOT excluded.document OR price_overrides.updated_at IS NOT excluded.updated_at
                        """,
                    arguments: [record.provider, record.model, record.effectiveFrom, record.document, record.updatedAt.microseconds])
            }
        }
    }

    public func repriceRunIDs() async throws -> [Int64] {
        try await writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM reprice_runs ORDER BY id") }
    }

    public func exportRepriceRun(id: Int64) async throws -> RepriceRunRecord? {
        try await writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, at, reason, only_unpriced, range_from, range_to, events_examined, events_changed, newly_priced,
                            old_total, new_total FROM reprice_runs WHERE id = ?
                        """, arguments: [id])
            else { return nil }
            let report = RepriceReport(
                id: row[0], at: Timestamp(microseconds: row[1]), reason: row[2], onlyUnpriced: row[3],
                from: (row[4] as Int64?).map(Timestamp.init(microseconds:)), to: (row[5] as Int64?).map(Timestamp.init(microseconds:)),
                eventsExamined: row[6], eventsChanged: row[7], newlyPriced: row[8], oldTotal: Money(nanos: row[9]),
                newTotal: Money(nanos: row[10]))
            let changes = try Row.fetchAll(
                db,
                sql: """
                    SELECT event_id, old_price_id, new_price_id, old_total, new_total FROM reprice_changes
                    WHERE run_id = ? ORDER BY event_id, rowid
                    """, arguments: [id]
            ).map { row in
                RepriceChange(
                    eventID: row[0], oldPriceID: row[1], newPriceID: row[2], oldTotal: Money(nanos: row[3]), newTotal: Money(nanos: row[4]))
            }
            return RepriceRunRecord(report: report, changes: changes)
        }
    }

    public func importRepriceRun(_ run: RepriceRunRecord) async throws -> Bool {
        try await writer.write { db in
            let report = run.report
            guard try Int64.fetchOne(db, sql: "SELECT id FROM reprice_runs WHERE id = ?", arguments: [report.id]) == nil else {
                return false
            }
            // An explicit id also moves AUTOINCREMENT's sequence past it.
            try db.execute(
                sql: """
                    INSERT INTO reprice_runs (id, at, reason, only_unpriced, range_from, range_to, events_examined, events_changed,
                        newly_priced, old_total, new_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    report.id, report.at.microseconds, report.reason, report.onlyUnpriced, report.from?.microseconds,
                    report.to?.microseconds, report.eventsExamined, report.eventsChanged, report.newlyPriced, report.oldTotal.nanos,
                    report.newTotal.nanos,
                ])
            var insert = BoundStatement(
                try db.cachedStatement(
                    sql: """
                        INSERT INTO reprice_changes (run_id, event_id, old_price_id, new_price_id, old_total, new_total)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """))
            for change in run.changes {
                insert.bind(report.id)
                insert.bind(change.eventID)
                insert.bind(change.oldPriceID)
                insert.bind(change.newPriceID)
                insert.bind(change.oldTotal.nanos)
                insert.bind(change.newTotal.nanos)
                try insert.run(in: db)
            }
            return true
        }
    }
}
