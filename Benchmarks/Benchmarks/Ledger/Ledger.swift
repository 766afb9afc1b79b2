// Benchmarks of Burnrate's hot paths: cost computation, pricing with catalog lookup, and storing
// priced events in SQLite, next to a raw SQLite baseline that inserts the same rows.
//
// Run from the repository root (see docs/benchmarks.md):
//
//     swift package --package-path Benchmarks benchmark
//
// Every benchmark is bounded by `maxDuration` and `maxIterations`, so the whole suite runs in a few
// minutes on two cores.

@preconcurrency import Benchmark
import BurnrateCore
import BurnrateStore
import Foundation
import GRDB
import GRDBSQLite

// MARK: - Fixtures

/// Benchmark prices for every model the demo generator uses (plus long-context and batch tiers so
/// that those branches are exercised). Figures are plausible, not authoritative.
enum BenchmarkPrices {
    static let json = """
        [
          {"provider":"openai","model":"gpt-4o","effective_from":"2024-10-01","input":"2.50","output":"10.00","cache_read":"1.25","tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"anthropic","model":"claude-sonnet-4-5","effective_from":"2025-09-29","input":"3.00","output":"15.00","cache_read":"0.30","cache_write":"3.75","long_context":{"threshold_input_tokens":200000,"input":"6.00","output":"22.50"},"tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"openai","model":"gpt-4.1","effective_from":"2025-04-14","input":"2.00","output":"8.00","cache_read":"0.50","tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"openai","model":"gpt-4.1-mini","effective_from":"2025-04-14","input":"0.40","output":"1.60","cache_read":"0.10","tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"openai","model":"gpt-4o-mini","effective_from":"2024-07-18","input":"0.15","output":"0.60","cache_read":"0.075","tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"openai","model":"o4-mini","effective_from":"2025-04-16","input":"1.10","output":"4.40","cache_read":"0.275","tiers":{"batch":{"discount":"0.5"},"flex":{"discount":"0.5"}}},
          {"provider":"openai","model":"text-embedding-3-small","kind":"embedding","effective_from":"2024-01-25","input":"0.02","output":"0","tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"anthropic","model":"claude-haiku-4-5","effective_from":"2025-10-15","input":"1.00","output":"5.00","cache_read":"0.10","cache_write":"1.25","cache_write_1h":"2.00","tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"google","model":"gemini-2.5-flash","effective_from":"2025-06-17","input":"0.30","output":"2.50","cache_read":"0.03","tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"google","model":"gemini-2.5-pro","effective_from":"2025-06-17","input":"1.25","output":"10.00","cache_read":"0.125","long_context":{"threshold_input_tokens":200000,"input":"2.50","output":"15.00","cache_read":"0.25"},"tiers":{"batch":{"discount":"0.5"}}},
          {"provider":"mistral","model":"mistral-small","aliases":["mistral-small-latest"],"effective_from":"2025-03-17","input":"0.10","output":"0.30"},
          {"provider":"deepseek","model":"deepseek-chat","effective_from":"2025-09-05","input":"0.56","output":"1.68","cache_read":"0.07"}
        ]
        """
}

/// The inputs `CostCalculator.price` takes, resolved once.
struct CostInput: Sendable {
    var usage: TokenUsage
    var serviceTier: String?
    var batch: Bool
    var entry: PriceEntry
}

/// Data every benchmark shares, built once per process before any benchmark runs.
struct Fixtures: Sendable {
    /// Events per iteration of the CPU-bound benchmarks (the `.kilo` scaling factor).
    static let cpuEventsPerIteration = 1_000
    /// The largest batch any store benchmark sends; `events` holds at least this many.
    static let largestBatch = 10_000

    let catalog: PriceCatalog
    /// Demo events of consecutive days, in timestamp order, at least `largestBatch` of them.
    let events: [UsageEvent]
    /// `events` priced with `catalog`.
    let priced: [PricedEvent]
    /// The first `cpuEventsPerIteration` priced events, as inputs of `CostCalculator`.
    let costInputs: [CostInput]

    init() {
        do {
            let entries = try PriceDocument.parse(Array(BenchmarkPrices.json.utf8), origin: .builtin)
            catalog = PriceCatalog(entries: entries)
        } catch {
            fatalError("benchmark prices do not parse: \(error)")
        }
        let generator = DemoGenerator(seed: 42)
        var events: [UsageEvent] = []
        var day = 20_400  // 2025-11-08
        while events.count < Self.largestBatch, day < 20_500 {  // bounded: ~7 days suffice
            events.append(contentsOf: generator.events(forDay: day))
            day += 1
        }
        precondition(events.count >= Self.largestBatch, "the demo generator produced too few events")
        self.events = events
        let catalog = catalog
        priced = events.map { Pricer.price($0, catalog: catalog) }
        var inputs: [CostInput] = []
        for event in events where inputs.count < Self.cpuEventsPerIteration {
            let lookup = catalog.lookup(provider: event.provider.isEmpty ? nil : event.provider, model: event.model, at: event.timestamp)
            if case .priced(let entry) = lookup {
                inputs.append(CostInput(usage: event.usage, serviceTier: event.serviceTier, batch: event.batch, entry: entry))
            }
        }
        precondition(inputs.count == Self.cpuEventsPerIteration)
        costInputs = inputs
    }
}

/// Hands out batches of the fixture events with ids never used before in this process, so that no
/// iteration ever stores a duplicate.
final class BatchMaker: @unchecked Sendable {  // used by one benchmark at a time, from its own closure
    private let prefix: String
    private var counter = 0
    private var cursor = 0

    init(label: String) {
        prefix = "bench-\(getpid())-\(label)-"
    }

    private func nextID() -> String {
        counter += 1
        return prefix + String(counter)
    }

    /// `count` priced events (cycling through the fixtures), each with a fresh id.
    func pricedBatch(_ count: Int, from fixtures: Fixtures) -> [PricedEvent] {
        var batch: [PricedEvent] = []
        batch.reserveCapacity(count)
        for _ in 0..<count {
            var priced = fixtures.priced[cursor]
            priced.event.id = nextID()
            batch.append(priced)
            cursor = (cursor + 1) % fixtures.priced.count
        }
        return batch
    }

    /// `count` unpriced events (cycling through the fixtures), each with a fresh id.
    func eventBatch(_ count: Int, from fixtures: Fixtures) -> [UsageEvent] {
        var batch: [UsageEvent] = []
        batch.reserveCapacity(count)
        for _ in 0..<count {
            var event = fixtures.events[cursor]
            event.id = nextID()
            batch.append(event)
            cursor = (cursor + 1) % fixtures.events.count
        }
        return batch
    }
}

// MARK: - Database files

/// A database path in /tmp, unique to this process and benchmark, with nothing left there.
func freshDatabasePath(_ label: String) -> String {
    let path = "/tmp/burnrate-bench-\(getpid())-\(label).sqlite"
    removeDatabase(at: path)
    return path
}

func removeDatabase(at path: String) {
    for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
    }
}

// MARK: - Raw SQLite baseline

/// The same 31 columns as Burnrate's `events` table, in a plain table with the unique id index
/// only (optionally with Burnrate's four secondary indexes as well), written in one transaction
/// per batch through a prepared statement, with no rollups: the floor the store is compared with.
final class RawTable: @unchecked Sendable {  // DatabasePool is thread-safe; the class only holds it
    static let columns = """
        id, ts, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, \
        cache_write_1h_tokens, reasoning_tokens, batch, service_tier, latency_ms, status, tenant, user_id, feature, \
        team, environment, tags, prompt_hash, gpu_seconds, price_id, tier, long_context, cost_input, \
        cost_cache_read, cost_cache_write, cost_output, cost_total, ingested_at
        """
    static let insertSQL = """
        INSERT INTO raw_events (\(columns)) VALUES (\(Array(repeating: "?", count: 31).joined(separator: ", ")))
        """
    static let createSQL = """
        CREATE TABLE raw_events (
            id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
            input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,
            cache_write_tokens INTEGER NOT NULL, cache_write_1h_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL, batch INTEGER NOT NULL, service_tier TEXT, latency_ms INTEGER,
            status TEXT NOT NULL, tenant TEXT, user_id TEXT, feature TEXT, team TEXT, environment TEXT, tags TEXT,
            prompt_hash TEXT, gpu_seconds REAL, price_id TEXT, tier TEXT, long_context INTEGER NOT NULL DEFAULT 0,
            cost_input INTEGER NOT NULL, cost_cache_read INTEGER NOT NULL, cost_cache_write INTEGER NOT NULL,
            cost_output INTEGER NOT NULL, cost_total INTEGER NOT NULL, ingested_at INTEGER NOT NULL
        )
        """
    /// Burnrate's secondary indexes on `events`, for the variant that has them.
    static let secondaryIndexesSQL = """
        CREATE INDEX raw_events_ts ON raw_events(ts);
        CREATE INDEX raw_events_unpriced_ts ON raw_events(ts) WHERE price_id IS NULL;
        """

    let pool: DatabasePool

    /// Opens a new file configured as `SQLiteLedgerStore` configures its pool: WAL, a 64 MB page
    /// cache, and `synchronous = FULL` on the writer (an fsync per commit), set after the pool is
    /// open because GRDB sets NORMAL when it enables WAL. With `enforceFullSync: false` the
    /// writer keeps GRDB's NORMAL, to show what the fsync per commit costs.
    init(path: String, secondaryIndexes: Bool, enforceFullSync: Bool = true) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        if enforceFullSync {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        try pool.write { db in
            try db.execute(sql: Self.createSQL)
            if secondaryIndexes { try db.execute(sql: Self.secondaryIndexesSQL) }
        }
    }

    /// The writer's `PRAGMA synchronous`: 1 is NORMAL, 2 is FULL.
    func writerSynchronous() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// How values reach the prepared statement.
    enum Binding {
        /// `sqlite3_bind_*` on GRDB's statement handle: the cheapest way from Swift.
        case cAPI
        /// GRDB's `StatementArguments`, an array of `DatabaseValue` per row.
        case statementArguments
    }

    /// Inserts the rows in one transaction through one prepared statement.
    func insert(_ rows: [PricedEvent], binding: Binding) async throws {
        switch binding {
        case .cAPI: try await insertWithCAPI(rows)
        case .statementArguments: try await insertWithArguments(rows)
        }
    }

    /// Inserts the rows binding values through GRDB's `StatementArguments`.
    func insertWithArguments(_ rows: [PricedEvent]) async throws {
        let now = Timestamp.now().microseconds
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: Self.insertSQL)
            for priced in rows {
                let event = priced.event
                let usage = event.usage
                let cost = priced.cost
                let values: [(any DatabaseValueConvertible)?] = [
                    event.id, event.timestamp.microseconds, event.provider, event.model,
                    usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens,
                    usage.cacheWrite1hTokens, usage.reasoningTokens, event.batch, event.serviceTier, event.latencyMs,
                    event.status.rawValue, event.attribution.tenant, event.attribution.user, event.attribution.feature,
                    event.attribution.team, event.attribution.environment, encodeTags(event.tags), event.promptHash,
                    event.gpuSeconds, priced.pricing?.priceID, priced.pricing?.tier, priced.pricing?.longContext ?? false,
                    cost.uncachedInput.nanos, cost.cacheRead.nanos, cost.cacheWrite.nanos, cost.output.nanos,
                    cost.total.nanos, now,
                ]
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    /// Inserts the rows binding values with SQLite's C API on GRDB's prepared statement: the
    /// cheapest way to write these rows from Swift.
    func insertWithCAPI(_ rows: [PricedEvent]) async throws {
        let now = Timestamp.now().microseconds
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: Self.insertSQL)
            let handle = statement.sqliteStatement
            defer { sqlite3_reset(handle) }
            for priced in rows {
                let event = priced.event
                let usage = event.usage
                let cost = priced.cost
                sqlite3_reset(handle)
                bindText(handle, 1, event.id)
                sqlite3_bind_int64(handle, 2, event.timestamp.microseconds)
                bindText(handle, 3, event.provider)
                bindText(handle, 4, event.model)
                sqlite3_bind_int64(handle, 5, usage.inputTokens)
                sqlite3_bind_int64(handle, 6, usage.outputTokens)
                sqlite3_bind_int64(handle, 7, usage.cacheReadTokens)
                sqlite3_bind_int64(handle, 8, usage.cacheWriteTokens)
                sqlite3_bind_int64(handle, 9, usage.cacheWrite1hTokens)
                sqlite3_bind_int64(handle, 10, usage.reasoningTokens)
                sqlite3_bind_int64(handle, 11, event.batch ? 1 : 0)
                bindText(handle, 12, event.serviceTier)
                bindInt(handle, 13, event.latencyMs)
                bindText(handle, 14, event.status.rawValue)
                bindText(handle, 15, event.attribution.tenant)
                bindText(handle, 16, event.attribution.user)
                bindText(handle, 17, event.attribution.feature)
                bindText(handle, 18, event.attribution.team)
                bindText(handle, 19, event.attribution.environment)
                bindText(handle, 20, encodeTags(event.tags))
                bindText(handle, 21, event.promptHash)
                if let gpu = event.gpuSeconds { sqlite3_bind_double(handle, 22, gpu) } else { sqlite3_bind_null(handle, 22) }
                bindText(handle, 23, priced.pricing?.priceID)
                bindText(handle, 24, priced.pricing?.tier)
                sqlite3_bind_int64(handle, 25, priced.pricing?.longContext == true ? 1 : 0)
                sqlite3_bind_int64(handle, 26, cost.uncachedInput.nanos)
                sqlite3_bind_int64(handle, 27, cost.cacheRead.nanos)
                sqlite3_bind_int64(handle, 28, cost.cacheWrite.nanos)
                sqlite3_bind_int64(handle, 29, cost.output.nanos)
                sqlite3_bind_int64(handle, 30, cost.total.nanos)
                sqlite3_bind_int64(handle, 31, now)
                let code = sqlite3_step(handle)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
        }
    }
}

/// SQLite's `SQLITE_TRANSIENT`: copy the bound bytes.
func sqliteTransient() -> sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

func bindText(_ handle: SQLiteStatement, _ index: Int32, _ value: String?) {
    guard var text = value else {
        sqlite3_bind_null(handle, index)
        return
    }
    text.withUTF8 { bytes in
        _ = bytes.withMemoryRebound(to: CChar.self) { chars in
            sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), sqliteTransient())
        }
    }
}

func bindInt(_ handle: SQLiteStatement, _ index: Int32, _ value: Int64?) {
    if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
}

/// Tags as Burnrate stores them: a compact JSON object with sorted keys, or nil when empty.
func encodeTags(_ tags: [String: String]) -> String? {
    guard !tags.isEmpty else { return nil }
    return JSONValue.fields(tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).serialized()
}

// MARK: - Benchmarks

/// Events stored per second over the measured part of one iteration, whatever the batch size (the
/// built-in throughput metric counts iterations, scaled by 1, 1,000 or 1,000,000 only).
enum LedgerMetric {
    static let eventsPerSecond = BenchmarkMetric.custom("events/s", polarity: .prefersLarger, useScalingFactor: false)
}

/// How a store benchmark is shaped for a batch size: batches per iteration and the scaling factor,
/// chosen so that where possible an iteration is exactly `scalingFactor` events and the built-in
/// throughput counts events.
struct BatchShape: Sendable {
    var size: Int
    var label: String
    var batchesPerIteration: Int
    var scalingFactor: BenchmarkScalingFactor
    var maxIterations: Int

    var eventsPerIteration: Int { size * batchesPerIteration }

    var configuration: Benchmark.Configuration {
        .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal, LedgerMetric.eventsPerSecond], scalingFactor: scalingFactor,
            maxDuration: .seconds(4), maxIterations: maxIterations)
    }

    static let all = [
        // One event, one transaction (one commit): throughput is events/s.
        BatchShape(size: 1, label: "1", batchesPerIteration: 1, scalingFactor: .one, maxIterations: 5_000),
        // Ten transactions of 100 = 1,000 events: throughput (K) is events/s.
        BatchShape(size: 100, label: "100", batchesPerIteration: 10, scalingFactor: .kilo, maxIterations: 2_000),
        // 10,000 events per iteration has no matching scaling factor: throughput is batches/s, and
        // the events/s metric gives the event rate.
        BatchShape(size: 10_000, label: "10,000", batchesPerIteration: 1, scalingFactor: .one, maxIterations: 40),
    ]
}

/// Times `body` (which handles `events` events) as the measured part of an iteration (the only
/// one: the framework allows one start/stop pair per iteration) and records the event rate.
func measureEvents(_ benchmark: Benchmark, events: Int, _ body: () async throws -> Void) async rethrows {
    let clock = ContinuousClock()
    benchmark.startMeasurement()
    let start = clock.now
    try await body()
    let elapsed = start.duration(to: clock.now)
    benchmark.stopMeasurement()
    let nanos = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    if nanos > 0 {
        benchmark.measurement(LedgerMetric.eventsPerSecond, Int((Double(events) * 1e9 / nanos).rounded()))
    }
}

/// What a store benchmark holds between iterations.
struct StoreState: @unchecked Sendable {
    var store: SQLiteLedgerStore
    var maker: BatchMaker
}

struct RawState: @unchecked Sendable {
    var table: RawTable
    var maker: BatchMaker
}

let benchmarks: @Sendable () -> Void = {
    let fixtures = Fixtures()

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    // MARK: CPU: pricing

    let costInputs = fixtures.costInputs
    Benchmark(
        "Cost computation (CostCalculator)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(3))
    ) { benchmark in
        for index in benchmark.scaledIterations {
            let input = costInputs[index]
            blackHole(CostCalculator.price(input.usage, serviceTier: input.serviceTier, batch: input.batch, entry: input.entry))
        }
    }

    let pricingEvents = Array(fixtures.events.prefix(Fixtures.cpuEventsPerIteration))
    let catalog = fixtures.catalog
    Benchmark(
        "Pricing incl. catalog lookup (Pricer)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(3))
    ) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(Pricer.price(pricingEvents[index], catalog: catalog))
        }
    }

    // Catalog lookup alone, to split Pricer's time between lookup and cost math.
    Benchmark(
        "Catalog lookup alone (PriceCatalog.lookup)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(2))
    ) { benchmark in
        for index in benchmark.scaledIterations {
            let event = pricingEvents[index]
            blackHole(catalog.lookup(provider: event.provider, model: event.model, at: event.timestamp))
        }
    }

    // MARK: I/O: store ingest and the raw baseline

    /// Registers a benchmark of the raw table: `batchesPerIteration` batches of `shape.size` fresh
    /// rows per iteration, each batch one transaction.
    func rawBenchmark(
        _ name: String, shape: BatchShape, file: String, secondaryIndexes: Bool = false,
        enforceFullSync: Bool = true, binding: RawTable.Binding = .cAPI
    ) {
        let path = freshDatabasePath(file)
        Benchmark(
            name,
            configuration: shape.configuration,
            closure: { (benchmark: Benchmark, state: RawState) async in
                let batches = (0..<shape.batchesPerIteration).map { _ in state.maker.pricedBatch(shape.size, from: fixtures) }
                do {
                    try await measureEvents(benchmark, events: shape.eventsPerIteration) {
                        for batch in batches { try await state.table.insert(batch, binding: binding) }
                    }
                } catch {
                    benchmark.error("raw insert failed: \(error)")
                }
            },
            setup: {
                removeDatabase(at: path)
                let table = try RawTable(path: path, secondaryIndexes: secondaryIndexes, enforceFullSync: enforceFullSync)
                if enforceFullSync {
                    let synchronous = try table.writerSynchronous()
                    precondition(synchronous == 2, "synchronous = FULL did not take effect (\(synchronous))")
                }
                return RawState(table: table, maker: BatchMaker(label: file))
            },
            teardown: { removeDatabase(at: path) }
        )
    }

    for shape in BatchShape.all {
        let storePath = freshDatabasePath("store-\(shape.size)")
        Benchmark(
            "Store ingest, batch of \(shape.label)",
            configuration: shape.configuration,
            closure: { (benchmark: Benchmark, state: StoreState) async in
                let batches = (0..<shape.batchesPerIteration).map { _ in state.maker.pricedBatch(shape.size, from: fixtures) }
                do {
                    try await measureEvents(benchmark, events: shape.eventsPerIteration) {
                        for batch in batches { blackHole(try await state.store.ingest(batch)) }
                    }
                } catch {
                    benchmark.error("ingest failed: \(error)")
                }
            },
            setup: {
                removeDatabase(at: storePath)
                return StoreState(store: try SQLiteLedgerStore(path: storePath), maker: BatchMaker(label: "store\(shape.size)"))
            },
            teardown: { removeDatabase(at: storePath) }
        )

        // The baseline for the ratio: configured as the store's pool is (synchronous = FULL, see
        // RawTable.init), id index only, no rollups, C bind API.
        rawBenchmark("Raw SQLite baseline, batch of \(shape.label)", shape: shape, file: "raw-\(shape.size)")

        // What the fsync per commit costs: the same with GRDB's default synchronous = NORMAL.
        rawBenchmark(
            "Raw SQLite, synchronous=NORMAL, batch of \(shape.label)", shape: shape,
            file: "raw-normal-\(shape.size)", enforceFullSync: false)
    }

    // MARK: Diagnostics for the largest batch: where the store's time goes

    let large = BatchShape.all.last!

    // The ledger's own path minus HTTP: price each event with the catalog, then store the batch.
    let ledgerPath = freshDatabasePath("ledger-\(large.size)")
    Benchmark(
        "Price + store ingest (Ledger.ingest path), batch of \(large.label)",
        configuration: large.configuration,
        closure: { (benchmark: Benchmark, state: StoreState) async in
            let events = state.maker.eventBatch(large.size, from: fixtures)
            do {
                try await measureEvents(benchmark, events: large.size) {
                    let priced = events.map { Pricer.price($0, catalog: catalog) }
                    blackHole(try await state.store.ingest(priced))
                }
            } catch {
                benchmark.error("ingest failed: \(error)")
            }
        },
        setup: {
            removeDatabase(at: ledgerPath)
            return StoreState(store: try SQLiteLedgerStore(path: ledgerPath), maker: BatchMaker(label: "ledger"))
        },
        teardown: { removeDatabase(at: ledgerPath) }
    )

    // The baseline plus Burnrate's four secondary indexes: what the indexes alone cost.
    rawBenchmark(
        "Raw SQLite + Burnrate's secondary indexes, batch of \(large.label)", shape: large,
        file: "raw-indexed-\(large.size)", secondaryIndexes: true)

    // The baseline binding through GRDB's StatementArguments instead of the C API.
    rawBenchmark(
        "Raw SQLite, GRDB StatementArguments, batch of \(large.label)", shape: large,
        file: "raw-grdb-args-\(large.size)", binding: .statementArguments)
}
