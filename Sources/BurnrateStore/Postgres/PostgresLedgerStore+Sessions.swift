import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func sessions(_ filter: EventFilter, order: SessionOrder, limit: Int, offset: Int) async throws -> [SessionSummary] {
        let query = SessionQuery.list(filter, order: order, limit: limit, offset: offset, dialect: .postgres)
        return try await read { connection in
            var sessions = try await self.rows(query, textColumns: SessionQuery.textColumns, on: connection).map { texts, numbers in
                (number: numbers[8], summary: SessionQuery.summary(texts: texts, numbers: numbers))
            }
            guard !sessions.isEmpty else { return [] }
            try await self.attachModels(to: &sessions, on: connection)
            return sessions.map(\.summary)
        }
    }

    public func sessions(ids: [String]) async throws -> [SessionSummary] {
        try await read { connection in
            var found: [SessionSummary] = []
            for start in stride(from: 0, to: ids.count, by: SessionQuery.maximumIDs) {
                let chunk = Array(ids[start..<min(start + SessionQuery.maximumIDs, ids.count)])
                let query = SessionQuery.some(ids: chunk, dialect: .postgres)
                found += try await self.rows(query, textColumns: SessionQuery.textColumns, on: connection).map {
                    SessionQuery.summary(texts: $0.texts, numbers: $0.numbers)
                }
            }
            return found
        }
    }

    public func session(id: String, limit: Int) async throws -> (summary: SessionSummary, calls: [PricedEvent])? {
        try await read { connection in
            guard
                let row = try await self.rows(
                    SessionQuery.one(id: id, dialect: .postgres), textColumns: SessionQuery.textColumns, on: connection
                ).first
            else { return nil }
            var session = [(number: row.numbers[8], summary: SessionQuery.summary(texts: row.texts, numbers: row.numbers))]
            try await self.attachModels(to: &session, on: connection)
            let query = SessionQuery.calls(id: id, limit: limit, dialect: .postgres)
            var calls: [PricedEvent] = []
            for try await row in try await connection.query(Self.query(query.sql, query.values), logger: self.logger) {
                calls.append(try PostgresEventRow(row).storedEvent().priced)
            }
            return (session[0].summary, calls)
        }
    }

    public func sessionCostDistribution(_ filter: EventFilter, bucketSeconds: Int64?) async throws -> [SessionCostDistribution] {
        let query = SessionQuery.distribution(filter, bucketSeconds: bucketSeconds, dialect: .postgres)
        return try await read { connection in
            try await self.rows(query, textColumns: 1, on: connection).map { texts, numbers in
                SessionQuery.distribution(texts: texts, numbers: numbers, bucketed: bucketSeconds != nil)
            }
        }
    }

    public func sessionActivity(
        activeFrom from: Timestamp, to: Timestamp, perFeature: Int?, repeatedPrompts: Bool
    ) async throws
        -> [SessionActivity]
    {
        try await read { connection in
            let rows = try await self.rows(
                SessionQuery.activity(from: from, to: to, perFeature: perFeature, dialect: .postgres), textColumns: 2, on: connection)
            var repeats: [Int64: Int64] = [:]
            if repeatedPrompts {
                let numbers = rows.map { $0.numbers[4] }
                for start in stride(from: 0, to: numbers.count, by: SessionQuery.maximumIDs) {
                    let chunk = Array(numbers[start..<min(start + SessionQuery.maximumIDs, numbers.count)])
                    for row in try await self.rows((SessionQuery.repeatedPrompts(of: chunk), []), textColumns: 0, on: connection) {
                        repeats[row.numbers[0]] = row.numbers[1]
                    }
                }
            }
            return SessionQuery.activities(rows, repeats: repeats)
        }
    }

    public func stepCosts(_ filter: EventFilter, limit: Int) async throws -> [StepCost] {
        let query = SessionQuery.steps(filter, limit: limit, dialect: .postgres)
        return try await read { connection in
            try await self.rows(query, textColumns: 1, on: connection).map { texts, numbers in
                SessionQuery.step(texts: texts, numbers: numbers)
            }
        }
    }

    private func attachModels(to sessions: inout [(number: Int64, summary: SessionSummary)], on connection: PostgresConnection) async throws
    {
        let models = try await rows((SessionQuery.models(of: sessions.map(\.number)), []), textColumns: 1, on: connection).map {
            texts, numbers in (model: texts[0], session: numbers[0], calls: numbers[1])
        }
        SessionQuery.attach(models: models, to: &sessions)
    }

    /// The rows of `query`: the first `textColumns` cells as text, the rest as integers.
    func rows(
        _ query: (sql: String, values: [SQLValue]), textColumns: Int, on connection: PostgresConnection
    ) async throws -> [(texts: [String?], numbers: [Int64])] {
        var rows: [(texts: [String?], numbers: [Int64])] = []
        for try await row in try await connection.query(Self.query(query.sql, query.values), logger: logger) {
            var texts: [String?] = []
            var numbers: [Int64] = []
            for (index, cell) in row.enumerated() {
                if index < textColumns {
                    texts.append(try cell.decode(String?.self))
                } else {
                    numbers.append(try cell.decode(Int64.self))
                }
            }
            rows.append((texts, numbers))
        }
        return rows
    }
}
