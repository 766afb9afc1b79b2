import ArgumentParser
import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation

/// Where the database and the prices file are, shared by every command that opens the ledger.
struct LedgerOptions: ParsableArguments {
    @Option(help: "SQLite database file (env BURNRATE_DATABASE).")
    var database: String?

    @Option(help: "A prices file whose entries override the built-in catalog (env BURNRATE_PRICES).")
    var prices: String?

    var databasePath: String {
        database ?? Environment.value("BURNRATE_DATABASE") ?? "burnrate.sqlite"
    }

    var pricesPath: String? {
        prices ?? Environment.value("BURNRATE_PRICES")
    }

    /// The built-in catalog with the prices file laid over it.
    func catalogEntries() throws -> (builtin: [PriceEntry], file: [PriceEntry]) {
        let builtin = try BuiltinCatalog.entries()
        guard let path = pricesPath else { return (builtin, []) }
        return (builtin, try PricesFile.read(path))
    }

    func openLedger() async throws -> Ledger {
        let (builtin, file) = try catalogEntries()
        let store: SQLiteLedgerStore
        do {
            store = try SQLiteLedgerStore(path: databasePath)
        } catch {
            throw CommandFailure("Cannot open the database at \(databasePath): \(error)")
        }
        return try await Ledger(store: store, builtin: builtin, fileOverrides: file)
    }
}

/// Reading prices files with errors that name the file and line.
enum PricesFile {
    static func read(_ path: String) throws -> [PriceEntry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("Cannot read the prices file \(path).")
        }
        do {
            return try PriceDocument.parse(data, origin: .file)
        } catch {
            let lines = error.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
                .map { "\(path):\($0.line.map(String.init) ?? "?"): \(Self.describe($0))" }
            throw CommandFailure("The prices file \(path) has \(counted(lines.count, "problem")):\n" + lines.joined(separator: "\n"))
        }
    }

    static func describe(_ issue: FieldIssue) -> String {
        var text = ""
        if let index = issue.index { text += "entry \(index): " }
        if let field = issue.field { text += "'\(field)' " }
        return text + issue.message
    }
}

/// Environment variables, with empty values treated as unset.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// A comma-separated list of values.
    static func list(_ name: String) -> [String] {
        value(name)?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
    }
}
