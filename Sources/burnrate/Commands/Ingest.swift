import ArgumentParser
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation

/// `burnrate ingest FILE`: validates a whole file, then stores it in batches; NDJSON is read a
/// block at a time, in two passes, so that a file of any size takes bounded memory.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import usage events from NDJSON, a JSON array or CSV.",
        discussion: """
            The whole file is validated before anything is stored; any problem is reported with its \
            line and nothing is written. Events without an id get one derived from the file and line, \
            so importing the same file twice stores it once. NDJSON files are read in blocks (memory \
            stays bounded whatever their size); JSON arrays and CSV files are read whole.
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: "ndjson, json or csv; guessed from the file's extension when left out.")
    var format: String?

    func run() async throws {
        let chosen =
            try format.map { name in
                guard let format = EventFile.Format(rawValue: name.lowercased()) else {
                    throw ValidationError("Unknown format '\(name)'; use ndjson, json or csv.")
                }
                return format
            } ?? EventFile.Format.guess(path: file)
        if chosen == .ndjson {
            try await ingestNDJSON()
        } else {
            try await ingestWhole(chosen)
        }
    }

    /// Validates every line in a first pass (hashing the file for the ids of events without one),
    /// then stores the events a batch at a time in a second.
    private func ingestNDJSON() async throws {
        let started = Date()
        let blocks = NDJSONBlocks(path: file, linesPerBlock: EventDecoder.maximumEvents)
        let size = try blocks.size()
        var hash = ContentHash()
        var issues: [FieldIssue] = []
        var issueCount = 0
        var total = 0
        let now = Timestamp.now()
        // Each block is parsed on another thread while the next is read (and, below, while the
        // one before is stored).
        var checking: Task<Int, any Error>?
        func tallyChecked() async throws {
            guard let checking else { return }
            do {
                total += try await checking.value
            } catch let error as EventDecoder.Failure {
                guard case .invalid(let found) = error else { throw CommandFailure(Self.describe(error)) }
                issueCount += found.count
                issues += found.prefix(max(0, 1000 - issues.count))
            }
        }
        try await blocks.forEachBlock(hash: { hash.update($0) }) { lines, bytesRead in
            let next = Task { try EventFile.events(ndjsonLines: lines, fileHash: "", now: now).count }
            try await tallyChecked()
            checking = next
            Progress.line("validating \(file): \(Progress.share(bytesRead, of: size)), \(total) events")
        }
        try await tallyChecked()
        guard issueCount == 0 else { throw CommandFailure(Self.describe(.invalid(issues), total: issueCount)) }
        guard total > 0 else { throw CommandFailure(Self.describe(.empty)) }
        let fileHash = hash.value
        try await ledgerOptions.withLedger { ledger in
            var tally = Tally()
            let storing = Date()
            var parsing: Task<[UsageEvent], any Error>?
            func storeParsed() async throws {
                guard let batch = try await parsing?.value, !batch.isEmpty else { return }
                tally.add(try await ledger.ingest(batch))
                Progress.line("stored \(Progress.rate(done: tally.seen, of: total, since: storing, unit: "events"))")
            }
            try await blocks.forEachBlock { lines, _ in
                let next = Task { try EventFile.events(ndjsonLines: lines, fileHash: fileHash, now: now) }
                try await storeParsed()
                parsing = next
            }
            try await storeParsed()
            tally.finish(file: file, since: started)
        }
    }

    private func ingestWhole(_ chosen: EventFile.Format) async throws {
        let started = Date()
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("Cannot read \(file).")
        }
        Progress.line("validating \(file) as \(chosen.rawValue)...")
        let events: [UsageEvent]
        do {
            events = try EventFile.events(from: Array(data), format: chosen, now: .now())
        } catch {
            throw CommandFailure(Self.describe(error))
        }
        try await ledgerOptions.withLedger { ledger in
            var tally = Tally()
            let storing = Date()
            for start in stride(from: 0, to: events.count, by: EventDecoder.maximumEvents) {
                let batch = Array(events[start..<min(start + EventDecoder.maximumEvents, events.count)])
                tally.add(try await ledger.ingest(batch))
                Progress.line("stored \(Progress.rate(done: tally.seen, of: events.count, since: storing, unit: "events"))")
            }
            tally.finish(file: file, since: started)
        }
    }

    /// `total` counts every problem when `failure` lists only the first of them.
    static func describe(_ failure: EventDecoder.Failure, total: Int? = nil) -> String {
        switch failure {
        case .malformed(let error): return "The file is not valid JSON: \(error.description)."
        case .empty: return "The file holds no events."
        case .tooManyEvents(let count): return "The file holds \(count) events, more than can be read at once."
        case .invalid(let issues):
            let count = total ?? issues.count
            return "Nothing was imported; fix \(count == 1 ? "this problem" : "these \(count) problems"):\n"
                + issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.prefix(50).map {
                    "  line \($0.line.map(String.init) ?? "?"): \(PricesFile.describe($0))"
                }.joined(separator: "\n")
                + (count > 50 ? "\n  ... and \(count - 50) more" : "")
        }
    }
}

/// What an import stored, counted as the batches come back.
private struct Tally {
    var seen = 0
    var stored = 0
    var duplicates = 0
    var unpriced = 0
    var cost = Money.zero

    mutating func add(_ outcomes: [IngestOutcome]) {
        for outcome in outcomes {
            seen += 1
            if outcome.duplicate {
                duplicates += 1
            } else {
                stored += 1
                cost = cost + outcome.stored.priced.cost.total
                if !outcome.stored.priced.isPriced { unpriced += 1 }
            }
        }
    }

    func finish(file: String, since started: Date) {
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
