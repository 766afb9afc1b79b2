import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    /// The column definitions `jsonb_to_recordset` reads a batch of outcomes with.
    static let outcomeRecordType = "id text, session_id text, type text, success boolean, value bigint, ts bigint, recorded_at bigint"

    public func saveOutcomes(_ outcomes: [Outcome]) async throws -> [SavedOutcome] {
        guard !outcomes.isEmpty else { return [] }
        let batch = OutcomeBatch(outcomes)
        let now = Timestamp.now().microseconds
        let document = JSONValue.array(batch.firsts.map { Self.outcomeRow($0, recordedAt: now) }).serialized()
        let ids = batch.firsts.map(\.id)
        let result = try await transaction { connection in
            // One statement for the whole batch; concurrent writers of one id store it once.
            let rows = try await connection.query(
                """
                INSERT INTO outcomes (\(unescaped: OutcomeQuery.columns.joined(separator: ", ")))
                SELECT \(unescaped: OutcomeQuery.columns.joined(separator: ", "))
                FROM jsonb_to_recordset(\(document)::jsonb) AS incoming(\(unescaped: Self.outcomeRecordType))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: self.logger)
            var inserted: Set<String> = []
            for try await id in rows.decode(String.self) { inserted.insert(id) }
            let repeated = ids.filter { !inserted.contains($0) }
            let stored = try await self.fetchOutcomes(ids: repeated, on: connection)
            let result = try batch.results(inserted: inserted, stored: stored)
            if case .failure = result, !inserted.isEmpty {
                // Returned rather than thrown, so that the caller sees the conflict itself; what
                // the batch inserted is taken out again before the transaction commits.
                try await connection.query("DELETE FROM outcomes WHERE id = ANY(\(Array(inserted)))", logger: self.logger)
            }
            return result
        }
        return try result.get()
    }

    public func outcomes(_ filter: OutcomeFilter, after cursor: OutcomeCursor?, limit: Int) async throws -> [Outcome] {
        try await fetchOutcomes(OutcomeQuery.page(filter, after: cursor, limit: limit, dialect: .postgres))
    }

    public func outcomes(sessionIDs: [String]) async throws -> [Outcome] {
        guard !sessionIDs.isEmpty else { return [] }
        return try await fetchOutcomes(OutcomeQuery.sessions(sessionIDs, dialect: .postgres))
    }

    private func fetchOutcomes(_ query: OutcomeQuery) async throws -> [Outcome] {
        let statement = Self.query(query.sql, query.values)
        return try await read { connection in
            var outcomes: [Outcome] = []
            for try await row in try await connection.query(statement, logger: self.logger) {
                outcomes.append(try Self.outcome(from: row))
            }
            return outcomes
        }
    }

    /// The stored outcomes with these ids, by id.
    func fetchOutcomes(ids: [String], on connection: PostgresConnection) async throws -> [String: Outcome] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT \(unescaped: OutcomeQuery.selectList) FROM outcomes WHERE id = ANY(\(ids))", logger: logger)
        var found: [String: Outcome] = [:]
        for try await row in rows {
            let outcome = try Self.outcome(from: row)
            found[outcome.id] = outcome
        }
        return found
    }

    /// An outcome as a row of `outcomeRecordType`.
    static func outcomeRow(_ outcome: Outcome, recordedAt: Int64) -> JSONValue {
        .fields([
            ("id", .string(outcome.id)), ("session_id", .string(outcome.sessionID)), ("type", .string(outcome.type)),
            ("success", .bool(outcome.success)), ("value", outcome.value.map { .number(String($0.nanos)) }),
            ("ts", .number(String(outcome.timestamp.microseconds))), ("recorded_at", .number(String(recordedAt))),
        ])
    }

    static func outcome(from row: PostgresRow) throws -> Outcome {
        let (id, session, type, success, value, timestamp) = try row.decode((String, String, String, Bool, Int64?, Int64).self)
        return Outcome(
            id: id, sessionID: session, type: type, success: success, value: value.map { Money(nanos: $0) },
            timestamp: Timestamp(microseconds: timestamp))
    }
}
