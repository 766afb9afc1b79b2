import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func promptRepetition(_ filter: EventFilter) async throws -> [PromptRepetition] {
        let query = ProfileQuery.promptRepetition(filter, dialect: .postgres)
        return try await rows(query, textColumns: 3).map { texts, numbers in
            ProfileQuery.repetition(feature: texts[0], provider: texts[1] ?? "", model: texts[2] ?? "", numbers)
        }
    }

    public func batchProfile(_ filter: EventFilter) async throws -> [BatchProfile] {
        let query = ProfileQuery.batchProfile(filter, dialect: .postgres)
        return try await rows(query, textColumns: 3).map { texts, numbers in
            ProfileQuery.profile(feature: texts[0], provider: texts[1] ?? "", model: texts[2] ?? "", numbers)
        }
    }

    public func compressionUsage(_ filter: EventFilter, by key: GroupKey?) async throws -> [CompressionUsage] {
        let query = ProfileQuery.compression(filter, by: key, dialect: .postgres)
        return try await rows(query, textColumns: 3).map { texts, numbers in
            ProfileQuery.compressionUsage(key: texts[0], priceID: texts[1] ?? "", tier: texts[2] ?? "standard", numbers)
        }
    }

    /// The rows of `query`, read on a connection of its own (see `rows(_:textColumns:on:)`).
    private func rows(
        _ query: (sql: String, values: [SQLValue]), textColumns: Int
    ) async throws -> [(texts: [String?], numbers: [Int64])] {
        try await read { connection in try await self.rows(query, textColumns: textColumns, on: connection) }
    }
}
