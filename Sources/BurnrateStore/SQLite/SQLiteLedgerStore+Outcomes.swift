import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func saveOutcomes(_ outcomes: [Outcome]) async throws -> [SavedOutcome] {
        guard !outcomes.isEmpty else { return [] }
        let batch = OutcomeBatch(outcomes)
        let now = Timestamp.now().microseconds
        let result = try await writer.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO outcomes (\(OutcomeQuery.columns.joined(separator: ", ")))
                    VALUES (\(Array(repeating: "?", count: OutcomeQuery.columns.count).joined(separator: ", ")))
                    ON CONFLICT (id) DO NOTHING
                    """)
            var inserted: Set<String> = []
            var repeated: [String] = []
            for outcome in batch.firsts {
                try insert.execute(arguments: [
                    outcome.id, outcome.sessionID, outcome.type, outcome.success, outcome.value?.nanos,
                    outcome.timestamp.microseconds, now,
                ])
                if db.changesCount > 0 { inserted.insert(outcome.id) } else { repeated.append(outcome.id) }
            }
            let stored = try Self.fetchOutcomes(ids: repeated, in: db)
            let result = try batch.results(inserted: inserted, stored: stored)
            // A conflict rolls the whole batch back.
            if case .failure(let conflict) = result { throw conflict }
            return result
        }
        return try result.get()
    }

    public func outcomes(_ filter: OutcomeFilter, after cursor: OutcomeCursor?, limit: Int) async throws -> [Outcome] {
        try await fetchOutcomes(OutcomeQuery.page(filter, after: cursor, limit: limit, dialect: .sqlite))
    }

    public func outcomes(sessionIDs: [String]) async throws -> [Outcome] {
        guard !sessionIDs.isEmpty else { return [] }
        return try await fetchOutcomes(OutcomeQuery.sessions(sessionIDs, dialect: .sqlite))
    }

    private func fetchOutcomes(_ query: OutcomeQuery) async throws -> [Outcome] {
        let arguments = Self.arguments(query.values)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: query.sql, arguments: arguments).map(Self.outcome(from:))
        }
    }

    /// The stored outcomes with these ids, by id.
    static func fetchOutcomes(ids: [String], in db: Database) throws -> [String: Outcome] {
        guard !ids.isEmpty else { return [:] }
        let list = JSONValue.array(ids.map(JSONValue.string)).serialized()
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(OutcomeQuery.selectList) FROM outcomes WHERE id IN (SELECT value FROM json_each(?))", arguments: [list])
        return Dictionary(rows.map(outcome(from:)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func outcome(from row: Row) -> Outcome {
        Outcome(
            id: row[0], sessionID: row[1], type: row[2], success: row[3], value: (row[4] as Int64?).map { Money(nanos: $0) },
            timestamp: Timestamp(microseconds: row[5]))
    }
}
