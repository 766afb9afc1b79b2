import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func sessions(_ filter: EventFilter, order: SessionOrder, limit: Int, offset: Int) async throws -> [SessionSummary] {
        let query = SessionQuery.list(filter, order: order, limit: limit, offset: offset, dialect: .sqlite)
        return try await writer.read { db in
            var sessions = try Self.rows(db, query, textColumns: SessionQuery.textColumns).map { texts, numbers in
                (number: numbers[8], summary: SessionQuery.summary(texts: texts, numbers: numbers))
            }
            guard !sessions.isEmpty else { return [] }
            let models = try Self.rows(db, (SessionQuery.models(of: sessions.map(\.number)), []), textColumns: 1).map { texts, numbers in
                (model: texts[0], session: numbers[0], calls: numbers[1])
            }
            SessionQuery.attach(models: models, to: &sessions)
            return sessions.map(\.summary)
        }
    }

    public func sessions(ids: [String]) async throws -> [SessionSummary] {
        try await writer.read { db in
            var found: [SessionSummary] = []
            for start in stride(from: 0, to: ids.count, by: SessionQuery.maximumIDs) {
                let chunk = Array(ids[start..<min(start + SessionQuery.maximumIDs, ids.count)])
                found += try Self.rows(db, SessionQuery.some(ids: chunk, dialect: .sqlite), textColumns: SessionQuery.textColumns).map {
                    SessionQuery.summary(texts: $0.texts, numbers: $0.numbers)
                }
            }
            return found
        }
    }

    public func session(id: String, limit: Int) async throws -> (summary: SessionSummary, calls: [PricedEvent])? {
        try await writer.read { db in
            guard let row = try Self.rows(db, SessionQuery.one(id: id, dialect: .sqlite), textColumns: SessionQuery.textColumns).first
            else { return nil }
            var session = [(number: row.numbers[8], summary: SessionQuery.summary(texts: row.texts, numbers: row.numbers))]
            let models = try Self.rows(db, (SessionQuery.models(of: [row.numbers[8]]), []), textColumns: 1).map { texts, numbers in
                (model: texts[0], session: numbers[0], calls: numbers[1])
            }
            SessionQuery.attach(models: models, to: &session)
            let query = SessionQuery.calls(id: id, limit: limit, dialect: .sqlite)
            let calls = try Row.fetchAll(db, sql: query.sql, arguments: Self.arguments(query.values)).map { try $0.storedEvent().priced }
            return (session[0].summary, calls)
        }
    }

    public func sessionCostDistribution(_ filter: EventFilter, bucketSeconds: Int64?) async throws -> [SessionCostDistribution] {
        let query = SessionQuery.distribution(filter, bucketSeconds: bucketSeconds, dialect: .sqlite)
        return try await writer.read { db in
            try Self.rows(db, query, textColumns: 1).map { texts, numbers in
                SessionQuery.distribution(texts: texts, numbers: numbers, bucketed: bucketSeconds != nil)
            }
        }
    }

    public func sessionActivity(
        activeFrom from: Timestamp, to: Timestamp, perFeature: Int?, repeatedPrompts: Bool
    ) async throws
        -> [SessionActivity]
    {
        try await writer.read { db in
            let rows = try Self.rows(
                db, SessionQuery.activity(from: from, to: to, perFeature: perFeature, dialect: .sqlite), textColumns: 2)
            var repeats: [Int64: Int64] = [:]
            if repeatedPrompts {
                let numbers = rows.map { $0.numbers[4] }
                for start in stride(from: 0, to: numbers.count, by: SessionQuery.maximumIDs) {
                    let chunk = Array(numbers[start..<min(start + SessionQuery.maximumIDs, numbers.count)])
                    for row in try Self.rows(db, (SessionQuery.repeatedPrompts(of: chunk), []), textColumns: 0) {
                        repeats[row.numbers[0]] = row.numbers[1]
                    }
                }
            }
            return SessionQuery.activities(rows, repeats: repeats)
        }
    }

    public func stepCosts(_ filter: EventFilter, limit: Int) async throws -> [StepCost] {
        let query = SessionQuery.steps(filter, limit: limit, dialect: .sqlite)
        return try await writer.read { db in
            try Self.rows(db, query, textColumns: 1).map { texts, numbers in SessionQuery.step(texts: texts, numbers: numbers) }
        }
    }

    /// The rows of `query`: the first `textColumns` cells as text, the rest as integers.
    private static func rows(
        _ db: Database, _ query: (sql: String, values: [SQLValue]), textColumns: Int
    ) throws -> [(texts: [String?], numbers: [Int64])] {
        try Row.fetchAll(db, sql: query.sql, arguments: arguments(query.values)).map { row in
            ((0..<textColumns).map { row[$0] as String? }, (textColumns..<row.count).map { row[$0] as Int64 })
        }
    }
}
