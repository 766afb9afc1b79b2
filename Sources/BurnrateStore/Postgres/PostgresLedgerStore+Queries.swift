import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func summary(_ filter: EventFilter) async throws -> LedgerSummary {
        AggregateQuery.summary(from: try await aggregate(filter, grouping: .model))
    }

    public func breakdown(_ filter: EventFilter, by dimension: Dimension, limit: Int) async throws -> [BreakdownRow] {
        AggregateQuery.breakdown(from: try await aggregate(filter, grouping: .dimension(dimension)), limit: limit)
    }

    public func timeseries(_ filter: EventFilter, interval: BucketInterval) async throws -> [TimeseriesPoint] {
        AggregateQuery.timeseries(from: try await aggregate(filter, grouping: .time(interval)))
    }

    /// The rows of every statement of an aggregate, read in one snapshot.
    func aggregate(_ filter: EventFilter, grouping: Grouping) async throws -> [AggregateRow] {
        let statements = AggregateQuery.statements(for: filter, grouping: grouping, dialect: .postgres)
        let snapshot = statements.count > 1
        let work: @Sendable (PostgresConnection) async throws -> [AggregateRow] = { connection in
            if snapshot { try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: self.logger) }
            var result: [AggregateRow] = []
            for statement in statements {
                let rows = try await connection.query(Self.query(statement.sql, statement.values), logger: self.logger)
                for try await row in rows {
                    let cells = row.makeRandomAccess()
                    func int(_ index: Int) throws -> Int64 { try cells[index].decode(Int64.self) }
                    result.append(
                        AggregateRow(
                            key: try cells[0].decode(String.self), model: try cells[1].decode(String.self), bucket: try int(2),
                            status: try cells[3].decode(String.self), priced: try int(4) != 0, requests: try int(5),
                            usage: TokenUsage(
                                inputTokens: try int(6), outputTokens: try int(7), cacheReadTokens: try int(8),
                                cacheWriteTokens: try int(9), cacheWrite1hTokens: try int(10), reasoningTokens: try int(11)),
                            cost: CostBreakdown(
                                uncachedInput: Money(nanos: try int(12)), cacheRead: Money(nanos: try int(13)),
                                cacheWrite: Money(nanos: try int(14)), output: Money(nanos: try int(15)))))
                }
            }
            return result
        }
        return snapshot ? try await transaction(work) : try await read(work)
    }

    /// A query whose `$n` placeholders take `values`.
    static func query(_ sql: String, _ values: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .int(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    public func priceOverrides() async throws -> [PriceEntry] {
        let documents = try await read { connection in
            var documents: [String] = []
            let rows = try await connection.query(
                "SELECT document FROM price_overrides ORDER BY provider, model, effective_from", logger: self.logger)
            for try await document in rows.decode(String.self) { documents.append(document) }
            return documents
        }
        return try documents.flatMap { document in
            try PriceDocument.parse(Array("[\(document)]".utf8), origin: .override)
        }
    }

    public func savePriceOverride(_ entry: PriceEntry) async throws {
        let document = PriceDocument.jsonValue(for: entry).serialized()
        let effectiveFrom = CalendarDate.string(from: entry.effectiveFrom)
        let now = Timestamp.now().microseconds
        try await transaction { connection in
            // Saves take turns, so that the revision only grows in commit order.
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.priceOverrides))", logger: self.logger)
            try await connection.query(
                """
                INSERT INTO price_overrides (provider, model, effective_from, document, updated_at, revision)
                VALUES (\(entry.provider), \(entry.model), \(effectiveFrom), \(document), \(now),
                    (SELECT COALESCE(MAX(revision), 0) + 1 FROM price_overrides))
                ON CONFLICT (provider, model, effective_from) DO UPDATE SET
                    document = excluded.document, updated_at = excluded.updated_at, revision = excluded.revision
                """, logger: self.logger)
        }
    }

    public func priceOverridesRevision() async throws -> Int64 {
        try await read { connection in
            let rows = try await connection.query("SELECT COALESCE(MAX(revision), 0)::int8 FROM price_overrides", logger: self.logger)
            for try await revision in rows.decode(Int64.self) { return revision }
            return 0
        }
    }
}
