import BurnrateCore
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The ledger in PostgreSQL, through PostgresNIO's connection pool, for teams that run several
/// Burnrate replicas or outgrow one machine.
///
/// Events are copied into a per-connection staging table with `COPY`, their strings numbered (see
/// `PostgresCompactEvents`), and moved into the monthly partitions by one statement whose
/// `ON CONFLICT` on `event_ids` makes ingest idempotent; the rollups change in the same
/// transaction. Any number of replicas may share one database.
public final class PostgresLedgerStore: LedgerStore {
    let client: PostgresClient
    let logger: Logger
    let partitions = PartitionCache()
    let dictionary = PostgresDictionary()
    let leaseTimeout: Duration

    init(client: PostgresClient, leaseTimeout: Duration, logger: Logger) {
        self.client = client
        self.leaseTimeout = leaseTimeout
        self.logger = logger
    }

    /// Connects to `url`, migrates the schema, and runs `body` with the store; the connection
    /// pool lives for the body's duration.
    ///
    /// Throws a `StoreError` that says what is wrong (unreachable server, refused credentials,
    /// missing database) before `body` runs. A request that gets no connection within
    /// `leaseTimeout` fails as unavailable (a 503) rather than waiting on a database that is down.
    public static func withStore<T>(
        url: String, maximumConnections: Int = 16, leaseTimeout: Duration = .seconds(5), logger: Logger,
        _ body: (PostgresLedgerStore) async throws -> T
    ) async throws -> T {
        try await withStore(
            url: url, maximumConnections: maximumConnections, leaseTimeout: leaseTimeout, migratingThrough: nil, logger: logger, body)
    }

    /// `withStore` with the schema migrated only through the migration named `last` (every one
    /// when `nil`), so that tests can write what an older release stored.
    static func withStore<T>(
        url: String, maximumConnections: Int = 16, leaseTimeout: Duration = .seconds(5), migratingThrough last: String?,
        logger: Logger, _ body: (PostgresLedgerStore) async throws -> T
    ) async throws -> T {
        let address = try PostgresURL(url)
        try await checkReachable(address, logger: logger)
        let client = PostgresClient(
            configuration: address.clientConfiguration(maximumConnections: maximumConnections), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresLedgerStore(client: client, leaseTimeout: leaseTimeout, logger: logger)
            try await store.migrate(through: last)
            return try await body(store)
        }
    }

    /// Opens one connection to tell an unreachable server, refused credentials and a missing
    /// database apart, which a pool would only retry.
    static func checkReachable(_ address: PostgresURL, logger: Logger) async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try address.connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(message: PostgresFailure.describeConnectFailure(error, address: address), isUnavailable: true)
        }
    }

    func migrate(through last: String? = nil) async throws {
        let migrations = PostgresSchema.migrations
        let count = last.flatMap { name in migrations.firstIndex { $0.name == name }.map { $0 + 1 } } ?? migrations.count
        try await transaction { connection in
            // Replicas starting together take turns; the first applies what is missing.
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.migrations))", logger: self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: self.logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: self.logger).decode(String.self)
            {
                applied.insert(name)
            }
            for migration in migrations.prefix(count) where !applied.contains(migration.name) {
                if !applied.isEmpty {
                    // An existing database: a migration may move every event, so say what is going on.
                    self.logger.notice("Applying schema migration \(migration.name)")
                }
                // The extended protocol takes one statement at a time.
                for statement in migration.sql.split(separator: ";\n") where !statement.allSatisfy(\.isWhitespace) {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: self.logger)
                }
                try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: self.logger)
            }
        }
    }

    public func ingest(_ events: [PricedEvent]) async throws -> [IngestOutcome] {
        guard !events.isEmpty else { return [] }
        var unique: [PricedEvent] = []
        var seen: Set<String> = []
        for priced in events where seen.insert(priced.event.id).inserted { unique.append(priced) }
        let now = Timestamp.now()
        let (inserted, originals) = try await transaction(writingEventsAt: unique.map(\.event.timestamp)) { [unique] connection in
            let inserted = try await self.insert(unique.map { StoredEvent(priced: $0, ingestedAt: now) }, on: connection)
            let repeated = unique.map(\.event.id).filter { !inserted.ids.contains($0) }
            let originals = repeated.isEmpty ? [:] : try await self.fetchEvents(ids: repeated, on: connection)
            return (inserted, originals)
        }
        dictionary.remember(inserted.codes)
        let fresh = inserted.ids
        var freshStored: [String: StoredEvent] = [:]
        for priced in unique where fresh.contains(priced.event.id) {
            freshStored[priced.event.id] = StoredEvent(priced: priced, ingestedAt: now)
        }
        var answered: Set<String> = []
        return try events.map { priced in
            let id = priced.event.id
            if let stored = freshStored[id] {
                return IngestOutcome(stored: stored, duplicate: !answered.insert(id).inserted)
            }
            guard let original = originals[id] else {
                throw StoreError(message: "event \(id) conflicted but could not be read back")
            }
            return IngestOutcome(stored: original, duplicate: true)
        }
    }

    /// What `insert` stored: the ids of the new events, and the dictionary numbers it used, to
    /// remember once the transaction commits.
    struct Inserted: Sendable {
        var ids: Set<String>
        var codes: PostgresDictionary.Codes
    }

    /// Stores the events whose ids are new, as given (price and arrival time included), and adds
    /// them to the rollups. Events are encoded here (see `PostgresDictionary`), copied into a
    /// per-connection staging table and moved by one insert guarded by `event_ids`, so concurrent
    /// writers of the same id store it once.
    func insert(_ events: [StoredEvent], on connection: PostgresConnection) async throws -> Inserted {
        guard !events.isEmpty else { return Inserted(ids: [], codes: .init()) }
        // The batch's rollups are summed while the database stores its rows.
        let summing = Task {
            var rollups = RollupBatch()
            for stored in events { rollups.add(stored.priced) }
            return rollups
        }
        let codes = try await dictionary.codes(for: events, on: connection, logger: logger)
        try await connection.query(
            "CREATE TEMP TABLE IF NOT EXISTS incoming_rows (LIKE event_rows) ON COMMIT DELETE ROWS", logger: logger)
        try await connection.copyFrom(table: "incoming_rows", columns: PostgresCompactEvents.copyColumns, logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(min(events.count, 4096) * 200)
            for stored in events {
                CopyText.append(stored, codes: codes, to: &buffer)
                if buffer.readableBytes > 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        let inserted = try await connection.query(
            """
            WITH fresh AS (
                INSERT INTO event_ids (id, ts) SELECT id, ts FROM incoming_rows ON CONFLICT (id) DO NOTHING RETURNING id
            )
            INSERT INTO event_rows SELECT incoming.* FROM incoming_rows incoming JOIN fresh USING (id) RETURNING id
            """, logger: logger)
        var fresh: Set<String> = []
        for try await id in inserted.decode(String.self) { fresh.insert(id) }
        var rollups = await summing.value
        if fresh.count < events.count {
            // Some were stored already: only the new ones count.
            rollups = RollupBatch()
            for stored in events where fresh.contains(stored.priced.event.id) { rollups.add(stored.priced) }
        }
        try await apply(rollups, on: connection)
        return Inserted(ids: fresh, codes: codes)
    }

    public func event(id: String) async throws -> StoredEvent? {
        try await read { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: PostgresEventRow.selectList) FROM events
                WHERE id = \(id) AND ts = (SELECT ts FROM event_ids WHERE id = \(id))
                """, logger: self.logger)
            for try await row in rows { return try PostgresEventRow(row).storedEvent() }
            return nil
        }
    }

    func fetchEvents(ids: [String], on connection: PostgresConnection) async throws -> [String: StoredEvent] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: PostgresEventRow.selectList) FROM events
            WHERE (id, ts) IN (SELECT id, ts FROM event_ids WHERE id = ANY(\(ids)))
            """, logger: logger)
        var found: [String: StoredEvent] = [:]
        for try await row in rows {
            let stored = try PostgresEventRow(row).storedEvent()
            found[stored.priced.event.id] = stored
        }
        return found
    }

    public func checkHealth() async throws {
        _ = try await read { connection in
            try await connection.query("SELECT 1", logger: self.logger)
        }
    }

    /// Adds (or with negative counts removes) rollup sums, one statement per table for the whole
    /// batch, in key order so that concurrent transactions lock shared rows in the same order.
    func apply(_ rollups: RollupBatch, on connection: PostgresConnection) async throws {
        try await applySessions(rollups.sessions, on: connection)
        for tagged in [false, true] {
            let cells = rollups.cells.filter { $0.key.tagged == tagged }.sorted { $0.key < $1.key }
            guard !cells.isEmpty else { continue }
            var bindings = Self.keyBindings(cells.map(\.key), tagged: tagged)
            let sums = cells.map(\.value.values)
            for index in RollupTotals.columns.indices { bindings.append(sums.map { $0[index] }) }
            let keys = RollupSchema.keyColumns(tagged: tagged).joined(separator: ", ")
            let columns = RollupTotals.columns
            let table = RollupSchema.table(tagged: tagged)
            let keyCount = RollupSchema.keyColumns(tagged: tagged).count
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO \(table) (\(keys), \(columns.joined(separator: ", ")))
                        SELECT * FROM unnest(\(Self.keyArrays(tagged: tagged)), \(columns.indices.map { "$\($0 + keyCount + 1)::int8[]" }.joined(separator: ", ")))
                        ON CONFLICT (\(keys)) DO UPDATE SET
                            \(columns.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", "))
                        """, binds: bindings), logger: logger)
        }
    }

    /// Adds a batch's sums to its sessions' rows, in session order like the rollups.
    private func applySessions(_ sessions: [String: SessionSums], on connection: PostgresConnection) async throws {
        guard !sessions.isEmpty else { return }
        let sorted = sessions.sorted { $0.key < $1.key }
        var bindings = PostgresBindings(capacity: 3 + SessionSums.columns.count)
        bindings.append(sorted.map(\.key))
        bindings.append(sorted.map(\.value.first))
        bindings.append(sorted.map(\.value.last))
        let values = sorted.map(\.value.values)
        for index in SessionSums.columns.indices { bindings.append(values.map { $0[index] }) }
        try await connection.query(PostgresQuery(unsafeSQL: SessionSchema.upsert(.postgres), binds: bindings), logger: logger)
    }

    /// Deletes the batch's rollup rows that no longer sum any event (after repricing moved them).
    func deleteEmptyRows(of rollups: RollupBatch, on connection: PostgresConnection) async throws {
        for tagged in [false, true] {
            let keys = rollups.cells.keys.filter { $0.tagged == tagged }
            guard !keys.isEmpty else { continue }
            let columns = RollupSchema.keyColumns(tagged: tagged)
            let table = RollupSchema.table(tagged: tagged)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        DELETE FROM \(table) USING unnest(\(Self.keyArrays(tagged: tagged))) AS cell (\(columns.joined(separator: ", ")))
                        WHERE \(columns.map { "\(table).\($0) = cell.\($0)" }.joined(separator: " AND ")) AND \(table).requests = 0
                        """, binds: Self.keyBindings(keys, tagged: tagged)), logger: logger)
        }
    }

    /// The placeholders of the key arrays: rollup, bucket, the dimension values (and the tag's
    /// key and value when `tagged`) and priced.
    private static func keyArrays(tagged: Bool) -> String {
        let texts = textKeyCount(tagged: tagged)
        return (["$1::int2[]", "$2::int8[]"] + (0..<texts).map { "$\($0 + 3)::text[]" } + ["$\(texts + 3)::int2[]"])
            .joined(separator: ", ")
    }

    /// How many key columns are text: all but rollup, bucket and priced.
    private static func textKeyCount(tagged: Bool) -> Int { RollupSchema.keyColumns(tagged: tagged).count - 3 }

    private static func keyBindings(_ keys: [RollupKey], tagged: Bool) -> PostgresBindings {
        let texts = textKeyCount(tagged: tagged)
        var bindings = PostgresBindings(capacity: texts + 3 + RollupTotals.columns.count)
        bindings.append(keys.map { Int16($0.rollup) })
        bindings.append(keys.map(\.bucket))
        let values = keys.map(\.values)
        for index in 0..<texts { bindings.append(values.map { $0[index] }) }
        bindings.append(keys.map { Int16($0.priced ? 1 : 0) })
        return bindings
    }

    /// Runs `body` in a transaction, retrying deadlocks and serialization failures, and turns
    /// PostgreSQL's errors into `StoreError`s.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withLease { connection in
                    try await connection.withTransaction(logger: self.logger) { connection in try await body(connection) }
                }
            } catch {
                let failure = PostgresFailure(error)
                if failure.isRetryable, attempt < 5 {
                    attempt += 1
                    continue
                }
                throw failure.storeError
            }
        }
    }

    /// Runs `body` in a transaction that stores events at `timestamps`, once their monthly
    /// partitions exist; when another replica dropped one this process thought it had, it learns
    /// the partitions again and retries once.
    func transaction<T: Sendable>(
        writingEventsAt timestamps: [Timestamp], _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            try await ensurePartitions(covering: timestamps)
            return try await transaction(body)
        } catch let error as StoreError where error.isMissingPartition {
            partitions.forget()
            try await ensurePartitions(covering: timestamps)
            return try await transaction(body)
        }
    }

    /// Runs `body` on a pooled connection, turning PostgreSQL's errors into `StoreError`s.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withLease(body)
        } catch {
            throw PostgresFailure(error).storeError
        }
    }

    /// Runs `body` on a pooled connection, giving up if none can be had within `leaseTimeout`
    /// (the pool itself would wait until its circuit breaker trips, a minute later). Once the
    /// body runs, it is never interrupted.
    private func withLease<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let leased = LeaseFlag()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection in
                    leased.set()
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: self.leaseTimeout)
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
                if !leased.isSet {
                    group.cancelAll()
                    throw StoreError(
                        message: "No PostgreSQL connection could be had within \(self.leaseTimeout); the server may be down or overloaded.",
                        isUnavailable: true)
                }
            }
            throw StoreError(message: "The PostgreSQL operation ended without a result.")
        }
    }
}

/// Whether a connection was leased, shared by the two tasks of `withLease`.
final class LeaseFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

extension RollupKey: Comparable {
    static func < (left: RollupKey, right: RollupKey) -> Bool {
        if left.rollup != right.rollup { return left.rollup < right.rollup }
        if left.bucket != right.bucket { return left.bucket < right.bucket }
        if left.priced != right.priced { return !left.priced }
        if left.provider != right.provider { return left.provider < right.provider }
        if left.model != right.model { return left.model < right.model }
        if left.tenant != right.tenant { return left.tenant < right.tenant }
        if left.user != right.user { return left.user < right.user }
        if left.feature != right.feature { return left.feature < right.feature }
        if left.team != right.team { return left.team < right.team }
        if left.environment != right.environment { return left.environment < right.environment }
        if left.status != right.status { return left.status < right.status }
        if left.tagKey != right.tagKey { return left.tagKey < right.tagKey }
        return left.tagValue < right.tagValue
    }
}

/// Keys of the advisory locks Burnrate takes, in one place so that they never collide.
enum AdvisoryLock {
    static let migrations: Int64 = 0x4275_726E_0001
    static let partitions: Int64 = 0x4275_726E_0002
    static let reprice: Int64 = 0x4275_726E_0003
    static let priceOverrides: Int64 = 0x4275_726E_0004
}
