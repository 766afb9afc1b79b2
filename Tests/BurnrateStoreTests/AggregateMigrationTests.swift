import BurnrateCore
import BurnrateTestSupport
import Foundation
import GRDB
import PostgresNIO
import Synchronization
import Testing

@testable import BurnrateStore

/// Databases written before the current layout move to it in place, with every event kept and
/// every rollup rebuilt from the events.
@Suite struct AggregateMigrationTests {
    static let range = EventFilter(
        from: Timestamp(rfc3339: "1969-12-29T05:17:31.5Z"), to: Timestamp(rfc3339: "1970-01-02T13:02:00.000001Z"))

    static let groupings: [[GroupKey]] = [
        [], [.dimension(.provider), .dimension(.model)], [.dimension(.tenant), .time(.quarterHour)], [.dimension(.user)],
        [.dimension(.feature), .dimension(.status), .time(.day)], [.dimension(.user), .time(.hour)],
        [.dimension(.model), .time(.hour)], [.tag("region")],
    ]

    /// Every grouping over the whole history and a range with partial buckets, unfiltered, for one
    /// tenant and for one tag value, answers what a fold over the events gives.
    static func expectReferenceAnswers(_ store: any LedgerStore, events: [PricedEvent]) async throws {
        let tenant = try #require(events.compactMap(\.event.attribution.tenant).first)
        var filters = [EventFilter(), range]
        for (dimensions, tags) in [([Dimension.tenant: [tenant]], [:]), ([:], ["region": ["eu", "us"]])] {
            var filter = range
            filter.dimensions = dimensions
            filter.tags = tags
            filters.append(filter)
        }
        for filter in filters {
            for keys in groupings {
                let groups = try await store.aggregate(filter, by: keys)
                #expect(Set(groups) == AggregateReference.aggregate(events, filter, by: keys), "\(filter) \(keys)")
            }
            #expect(try await store.activeUsers(filter) == AggregateReference.activeUsers(events, filter))
        }
    }

    /// A SQLite file of the text layout (every migration up to `v10-tag-rollups`) holding `events`.
    static func writeTextLayout(_ events: [PricedEvent], ingestedAt: Timestamp, at path: String) async throws {
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v10-tag-rollups")
        try await queue.write { db in
            for priced in events { try Self.insertIntoTextLayout(priced, ingestedAt: ingestedAt, in: db) }
        }
    }

    /// A SQLite file of the text layout is compacted when opened: each event reads back as it was
    /// stored, and the rollups answer exactly.
    @Test func aTextLayoutDatabaseIsCompactedInPlace() async throws {
        let events = AggregateReference.events
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-v10-\(UUID().uuidString).sqlite").path
        defer { StoreBackend.removeDatabase(at: path) }
        let ingestedAt = Timestamp(rfc3339: "2026-01-02T03:04:05Z")!
        try await Self.writeTextLayout(events, ingestedAt: ingestedAt, at: path)
        let reports = Mutex<[MigrationProgress]>([])
        let store = try SQLiteLedgerStore(path: path) { progress in reports.withLock { $0.append(progress) } }
        let reported = reports.withLock { $0 }
        #expect(reported.filter { if case .stage = $0 { true } else { false } }.count == 4)
        #expect(reported.contains(.rollups(summed: events.count, of: events.count)))
        #expect(reported.last == .stage("Giving the freed space back to the disk (VACUUM)."))
        for priced in events {
            #expect(try await store.event(id: priced.event.id) == StoredEvent(priced: priced, ingestedAt: ingestedAt))
        }
        try await Self.expectReferenceAnswers(store, events: events)
        let tables = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'event%' ORDER BY name")
        }
        #expect(tables == ["event_rows"])
    }

    /// A move to the compact layout that stopped after copying some events (the process was
    /// killed) resumes after them when the database is opened again, and ends with every event
    /// as it was stored.
    @Test func anInterruptedCompactionResumes() async throws {
        let events = AggregateReference.events
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-v10-\(UUID().uuidString).sqlite").path
        defer { StoreBackend.removeDatabase(at: path) }
        let ingestedAt = Timestamp(rfc3339: "2026-01-02T03:04:05Z")!
        try await Self.writeTextLayout(events, ingestedAt: ingestedAt, at: path)
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: CompactEvents.createTables)
                #expect(try CompactEvents.copyChunk(db, from: "events", limit: 5) == 5)
            }
        }
        let reports = Mutex<[MigrationProgress]>([])
        let store = try SQLiteLedgerStore(path: path) { progress in reports.withLock { $0.append(progress) } }
        let reported = reports.withLock { $0 }
        #expect(
            reported.first
                == .stage(
                    "Resuming the move of \(events.count) events to the compact layout after the 5 already copied; the old layout stays until it is done."
                ))
        #expect(reported.contains(.copied(events: events.count, of: events.count)))
        for priced in events {
            #expect(try await store.event(id: priced.event.id) == StoredEvent(priced: priced, ingestedAt: ingestedAt))
        }
        try await Self.expectReferenceAnswers(store, events: events)
    }

    /// A PostgreSQL database of the text layout (every migration up to `v10-tag-rollups`) gets its
    /// rollups rebuilt from the stored events (`v11-lean-rollups`) and its events moved to the
    /// dictionary-encoded layout (`v13-compact-events`) when opened: each event reads back as it
    /// was stored, the rollups answer exactly, and new events are stored in the new layout.
    @Test(.tags(.postgres)) func aPostgresTextLayoutDatabaseIsCompactedInPlace() async throws {
        let events = AggregateReference.events
        let ingestedAt = Timestamp(rfc3339: "2026-01-02T03:04:05Z")!
        #expect(events.allSatisfy { $0.pricing?.unbilled.storedText == nil })
        try await TestPostgres.withDatabase { url in
            try await PostgresLedgerStore.withStore(url: url, migratingThrough: "v10-tag-rollups", logger: StoreBackend.logger) { old in
                try await old.transaction { connection in
                    for partition in Set(events.map { MonthPartition(containing: $0.event.timestamp) }) {
                        try await connection.query(
                            PostgresQuery(
                                unsafeSQL: """
                                    CREATE TABLE \(partition.name) PARTITION OF events
                                    FOR VALUES FROM (\(partition.start.microseconds)) TO (\(partition.end.microseconds))
                                    """), logger: old.logger)
                    }
                    for priced in events {
                        try await connection.query(Self.insertIntoPostgresTextLayout(priced, ingestedAt: ingestedAt), logger: old.logger)
                    }
                    try await connection.query("INSERT INTO event_ids (id, ts) SELECT id, ts FROM events", logger: old.logger)
                }
            }
            try await PostgresLedgerStore.withStore(url: url, logger: StoreBackend.logger) { store in
                for priced in events {
                    #expect(try await store.event(id: priced.event.id) == StoredEvent(priced: priced, ingestedAt: ingestedAt))
                }
                try await Self.expectReferenceAnswers(store, events: events)
                let tables = try await store.read { connection in
                    var names: [String] = []
                    let rows = try await connection.query(
                        "SELECT relname::text FROM pg_class WHERE relname LIKE 'event%' AND relkind IN ('r', 'p', 'v') ORDER BY relname",
                        logger: store.logger)
                    for try await name in rows.decode(String.self) { names.append(name) }
                    return names
                }
                #expect(tables.filter { !$0.hasPrefix("events_p") } == ["event_ids", "event_rows", "events"])
                let later = AggregateReference.events.prefix(3).map { priced in
                    var moved = priced
                    moved.event.id += "-after"
                    return moved
                }
                _ = try await store.ingest(Array(later))
                try await Self.expectReferenceAnswers(store, events: events + later)
            }
        }
    }

    /// The statement that wrote an event in PostgreSQL's text layout, before `v12-unbilled-rates`.
    static func insertIntoPostgresTextLayout(_ priced: PricedEvent, ingestedAt: Timestamp) -> PostgresQuery {
        let event = priced.event
        let usage = event.usage
        let cost = priced.cost
        let attribution = event.attribution
        let pricing = priced.pricing
        return """
            INSERT INTO events (\(unescaped: Self.textLayoutColumns)) VALUES (
                \(event.id), \(event.timestamp.microseconds), \(event.provider), \(event.model), \(usage.inputTokens),
                \(usage.outputTokens), \(usage.cacheReadTokens), \(usage.cacheWriteTokens), \(usage.cacheWrite1hTokens),
                \(usage.reasoningTokens), \(event.batch), \(event.serviceTier), \(event.latencyMs), \(event.status.rawValue),
                \(attribution.tenant), \(attribution.user), \(attribution.feature), \(attribution.team), \(attribution.environment),
                CAST(\(TagCoding.encode(event.tags)) AS jsonb), \(event.promptHash), \(event.gpuSeconds), \(pricing?.priceID),
                \(pricing?.tier), \(pricing?.longContext ?? false), \(cost.uncachedInput.nanos), \(cost.cacheRead.nanos),
                \(cost.cacheWrite.nanos), \(cost.output.nanos), \(cost.total.nanos), \(ingestedAt.microseconds), \(event.originalInputTokens))
            """
    }

    /// Writes an event as the text layout stored it, before `v11-compact-events`.
    /// The columns of `events` in the text layout, as `v10-tag-rollups` left them.
    static let textLayoutColumns = """
        id, ts, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, \
        cache_write_1h_tokens, reasoning_tokens, batch, service_tier, latency_ms, status, tenant, user_id, feature, \
        team, environment, tags, prompt_hash, gpu_seconds, price_id, tier, long_context, cost_input, \
        cost_cache_read, cost_cache_write, cost_output, cost_total, ingested_at, original_input_tokens
        """

    static func insertIntoTextLayout(_ priced: PricedEvent, ingestedAt: Timestamp, in db: Database) throws {
        let event = priced.event
        let usage = event.usage
        let cost = priced.cost
        let attribution = event.attribution
        let values: [(any DatabaseValueConvertible)?] = [
            event.id, event.timestamp.microseconds, event.provider, event.model, usage.inputTokens, usage.outputTokens,
            usage.cacheReadTokens, usage.cacheWriteTokens, usage.cacheWrite1hTokens, usage.reasoningTokens, event.batch,
            event.serviceTier, event.latencyMs, event.status.rawValue, attribution.tenant, attribution.user, attribution.feature,
            attribution.team, attribution.environment, TagCoding.encode(event.tags), event.promptHash, event.gpuSeconds,
            priced.pricing?.priceID, priced.pricing?.tier, priced.pricing?.longContext ?? false, cost.uncachedInput.nanos,
            cost.cacheRead.nanos, cost.cacheWrite.nanos, cost.output.nanos, cost.total.nanos, ingestedAt.microseconds,
            event.originalInputTokens,
        ]
        try db.execute(
            sql:
                "INSERT INTO events (\(Self.textLayoutColumns)) VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))",
            arguments: StatementArguments(values))
    }
}
