import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func aggregate(_ filter: EventFilter, by keys: [GroupKey]) async throws -> [AggregateGroup] {
        guard let query = AggregateQuery(filter, by: keys, dialect: .postgres) else { return [] }
        let keyColumns = query.keyColumns
        let rows = try await read { connection in
            var rows: [(keys: [String?], numbers: [Int64])] = []
            for try await row in try await connection.query(Self.query(query.sql, query.values), logger: self.logger) {
                var keys: [String?] = []
                var numbers: [Int64] = []
                for (index, cell) in row.enumerated() {
                    if index < keyColumns {
                        keys.append(try cell.decode(String?.self))
                    } else {
                        numbers.append(try cell.decode(Int64.self))
                    }
                }
                rows.append((keys, numbers))
            }
            return rows
        }
        return query.groups(from: rows)
    }

    public func activeUsers(_ filter: EventFilter) async throws -> Int64 {
        guard let query = AggregateQuery.activeUsers(filter, dialect: .postgres) else { return 0 }
        return try await read { connection in
            for try await count in try await connection.query(Self.query(query.sql, query.values), logger: self.logger).decode(Int64.self) {
                return count
            }
            return 0
        }
    }

    public func partiallyPriced(_ filter: EventFilter) async throws -> [PartiallyPricedModel] {
        guard let query = AggregateQuery.partiallyPriced(filter, dialect: .postgres) else { return [] }
        let rows = try await read { connection in
            var rows: [(provider: String, model: String, unbilled: String?, count: Int64)] = []
            let result = try await connection.query(Self.query(query.sql, query.values), logger: self.logger)
            for try await (provider, model, unbilled, count) in result.decode((String, String, String?, Int64).self) {
                rows.append((provider, model, unbilled, count))
            }
            return rows
        }
        return AggregateQuery.partiallyPricedModels(rows)
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

    public func savePriceOverrides(_ entries: [PriceEntry]) async throws {
        let now = Timestamp.now().microseconds
        try await transaction { connection in
            // Saves take turns, so that the revision only grows in commit order.
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.priceOverrides))", logger: self.logger)
            for entry in entries {
                let document = PriceDocument.jsonValue(for: entry).serialized()
                let effectiveFrom = CalendarDate.string(from: entry.effectiveFrom)
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
    }

    public func priceOverridesRevision() async throws -> Int64 {
        try await read { connection in
            let rows = try await connection.query("SELECT COALESCE(MAX(revision), 0)::int8 FROM price_overrides", logger: self.logger)
            for try await revision in rows.decode(Int64.self) { return revision }
            return 0
        }
    }
}
