import BurnrateStore
import Foundation

/// The storage implementations the contract suite runs against.
enum StoreBackend: String, CaseIterable, CustomStringConvertible {
    case sqliteMemory
    case sqliteFile

    var description: String { rawValue }

    /// A fresh, empty store and a way to open it again (for restart tests), when the backend persists.
    func make() throws -> (store: any LedgerStore, reopen: (() throws -> any LedgerStore)?) {
        switch self {
        case .sqliteMemory:
            return (try SQLiteLedgerStore.inMemory(), nil)
        case .sqliteFile:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-test-\(UUID().uuidString).sqlite").path
            return (try SQLiteLedgerStore(path: path), { try SQLiteLedgerStore(path: path) })
        }
    }
}
