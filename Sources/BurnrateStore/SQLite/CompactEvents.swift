import BurnrateCore
import Foundation
import GRDB

/// The SQLite layout of events: dictionary-encoded rows in `event_rows`, read through the `events`
/// view, which decodes them into the columns every query names.
///
/// Attribution repeats a few thousand strings over millions of events, so each string (provider,
/// model, tenant, user, feature, team, environment, status, service tier, price id, tier) is
/// stored once in `dictionary` and events keep its number; a set of tags is stored once in
/// `tag_sets`. A row and its indexes then cost about a third of what the strings did. The view
/// also exposes the numbers as `*_code` columns, so that filters match a value through its index:
/// `tenant_code IN (SELECT id FROM dictionary WHERE value IN (...))`.
enum CompactEvents {
    /// The columns of `event_rows` that hold a dictionary number, by the name the view decodes them to.
    static let codedColumns = [
        "provider", "model", "service_tier", "status", "tenant", "user_id", "feature", "team", "environment", "price_id", "tier",
        "unbilled",
    ]

    /// The columns of `event_rows` that `EventColumn` names, in its order, as the compact layout
    /// first had them: all but `cost_total`, which the view adds up from the parts, and the run
    /// columns, which `v14-sessions` adds (`runRowColumns`).
    static let rowColumns = EventColumn.names.filter { name in
        name != EventColumn.costTotal.rawValue && !EventColumn.runColumns.contains { $0.rawValue == name }
    }

    /// The columns `v14-sessions` adds: the number of the call's row of `sessions`, the trace and
    /// parent ids as sent, and the step's dictionary number.
    static let runRowColumns = ["session", "trace_id", "parent_id", "step"]

    static let createTables = """
        CREATE TABLE dictionary (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
        CREATE TABLE tag_sets (id INTEGER PRIMARY KEY, tags TEXT NOT NULL UNIQUE);
        CREATE TABLE event_rows (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            ts INTEGER NOT NULL,
            provider INTEGER NOT NULL,
            model INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cache_read_tokens INTEGER NOT NULL,
            cache_write_tokens INTEGER NOT NULL,
            cache_write_1h_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            batch INTEGER NOT NULL,
            service_tier INTEGER,
            latency_ms INTEGER,
            status INTEGER NOT NULL,
            tenant INTEGER,
            user_id INTEGER,
            feature INTEGER,
            team INTEGER,
            environment INTEGER,
            tags INTEGER,
            prompt_hash TEXT,
            gpu_seconds REAL,
            price_id INTEGER,
            tier INTEGER,
            long_context INTEGER NOT NULL,
            cost_input INTEGER NOT NULL,
            cost_cache_read INTEGER NOT NULL,
            cost_cache_write INTEGER NOT NULL,
            cost_output INTEGER NOT NULL,
            ingested_at INTEGER NOT NULL,
            original_input_tokens INTEGER,
            unbilled INTEGER
        )
        """

    /// Time for ranges; tenant and user for the questions about one of thousands, which no rollup
    /// keeps by hour (the user's index has the tenant second, so that whether a user was active
    /// for one tenant is one seek); unpriced and partially priced events for repricing and for the
    /// list of what lacks a price.
    static let createIndexes = """
        CREATE INDEX event_rows_ts ON event_rows(ts);
        CREATE INDEX event_rows_tenant_ts ON event_rows(tenant, ts);
        CREATE INDEX event_rows_user_tenant_ts ON event_rows(user_id, tenant, ts);
        \(createUnpricedIndex)
        """

    static let createUnpricedIndex = "CREATE INDEX event_rows_unpriced_ts ON event_rows(ts) WHERE price_id IS NULL OR unbilled IS NOT NULL"

    /// Adds `unbilled` to a database compacted before it existed, and redefines the view and the
    /// unpriced index over it. Harmless where the column is already there.
    static func addUnbilled(_ db: Database) throws {
        if try !db.columns(in: "event_rows").contains(where: { $0.name == "unbilled" }) {
            try db.execute(sql: "ALTER TABLE event_rows ADD COLUMN unbilled INTEGER")
        }
        try db.execute(sql: "DROP VIEW events")
        try db.execute(sql: createView(runColumns: false))
        try db.execute(sql: "DROP INDEX IF EXISTS event_rows_unpriced_ts")
        try db.execute(sql: createUnpricedIndex)
    }

    /// Adds the run columns and the `sessions` table (`v14-sessions`); calls stored before have
    /// no session, so there is nothing to fill.
    static func addRunColumns(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE event_rows ADD COLUMN session INTEGER")
        try db.execute(sql: "ALTER TABLE event_rows ADD COLUMN trace_id TEXT")
        try db.execute(sql: "ALTER TABLE event_rows ADD COLUMN parent_id TEXT")
        try db.execute(sql: "ALTER TABLE event_rows ADD COLUMN step INTEGER")
        for statement in SessionSchema.create(.sqlite) { try db.execute(sql: statement) }
        // A run's calls in order; events without a session are not in it.
        try db.execute(sql: "CREATE INDEX event_rows_session_ts ON event_rows(session, ts) WHERE session IS NOT NULL")
        try db.execute(sql: "DROP VIEW events")
        try db.execute(sql: createView(runColumns: true))
    }

    /// The `events` view; before `v14-sessions` (`runColumns` false) the run columns read `NULL`.
    static func createView(runColumns: Bool) -> String {
        func decoded(_ column: String) -> String { "(SELECT value FROM dictionary WHERE id = e.\(column)) AS \(column)" }
        let columns = [
            "e.seq", "e.id", "e.ts", decoded("provider"), decoded("model"), "e.input_tokens", "e.output_tokens", "e.cache_read_tokens",
            "e.cache_write_tokens", "e.cache_write_1h_tokens", "e.reasoning_tokens", "e.batch", decoded("service_tier"),
            "e.latency_ms", decoded("status"), decoded("tenant"), decoded("user_id"), decoded("feature"), decoded("team"),
            decoded("environment"), "(SELECT tags FROM tag_sets WHERE id = e.tags) AS tags", "e.prompt_hash", "e.gpu_seconds",
            decoded("price_id"), decoded("tier"), "e.long_context", "e.cost_input", "e.cost_cache_read", "e.cost_cache_write",
            "e.cost_output", "e.cost_input + e.cost_cache_read + e.cost_cache_write + e.cost_output AS cost_total", "e.ingested_at",
            "e.original_input_tokens", decoded("unbilled"),
        ]
        let run =
            runColumns
            ? [
                "(SELECT session FROM sessions WHERE id = e.session) AS session_id", "e.trace_id", "e.parent_id", decoded("step"),
                "e.session AS session_code", "e.step AS step_code",
            ]
            : ["NULL AS session_id", "NULL AS trace_id", "NULL AS parent_id", "NULL AS step", "NULL AS session_code", "NULL AS step_code"]
        let codes = ["e.tags AS tags_code"] + codedColumns.map { "e.\($0) AS \($0)_code" }
        return
            "CREATE VIEW events AS SELECT \((columns + run.prefix(4) + codes + run.dropFirst(4)).joined(separator: ", ")) FROM event_rows e"
    }

    /// How many events `copyAhead` copies per transaction.
    static let chunkSize = 100_000

    /// Copies the text layout's events into `event_rows` before `v11-compact-events` runs, a chunk
    /// per transaction, leaving the old table as it is. A copy that is interrupted (a restart, a
    /// crash, a full disk) resumes after the last chunk it committed, and the migration then only
    /// copies what is left, checks, and switches over.
    static func copyAhead(_ writer: any DatabaseWriter, reporting report: MigrationProgress.Report?) throws {
        let total = try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 }
        guard total > 0 else { return }
        try writer.write { db in
            if try !db.tableExists("event_rows") { try db.execute(sql: createTables) }
        }
        let resumed = try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event_rows") ?? 0 }
        report?(
            .stage(
                resumed > 0
                    ? "Resuming the move of \(total) events to the compact layout after the \(resumed) already copied; the old layout stays until it is done."
                    : "Moving \(total) events to the compact layout, \(chunkSize) at a time; the old layout stays until it is done."))
        var copied = resumed
        while true {
            let count = try writer.write { db in try copyChunk(db, from: "events", limit: chunkSize) }
            guard count > 0 else { break }
            copied += count
            report?(.copied(events: copied, of: total))
        }
    }

    /// Copies the events of the text table `source` that `event_rows` lacks, in the order of their
    /// row ids (which become their `seq`), at most `limit`; returns how many.
    static func copyChunk(_ db: Database, from source: String, limit: Int?) throws -> Int {
        let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM event_rows") ?? 0
        try db.execute(
            sql: "CREATE TEMP TABLE chunk AS SELECT rowid AS seq, * FROM \(source) WHERE rowid > ? ORDER BY rowid LIMIT ?",
            arguments: [last, limit ?? -1])
        defer { try? db.execute(sql: "DROP TABLE temp.chunk") }
        // `unbilled` came after the text layout: its events have none.
        let texts = codedColumns.filter { $0 != "unbilled" }.map { "SELECT \($0) FROM chunk WHERE \($0) IS NOT NULL" }
            .joined(separator: " UNION ")
        try db.execute(sql: "INSERT OR IGNORE INTO dictionary (value) \(texts)")
        try db.execute(sql: "INSERT OR IGNORE INTO tag_sets (tags) SELECT DISTINCT tags FROM chunk WHERE tags IS NOT NULL")
        let values = rowColumns.map { column in
            if column == "unbilled" { return "NULL" }
            if codedColumns.contains(column) { return "(SELECT id FROM dictionary WHERE value = old.\(column))" }
            if column == "tags" { return "(SELECT id FROM tag_sets WHERE tags = old.tags)" }
            return "old.\(column)"
        }
        try db.execute(
            sql: """
                INSERT INTO event_rows (seq, \(rowColumns.joined(separator: ", ")))
                SELECT old.seq, \(values.joined(separator: ", ")) FROM chunk AS old ORDER BY old.seq
                """)
        return db.changesCount
    }

    /// Moves a database from the text `events` table to this layout: copies every event that
    /// `copyAhead` did not, checks that the two tables hold the same rows, to the nano-dollar, and
    /// rebuilds every rollup from the copy. One transaction (the migration's), so an interrupted
    /// run leaves the old layout, and the events copied ahead.
    static func migrate(_ db: Database, reporting report: MigrationProgress.Report?) throws {
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
        // A new database has nothing to move: nothing to say.
        let report = total > 0 ? report : nil
        try db.execute(sql: "ALTER TABLE events RENAME TO events_text")
        if try !db.tableExists("event_rows") { try db.execute(sql: createTables) }
        _ = try copyChunk(db, from: "events_text", limit: nil)
        try db.execute(sql: createView(runColumns: false))
        report?(.stage("Copied \(total) events; checking that every one is unchanged."))
        try verifyCopy(db)
        try db.execute(sql: "DROP TABLE events_text")
        report?(.stage("Checked; building the indexes."))
        try db.execute(sql: createIndexes)
        try rebuildRollups(db, total: total, reporting: report)
    }

    /// Throws unless the view returns exactly the rows of the old table.
    private static func verifyCopy(_ db: Database) throws {
        let columns = rowColumns.filter { $0 != "unbilled" }.joined(separator: ", ")
        let old = try Int.fetchOne(db, sql: "SELECT count(*) FROM events_text") ?? 0
        let new = try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
        let missing =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM (SELECT \(columns) FROM events_text EXCEPT SELECT \(columns) FROM events)") ?? 0
        guard old == new, missing == 0 else {
            throw StoreError(message: "compacting events changed them: \(old) events before, \(new) after, \(missing) differing")
        }
    }

    /// Empties the rollups and sums every stored event into them anew, 50,000 events at a time.
    static func rebuildRollups(_ db: Database, total: Int, reporting report: MigrationProgress.Report?) throws {
        for table in RollupSchema.tables { try db.execute(sql: "DELETE FROM \(table)") }
        var summed = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT \(EventColumn.selectList) FROM events ORDER BY seq")
        var batch = RollupBatch()
        var pending = 0
        while let row = try rows.next() {
            batch.add(try row.storedEvent().priced)
            pending += 1
            if pending == 50_000 {
                try SQLiteLedgerStore.apply(batch, in: db)
                batch = RollupBatch()
                summed += pending
                pending = 0
                report?(.rollups(summed: summed, of: total))
            }
        }
        try SQLiteLedgerStore.apply(batch, in: db)
        report?(.rollups(summed: summed + pending, of: total))
    }
}

/// Numbers strings and tag sets for `event_rows` within one write transaction: looked up once per
/// transaction, added to `dictionary` or `tag_sets` when new.
///
/// The numbers are kept for the transaction only: one that rolled back may have handed out numbers
/// that were never stored.
struct DictionaryCoder {
    private var known: [String: Int64] = [:]
    private var knownTags: [String: Int64] = [:]
    private var knownSessions: [String: Int64] = [:]

    mutating func code(_ value: String?, in db: Database) throws -> Int64? {
        guard let value else { return nil }
        if let code = known[value] { return code }
        let code = try Self.code(value, table: "dictionary", column: "value", in: db)
        known[value] = code
        return code
    }

    mutating func code(tags: [String: String], in db: Database) throws -> Int64? {
        guard let text = TagCoding.encode(tags) else { return nil }
        if let code = knownTags[text] { return code }
        let code = try Self.code(text, table: "tag_sets", column: "tags", in: db)
        knownTags[text] = code
        return code
    }

    /// The number of the event's session's row in `sessions`, creating the row, with the event's
    /// time and attribution, for a session met for the first time; `nil` without a session.
    mutating func session(of event: UsageEvent, in db: Database) throws -> Int64? {
        guard let session = event.run.sessionID else { return nil }
        if let known = knownSessions[session] { return known }
        let find = try db.cachedStatement(sql: "SELECT id FROM sessions WHERE session = ?")
        if let found = try Int64.fetchOne(find, arguments: [session]) {
            knownSessions[session] = found
            return found
        }
        let attribution = event.attribution
        var arguments: StatementArguments = [session, event.timestamp.microseconds, event.timestamp.microseconds]
        for value in [attribution.tenant, attribution.user, attribution.feature, attribution.team, attribution.environment] {
            arguments += [try code(value, in: db)]
        }
        let columns = ["session", "first_ts", "last_ts"] + SessionSchema.attributionColumns
        try db.cachedStatement(
            sql:
                "INSERT INTO sessions (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        ).execute(arguments: arguments)
        let created = db.lastInsertedRowID
        knownSessions[session] = created
        return created
    }

    private static func code(_ text: String, table: String, column: String, in db: Database) throws -> Int64 {
        let find = try db.cachedStatement(sql: "SELECT id FROM \(table) WHERE \(column) = ?")
        if let code = try Int64.fetchOne(find, arguments: [text]) { return code }
        try db.cachedStatement(sql: "INSERT INTO \(table) (\(column)) VALUES (?)").execute(arguments: [text])
        return db.lastInsertedRowID
    }
}

/// Inserts events into `event_rows`, skipping ids already stored.
struct EventRowWriter {
    private var insert: BoundStatement
    private var coder = DictionaryCoder()

    static let insertSQL: String = {
        let columns = CompactEvents.rowColumns + CompactEvents.runRowColumns
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO event_rows (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) ON CONFLICT(id) DO NOTHING"
    }()

    init(_ db: Database) throws {
        insert = BoundStatement(try db.cachedStatement(sql: Self.insertSQL))
    }

    /// Stores the event unless its id is stored; returns whether it was new.
    mutating func insert(_ priced: PricedEvent, ingestedAt: Timestamp, in db: Database) throws -> Bool {
        let event = priced.event
        let usage = event.usage
        let cost = priced.cost
        let attribution = event.attribution
        insert.bind(event.id)
        insert.bind(event.timestamp.microseconds)
        insert.bind(try coder.code(event.provider, in: db))
        insert.bind(try coder.code(event.model, in: db))
        insert.bind(usage.inputTokens)
        insert.bind(usage.outputTokens)
        insert.bind(usage.cacheReadTokens)
        insert.bind(usage.cacheWriteTokens)
        insert.bind(usage.cacheWrite1hTokens)
        insert.bind(usage.reasoningTokens)
        insert.bind(event.batch)
        insert.bind(try coder.code(event.serviceTier, in: db))
        insert.bind(event.latencyMs)
        insert.bind(try coder.code(event.status.rawValue, in: db))
        insert.bind(try coder.code(attribution.tenant, in: db))
        insert.bind(try coder.code(attribution.user, in: db))
        insert.bind(try coder.code(attribution.feature, in: db))
        insert.bind(try coder.code(attribution.team, in: db))
        insert.bind(try coder.code(attribution.environment, in: db))
        insert.bind(try coder.code(tags: event.tags, in: db))
        insert.bind(event.promptHash)
        insert.bind(event.gpuSeconds)
        insert.bind(try coder.code(priced.pricing?.priceID, in: db))
        insert.bind(try coder.code(priced.pricing?.tier, in: db))
        insert.bind(priced.pricing?.longContext ?? false)
        insert.bind(cost.uncachedInput.nanos)
        insert.bind(cost.cacheRead.nanos)
        insert.bind(cost.cacheWrite.nanos)
        insert.bind(cost.output.nanos)
        insert.bind(ingestedAt.microseconds)
        insert.bind(event.originalInputTokens)
        insert.bind(try coder.code(priced.pricing?.unbilled.storedText, in: db))
        insert.bind(try coder.session(of: event, in: db))
        insert.bind(event.run.traceID)
        insert.bind(event.run.parentID)
        insert.bind(try coder.code(event.run.step, in: db))
        try insert.run(in: db)
        return db.changesCount > 0
    }

    /// Sets the price, cost parts and provider of a stored event, as repricing decided them.
    mutating func updatePrice(of priced: PricedEvent, in db: Database) throws {
        let cost = priced.cost
        try db.cachedStatement(
            sql: """
                UPDATE event_rows SET provider = ?, price_id = ?, tier = ?, long_context = ?, cost_input = ?, cost_cache_read = ?,
                    cost_cache_write = ?, cost_output = ?, unbilled = ? WHERE id = ?
                """
        ).execute(arguments: [
            try coder.code(priced.event.provider, in: db), try coder.code(priced.pricing?.priceID, in: db),
            try coder.code(priced.pricing?.tier, in: db), priced.pricing?.longContext ?? false, cost.uncachedInput.nanos,
            cost.cacheRead.nanos, cost.cacheWrite.nanos, cost.output.nanos, try coder.code(priced.pricing?.unbilled.storedText, in: db),
            priced.event.id,
        ])
    }
}
