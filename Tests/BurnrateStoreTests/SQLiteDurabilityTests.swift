import Foundation
import GRDB
import Testing

@testable import BurnrateStore

/// The SQLite settings the README's durability promise rests on.
@Suite struct SQLiteDurabilityTests {
    @Test func theWriterFlushesEveryCommit() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-durability-\(UUID().uuidString).sqlite").path
        defer { StoreBackend.removeDatabase(at: path) }
        let store = try SQLiteLedgerStore(path: path)
        let (synchronous, journal) = try await store.writer.writeWithoutTransaction { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(synchronous == 2, "2 is FULL: GRDB sets NORMAL when it enables WAL, which would lose commits on power loss")
        #expect(journal == "wal")
    }
}
