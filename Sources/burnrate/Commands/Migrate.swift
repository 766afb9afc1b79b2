import ArgumentParser
import BurnrateCore
import BurnrateStore
import Foundation
import Logging

/// `burnrate migrate --from SOURCE --to DESTINATION`: copies a ledger between SQLite and
/// PostgreSQL and verifies the copy.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a ledger between SQLite and PostgreSQL, resumably, and verify the copy.",
        discussion: """
            A ledger is sqlite:PATH (or just PATH) or postgres://USER:PASSWORD@HOST:PORT/DATABASE. Every event is \
            copied as stored (its price, cost and arrival time; nothing is repriced), with the price overrides and \
            the repricing audit log. Stop writing to the source first.

            Each batch commits with a checkpoint in the destination: after an interruption, run the same command \
            again and it continues where it stopped. The destination must be empty or hold a checkpoint from this \
            source. At the end the event counts, the exact totals, every day's totals, the overrides and the audit \
            log are compared; any difference is listed and the command exits with status 1.
            """
    )

    @Option(help: "The ledger to copy from: sqlite:PATH, PATH, or a postgres:// URL.")
    var from: String

    @Option(help: "The ledger to copy into; a SQLite file is created if missing.")
    var to: String

    @Option(help: "Events per transaction.")
    var batch = 5_000

    @Flag(help: "Go through every source event again instead of continuing after the checkpoint (stores only those missing).")
    var rescan = false

    @Flag(help: "Also compare every event field by field at the end (reads both ledgers once more).")
    var compareEvents = false

    func validate() throws {
        guard (1...100_000).contains(batch) else { throw ValidationError("--batch must be between 1 and 100000.") }
        guard try LedgerAddress(from).name != LedgerAddress(to).name else {
            throw ValidationError("--from and --to name the same ledger.")
        }
    }

    func run() async throws {
        let source = try LedgerAddress(from)
        let destination = try LedgerAddress(to)
        if case .sqlite(let path) = source, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("There is no SQLite database at \(path).")
        }
        try await source.open { sourceStore in
            try await destination.open { destinationStore in
                let migration = LedgerMigration(
                    source: sourceStore, destination: destinationStore, sourceName: source.name, batchSize: batch)
                print("Migrating \(source.name) to \(destination.name)")
                try await copy(migration)
                try await verify(migration)
            }
        }
    }

    private func copy(_ migration: LedgerMigration) async throws {
        var lastPrinted = ContinuousClock.now
        let report: LedgerMigration.Report
        do {
            report = try await migration.run(rescan: rescan) { progress in
                let line = Self.describe(progress)
                Progress.line(line)
                // Without a terminal (a log, CI), a line every few seconds.
                if !Progress.isTerminal, ContinuousClock.now - lastPrinted >= .seconds(5) {
                    print(line)
                    fflush(nil)
                    lastPrinted = .now
                }
            }
        } catch let error as TransferError {
            throw CommandFailure(error.message)
        }
        var lines = [
            "Copied \(counted(Int(report.eventsCopied - report.resumedAt), "event")) in \(Self.seconds(report.elapsed)) "
                + "(\(Self.rate(report.eventsCopied - report.resumedAt, report.elapsed)) events/s): "
                + "\(report.eventsInserted) stored, \(report.eventsCopied - report.resumedAt - report.eventsInserted) already there."
        ]
        if report.resumedAt > 0 { lines.append("Resumed after \(counted(Int(report.resumedAt), "event")) copied by an earlier run.") }
        lines.append(
            "\(counted(report.priceOverrides, "price override")) copied; \(counted(report.repriceRunsInserted, "repricing run")) added to the audit log; \(counted(report.costItemsInserted, "cost item")) and \(counted(report.outcomesInserted, "outcome")) copied."
        )
        Progress.finish(lines.joined(separator: "\n"))
    }

    private func verify(_ migration: LedgerMigration) async throws {
        let started = ContinuousClock.now
        Progress.line("verifying...")
        let verification = try await migration.verify(compareEvents: compareEvents)
        let rows =
            [["CHECK", "SOURCE", "DESTINATION", ""]]
            + verification.checks.map { [$0.name, $0.source, $0.destination, $0.matches ? "ok" : "DIFFERS"] }
        Progress.finish(Table.render(rows))
        let mismatches = verification.mismatches
        guard mismatches.isEmpty else {
            throw CommandFailure(
                "The destination does not match the source in \(counted(mismatches.count, "check")) (marked DIFFERS above): "
                    + mismatches.map(\.name).joined(separator: "; ")
                    + ". If the source took events during the migration, run it again with --rescan to copy those missing; "
                    + "otherwise migrate into an empty database.")
        }
        print("Verified in \(Self.seconds(ContinuousClock.now - started)): the destination matches the source to the nano-dollar.")
    }

    static func describe(_ progress: LedgerMigration.Progress) -> String {
        let percent = progress.total > 0 ? Double(progress.copied) * 100 / Double(progress.total) : 100
        return "events: \(progress.copied)/\(progress.total) (\(String(format: "%.1f", percent))%), "
            + "\(rate(progress.copied - progress.resumedAt, progress.elapsed)) events/s"
    }

    static func rate(_ count: Int64, _ elapsed: Duration) -> String {
        let seconds = elapsed / .seconds(1)
        return seconds > 0 ? String(Int((Double(count) / seconds).rounded())) : "-"
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", duration / .seconds(1))
    }
}

/// A ledger named on the command line: a SQLite file or a PostgreSQL database.
enum LedgerAddress {
    case sqlite(path: String)
    case postgres(url: String, address: PostgresURL)

    init(_ text: String) throws {
        if PostgresURL.isPostgres(text) {
            do {
                self = .postgres(url: text, address: try PostgresURL(text))
            } catch {
                throw ValidationError("\(error)")
            }
            return
        }
        let path = text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
        guard !path.isEmpty else { throw ValidationError("'\(text)' names no SQLite file.") }
        self = .sqlite(path: URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path)
    }

    /// What identifies the ledger in checkpoints and messages: the absolute path, or the URL
    /// without its password.
    var name: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(_, let address): address.description
        }
    }

    func open(_ body: (any LedgerTransfer) async throws -> Void) async throws {
        switch self {
        case .sqlite(let path):
            let store: SQLiteLedgerStore
            do {
                store = try SQLiteLedgerStore(path: path, reporting: Progress.migration(since: Date()))
            } catch {
                throw CommandFailure("Cannot open the SQLite database at \(path): \(error)")
            }
            try await body(store)
        case .postgres(let url, _):
            var logger = Logger(label: "burnrate.migrate")
            // Failures surface as errors; PostgresNIO's warnings (a pool starting up) would only clutter the output.
            logger.logLevel = .error
            do {
                try await PostgresLedgerStore.withStore(url: url, maximumConnections: 4, logger: logger) { try await body($0) }
            } catch let error as StoreError {
                throw CommandFailure(error.message)
            }
        }
    }
}
