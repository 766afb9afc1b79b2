import ArgumentParser
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation

/// `burnrate ingest FILE`: validates a whole file, then stores it in batches.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import usage events from NDJSON, a JSON array or CSV.",
        discussion: """
            The whole file is validated before anything is stored; any problem is reported with its \
            line and nothing is written. Events without an id get one derived from the file and line, \
            so importing the same file twice stores it once.
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: "ndjson, json or csv; guessed from the file's extension when left out.")
    var format: String?

    func run() async throws {
        let started = Date()
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("Cannot read \(file).")
        }
        let chosen =
            try format.map { name in
                guard let format = EventFile.Format(rawValue: name.lowercased()) else {
                    throw ValidationError("Unknown format '\(name)'; use ndjson, json or csv.")
                }
                return format
            } ?? EventFile.Format.guess(path: file)
        Progress.line("validating \(file) as \(chosen.rawValue)...")
        let events: [UsageEvent]
        do {
            events = try EventFile.events(from: Array(data), format: chosen, now: .now())
        } catch {
            throw CommandFailure(Self.describe(error))
        }
        try await ledgerOptions.withLedger { ledger in
            var stored = 0
            var duplicates = 0
            var unpriced = 0
            var cost = Money.zero
            for start in stride(from: 0, to: events.count, by: EventDecoder.maximumEvents) {
                let batch = Array(events[start..<min(start + EventDecoder.maximumEvents, events.count)])
                let outcomes = try await ledger.ingest(batch)
                for outcome in outcomes {
                    if outcome.duplicate {
                        duplicates += 1
                    } else {
                        stored += 1
                        cost = cost + outcome.stored.priced.cost.total
                        if !outcome.stored.priced.isPriced { unpriced += 1 }
                    }
                }
                Progress.line("stored \(start + batch.count)/\(events.count) events")
            }
            Progress.finish(
                """
                Imported \(file): \(counted(stored, "event")) stored, \(counted(duplicates, "duplicate")) skipped, \(unpriced) unpriced; \
                cost $\(cost.usdString) in \(Progress.seconds(since: started)).
                """)
            if unpriced > 0 {
                print(
                    "Unpriced events have no price for their model yet: add one (burnrate prices, PUT /api/v1/prices/MODEL) and run burnrate reprice."
                )
            }
        }
    }

    static func describe(_ failure: EventDecoder.Failure) -> String {
        switch failure {
        case .malformed(let error): "The file is not valid JSON: \(error.description)."
        case .empty: "The file holds no events."
        case .tooManyEvents(let count): "The file holds \(count) events, more than can be read at once."
        case .invalid(let issues):
            "Nothing was imported; fix \(issues.count == 1 ? "this problem" : "these \(issues.count) problems"):\n"
                + issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.prefix(50).map {
                    "  line \($0.line.map(String.init) ?? "?"): \(PricesFile.describe($0))"
                }.joined(separator: "\n")
                + (issues.count > 50 ? "\n  ... and \(issues.count - 50) more" : "")
        }
    }
}
