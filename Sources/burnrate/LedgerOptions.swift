import ArgumentParser
import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import Logging

/// Where the database and the prices file are, shared by every command that opens the ledger.
struct LedgerOptions: ParsableArguments {
    @Option(
        help:
            "A SQLite database file, or a postgres://user:password@host:port/database URL (env BURNRATE_DATABASE_URL or BURNRATE_DATABASE)."
    )
    var database: String?

    @Option(help: "Most PostgreSQL connections this process opens (env BURNRATE_DATABASE_POOL).")
    var databasePool: Int?

    @Option(help: "A prices file whose entries override the built-in catalog (env BURNRATE_PRICES).")
    var prices: String?

    /// The database as given: a file path or a PostgreSQL URL.
    var databaseAddress: String {
        database ?? Environment.value("BURNRATE_DATABASE_URL") ?? Environment.value("BURNRATE_DATABASE") ?? "burnrate.sqlite"
    }

    /// The database for messages, without a password.
    var databaseDescription: String {
        guard PostgresURL.isPostgres(databaseAddress), let url = try? PostgresURL(databaseAddress) else { return databaseAddress }
        return url.description
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

    /// Opens the store and the ledger over it for the body's duration; a PostgreSQL store keeps
    /// its connection pool open until the body returns.
    func withLedger<T>(_ body: (Ledger) async throws -> T) async throws -> T {
        let (builtin, file) = try catalogEntries()
        let address = databaseAddress
        if PostgresURL.isPostgres(address) {
            let pool = try databasePoolSize()
            var logger = Logger(label: "burnrate.postgres")
            logger.logLevel = .error
            do {
                return try await PostgresLedgerStore.withStore(url: address, maximumConnections: pool, logger: logger) { store in
                    try await body(try await Ledger(store: store, builtin: builtin, fileOverrides: file))
                }
            } catch let error as StoreError {
                throw CommandFailure(error.message)
            }
        }
        let store: SQLiteLedgerStore
        do {
            store = try SQLiteLedgerStore(path: address, reporting: Progress.migration(since: Date()))
        } catch {
            throw CommandFailure("Cannot open the database at \(address): \(error)")
        }
        return try await body(try await Ledger(store: store, builtin: builtin, fileOverrides: file))
    }

    private func databasePoolSize() throws -> Int {
        let text = Environment.value("BURNRATE_DATABASE_POOL")
        guard let size = databasePool ?? (text.map { Int($0) } ?? 16), size >= 2 else {
            throw ValidationError("The PostgreSQL pool needs at least 2 connections (got \(databasePool.map(String.init) ?? text ?? "")).")
        }
        return size
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

/// The process's environment variables, with empty values treated as unset
/// (`EnvironmentVariables`, which `ServeSettings.resolve` reads too).
enum Environment {
    static func value(_ name: String) -> String? {
        EnvironmentVariables().value(name)
    }
}
