import BurnrateCore
import Foundation
import GRDB
import Synchronization

/// The ledger in one SQLite file, through GRDB, in WAL mode with `synchronous = FULL`: a write
/// that returned survives a crash or power loss.
public struct SQLiteLedgerStore: LedgerStore {
    let writer: any DatabaseWriter
    /// Background jobs running in this process.
    let runningJobs = JobSet()

    /// Opens (creating and migrating if needed) the database at `path`; `report` hears how a long
    /// migration is getting on.
    public init(path: String, reporting report: MigrationProgress.Report? = nil) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets `synchronous = NORMAL` when it enables WAL, after `prepareDatabase` ran; only
        // the writer's setting matters, so it is set once the pool is open.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let applied = try pool.read { db in try SQLiteSchema.migrator.appliedIdentifiers(db) }
        if applied.contains("v10-tag-rollups") && !applied.contains("v11-compact-events") {
            try CompactEvents.copyAhead(pool, reporting: report)
        }
        try SQLiteSchema.migrator(reporting: report).migrate(pool)
        if applied.contains("v10-tag-rollups") && !applied.contains("v11-compact-events") {
            // Compacting the events freed most of the file's pages; give them back to the disk once.
            report?(.stage("Giving the freed space back to the disk (VACUUM)."))
            try pool.vacuum()
        }
        self.writer = pool
    }

    /// A private in-memory database, for tests.
    public static func inMemory() throws -> SQLiteLedgerStore {
        let queue = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(queue)
        return SQLiteLedgerStore(writer: queue)
    }

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    public func ingest(_ events: [PricedEvent]) async throws -> [IngestOutcome] {
        let now = Timestamp.now()
        // The batch's rollups are summed on another thread while this one inserts the rows.
        let summing = ConcurrentRollups(events)
        return try await writer.write { db in
            var writer = try EventRowWriter(db)
            var inserted: [Bool] = []
            inserted.reserveCapacity(events.count)
            for priced in events { inserted.append(try writer.insert(priced, ingestedAt: now, in: db)) }
            var rollups = summing.wait()
            if inserted.contains(false) {
                // Some were stored already: only the new ones count.
                rollups = RollupBatch()
                for (priced, isNew) in zip(events, inserted) where isNew { rollups.add(priced) }
            }
            try Self.apply(rollups, in: db)
            return try zip(events, inserted).map { priced, isNew in
                if isNew {
                    return IngestOutcome(stored: StoredEvent(priced: priced, ingestedAt: now), duplicate: false)
                }
                guard let original = try Self.fetchEvent(id: priced.event.id, in: db) else {
                    throw StoreError(message: "event \(priced.event.id) conflicted but could not be read back")
                }
                return IngestOutcome(stored: original, duplicate: true)
            }
        }
    }

    public func event(id: String) async throws -> StoredEvent? {
        try await writer.read { db in try Self.fetchEvent(id: id, in: db) }
    }

    public func checkHealth() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    static func fetchEvent(id: String, in db: Database) throws -> StoredEvent? {
        try Row.fetchOne(db, sql: "SELECT \(EventColumn.selectList) FROM events WHERE id = ?", arguments: [id])?.storedEvent()
    }

    /// Adds (or with negative counts removes) the batch's sums to the rollups, one upsert per row.
    static func apply(_ rollups: RollupBatch, in db: Database) throws {
        func upsert(tagged: Bool) throws -> BoundStatement {
            let columns = RollupSchema.keyColumns(tagged: tagged) + RollupTotals.columns
            return BoundStatement(
                try db.cachedStatement(
                    sql: """
                        INSERT INTO \(RollupSchema.table(tagged: tagged)) (\(columns.joined(separator: ", ")))
                        VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                        ON CONFLICT DO UPDATE SET \(RollupTotals.columns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
                        """))
        }
        var plain = try upsert(tagged: false)
        var tagged = try upsert(tagged: true)
        for (key, totals) in rollups.cells {
            if key.tagged {
                try tagged.run(key, totals, in: db)
            } else {
                try plain.run(key, totals, in: db)
            }
        }
        guard !rollups.sessions.isEmpty else { return }
        var sessions = BoundStatement(try db.cachedStatement(sql: SessionSchema.upsert(.sqlite)))
        for (session, sums) in rollups.sessions {
            sessions.bind(session)
            sessions.bind(sums.first)
            sessions.bind(sums.last)
            for value in sums.values { sessions.bind(value) }
            try sessions.run(in: db)
        }
    }

    /// Deletes the batch's rollup rows that no longer sum any event (after repricing moved them).
    static func deleteEmptyRows(of rollups: RollupBatch, in db: Database) throws {
        func delete(tagged: Bool) throws -> BoundStatement {
            let key = RollupSchema.keyColumns(tagged: tagged).map { "\($0) = ?" }.joined(separator: " AND ")
            return BoundStatement(
                try db.cachedStatement(sql: "DELETE FROM \(RollupSchema.table(tagged: tagged)) WHERE \(key) AND requests = 0"))
        }
        var plain = try delete(tagged: false)
        var tagged = try delete(tagged: true)
        for key in rollups.cells.keys {
            if key.tagged {
                try tagged.run(key, in: db)
            } else {
                try plain.run(key, in: db)
            }
        }
    }
}

extension BoundStatement {
    /// Runs the statement for one rollup row: its key in the order of
    /// `RollupSchema.keyColumns(tagged:)`, then its sums when given.
    fileprivate mutating func run(_ key: RollupKey, _ totals: RollupTotals? = nil, in db: Database) throws {
        bind(Int64(key.rollup))
        bind(key.bucket)
        for value in key.values { bind(value) }
        bind(key.priced)
        for sum in totals?.values ?? [] { bind(sum) }
        try run(in: db)
    }
}

/// Sums a batch of events into rollups on a thread of its own, for a writer that waits for the
/// result once it has inserted the rows.
final class ConcurrentRollups: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once on the summing thread before `done` is signalled, read after `wait()`.
    private var batch = RollupBatch()

    init(_ events: [PricedEvent]) {
        DispatchQueue.global().async {
            var batch = RollupBatch()
            for priced in events { batch.add(priced) }
            self.batch = batch
            self.done.signal()
        }
    }

    /// The sums, once the summing thread is done.
    func wait() -> RollupBatch {
        done.wait()
        return batch
    }
}

/// The names of the jobs a process is running.
final class JobSet: Sendable {
    private let names = Mutex<Set<String>>([])

    func withLock<T>(_ body: (inout Set<String>) -> T) -> T { names.withLock { body(&$0) } }
}

/// A row of the `events` view, read by column.
extension Row: ColumnReader {
    func text(_ column: EventColumn) throws -> String { try decode(atIndex: column.index) }
    func int(_ column: EventColumn) throws -> Int64 { try decode(atIndex: column.index) }
    func optionalInt(_ column: EventColumn) throws -> Int64? { try decode(atIndex: column.index) }
    func optionalText(_ column: EventColumn) throws -> String? { try decode(atIndex: column.index) }
    func flag(_ column: EventColumn) throws -> Bool { try decode(atIndex: column.index) }
    func optionalDouble(_ column: EventColumn) throws -> Double? { try decode(atIndex: column.index) }
}
