import BurnrateCore
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

    /// A SQLite file of the text layout (every migration up to `v10-tag-rollups`) is compacted
    /// when opened: each event reads back as it was stored, and the rollups answer exactly.
    @Test func aTextLayoutDatabaseIsCompactedInPlace() async throws {
        let events = AggregateReference.events
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-v10-\(UUID().uuidString).sqlite").path
        defer { StoreBackend.removeDatabase(at: path) }
        let ingestedAt = Timestamp(rfc3339: "2026-01-02T03:04:05Z")!
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v10-tag-rollups")
            try await queue.write { db in
                for priced in events { try Self.insertIntoTextLayout(priced, ingestedAt: ingestedAt, in: db) }
            }
        }
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

    /// The PostgreSQL migration that replaced the rollups rebuilds them from the stored events.
    @Test func postgresRollupsAreRebuiltFromTheStoredEvents() async throws {
        let events = AggregateReference.events
        try await StoreBackend.postgres.withStore { store, reopen in
            _ = try await store.ingest(events)
            let postgres = try #require(store as? PostgresLedgerStore)
            try await postgres.transaction { connection in
                for statement in [
                    "DELETE FROM rollups", "DELETE FROM tag_rollups", "DROP INDEX events_tenant_ts", "DROP INDEX events_user_tenant_ts",
                    "DELETE FROM schema_migrations WHERE name = 'v11-lean-rollups'",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: postgres.logger)
                }
            }
            let reopen = try #require(reopen)
            try await reopen { reopened in try await Self.expectReferenceAnswers(reopened, events: events) }
        }
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
            sql: "INSERT INTO events (\(Self.textLayoutColumns)) VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))",
            arguments: StatementArguments(values))
    }
}
