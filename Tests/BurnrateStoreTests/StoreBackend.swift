import BurnrateStore
import BurnrateTestSupport
import Foundation
import Logging

/// The storage implementations the contract suite runs against.
enum StoreBackend: String, CaseIterable, CustomStringConvertible {
    case sqliteMemory
    case sqliteFile
    case postgres

    var description: String { rawValue }

    /// Opens the same database again, as a restarted process would, for the body's duration.
    typealias Reopen = ((any LedgerStore) async throws -> Void) async throws -> Void

    /// Runs `body` with a fresh, empty store and, when the backend persists, a way to reopen it.
    func withStore(_ body: (any LedgerStore, Reopen?) async throws -> Void) async throws {
        switch self {
        case .sqliteMemory:
            try await body(try SQLiteLedgerStore.inMemory(), nil)
        case .sqliteFile:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-test-\(UUID().uuidString).sqlite").path
            defer { Self.removeDatabase(at: path) }
            try await body(try SQLiteLedgerStore(path: path)) { reopened in try await reopened(try SQLiteLedgerStore(path: path)) }
        case .postgres:
            try await TestPostgres.withDatabase { url in
                try await PostgresLedgerStore.withStore(
                    url: url, maximumConnections: 4, leaseTimeout: Self.leaseTimeout, logger: Self.logger
                ) { store in
                    try await body(store) { reopened in
                        try await PostgresLedgerStore.withStore(
                            url: url, maximumConnections: 2, leaseTimeout: Self.leaseTimeout, logger: Self.logger
                        ) {
                            try await reopened($0)
                        }
                    }
                }
            }
        }
    }

    /// Deletes a test database with its write-ahead log and shared-memory files.
    static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static let logger = Logger(label: "burnrate.tests") { _ in SwiftLogNoOpLogHandler() }

    /// Generous: a loaded CI machine may keep a connection busy for seconds, and these tests
    /// are about results, not about giving up on a database that is down.
    static let leaseTimeout: Duration = .seconds(60)
}
