import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
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
        let statements = AggregateQuery.statements(for: filter, grouping: grouping, dialect: .sqlite)
        return try await writer.read { db in
            try statements.flatMap { statement in
                try Row.fetchAll(db, sql: statement.sql, arguments: Self.arguments(statement.values)).map { row in
                    AggregateRow(
                        key: row[0], model: row[1], bucket: row[2], status: row[3], priced: row[4], requests: row[5],
                        usage: TokenUsage(
                            inputTokens: row[6], outputTokens: row[7], cacheReadTokens: row[8],
                            cacheWriteTokens: row[9], cacheWrite1hTokens: row[10], reasoningTokens: row[11]),
                        cost: CostBreakdown(
                            uncachedInput: Money(nanos: row[12]), cacheRead: Money(nanos: row[13]),
                            cacheWrite: Money(nanos: row[14]), output: Money(nanos: row[15])))
                }
            }
        }
    }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(
            values.map { value -> any DatabaseValueConvertible in
                switch value {
                case .int(let number): number
                case .text(let text): text
                }
            })
    }

    public func priceOverrides() async throws -> [PriceEntry] {
        let documents = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM price_overrides ORDER BY provider, model, effective_from")
        }
        return try documents.flatMap { document in
            try PriceDocument.parse(Array("[\(document)]".utf8), origin: .override)
        }
    }

    public func savePriceOverride(_ entry: PriceEntry) async throws {
        let document = PriceDocument.jsonValue(for: entry).serialized()
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO price_overrides (provider, model, effective_from, document, updated_at, revision)
                    VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(revision), 0) + 1 FROM price_overrides))
                    ON CONFLICT (provider, model, effective_from) DO UPDATE SET
                        document = excluded.document, updated_at = excluded.updated_at, revision = excluded.revision
                    """,
                arguments: [
                    entry.provider, entry.model, CalendarDate.string(from: entry.effectiveFrom), document,
                    Timestamp.now().microseconds,
                ])
        }
    }

    public func priceOverridesRevision() async throws -> Int64 {
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(revision), 0) FROM price_overrides") ?? 0
        }
    }
}
