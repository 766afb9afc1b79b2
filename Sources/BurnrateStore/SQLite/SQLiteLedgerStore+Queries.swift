import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func aggregate(_ filter: EventFilter, by keys: [GroupKey]) async throws -> [AggregateGroup] {
        guard let query = AggregateQuery(filter, by: keys, dialect: .sqlite) else { return [] }
        let keyColumns = query.keyColumns
        let rows = try await writer.read { db in
            var rows: [(keys: [String?], numbers: [Int64])] = []
            let cursor = try Row.fetchCursor(db, sql: query.sql, arguments: Self.arguments(query.values))
            while let row = try cursor.next() {
                rows.append(
                    (
                        (0..<keyColumns).map { row[$0] as String? },
                        (keyColumns..<row.count).map { row[$0] as Int64 }
                    ))
            }
            return rows
        }
        return query.groups(from: rows)
    }

    public func activeUsers(_ filter: EventFilter) async throws -> Int64 {
        guard let query = AggregateQuery.activeUsers(filter, dialect: .sqlite) else { return 0 }
        return try await writer.read { db in
            try Int64.fetchOne(db, sql: query.sql, arguments: Self.arguments(query.values)) ?? 0
        }
    }

    public func partiallyPriced(_ filter: EventFilter) async throws -> [PartiallyPricedModel] {
        guard let query = AggregateQuery.partiallyPriced(filter, dialect: .sqlite) else { return [] }
        let rows = try await writer.read { db in
            try Row.fetchAll(db, sql: query.sql, arguments: Self.arguments(query.values)).map { row in
                (provider: row[0] as String? ?? "", model: row[1] as String? ?? "", unbilled: row[2] as String?, count: row[3] as Int64)
            }
        }
        return AggregateQuery.partiallyPricedModels(rows)
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

    public func savePriceOverrides(_ entries: [PriceEntry]) async throws {
        try await writer.write { db in
            for entry in entries {
                let document = PriceDocument.jsonValue(for: entry).serialized()
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
    }

    public func priceOverridesRevision() async throws -> Int64 {
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(revision), 0) FROM price_overrides") ?? 0
        }
    }
}
