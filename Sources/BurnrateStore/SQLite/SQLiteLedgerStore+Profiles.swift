import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func promptRepetition(_ filter: EventFilter) async throws -> [PromptRepetition] {
        let query = ProfileQuery.promptRepetition(filter, dialect: .sqlite)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: query.sql, arguments: Self.arguments(query.values)).map { row in
                ProfileQuery.repetition(
                    feature: row[0], provider: row[1], model: row[2], (3..<row.count).map { row[$0] as Int64 })
            }
        }
    }

    public func batchProfile(_ filter: EventFilter) async throws -> [BatchProfile] {
        let query = ProfileQuery.batchProfile(filter, dialect: .sqlite)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: query.sql, arguments: Self.arguments(query.values)).map { row in
                ProfileQuery.profile(feature: row[0], provider: row[1], model: row[2], (3..<row.count).map { row[$0] as Int64 })
            }
        }
    }

    public func compressionUsage(_ filter: EventFilter, by key: GroupKey?) async throws -> [CompressionUsage] {
        let query = ProfileQuery.compression(filter, by: key, dialect: .sqlite)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: query.sql, arguments: Self.arguments(query.values)).map { row in
                ProfileQuery.compressionUsage(key: row[0], priceID: row[1], tier: row[2], (3..<row.count).map { row[$0] as Int64 })
            }
        }
    }
}
