import BurnrateCore

/// Copies a whole ledger from one store into another of any backend, resumably, then checks that
/// the copy adds up to the source to the last nano-dollar.
///
/// Events go in batches in the source's export order; each batch commits in the destination with
/// a checkpoint naming the last event copied, so that a migration interrupted at any point
/// continues after that event when run again, and copies each event once. The repricing audit
/// log, the price overrides, the non-token cost items, the budgets and the sessions' outcomes
/// follow, keyed so that
/// copying them twice changes nothing. Alerts and notification deliveries are not copied: the
/// destination's evaluations raise again the alerts whose conditions still hold.
///
/// A destination is accepted when it is empty or holds a checkpoint from this source; anything
/// else would mix two ledgers.
///
/// ```swift
/// let migration = LedgerMigration(source: sqlite, destination: postgres, sourceName: "sqlite:/data/burnrate.sqlite")
/// let report = try await migration.run { print("\($0.copied)/\($0.total)") }
/// let verification = try await migration.verify()
/// ```
public struct LedgerMigration: Sendable {
    public let source: any LedgerTransfer
    public let destination: any LedgerTransfer
    /// Identifies the source in the destination's checkpoints; never holds a password.
    public let sourceName: String
    /// Events per transaction.
    public let batchSize: Int

    public init(source: any LedgerTransfer, destination: any LedgerTransfer, sourceName: String, batchSize: Int = 5_000) {
        self.source = source
        self.destination = destination
        self.sourceName = sourceName
        self.batchSize = max(1, batchSize)
    }

    /// How far the event copy is.
    public struct Progress: Sendable, Hashable {
        /// Source events gone through, in export order, counting those copied by earlier runs.
        public var copied: Int64
        /// Events in the source when the copy started.
        public var total: Int64
        /// Events this run stored in the destination.
        public var inserted: Int64
        /// Where this run started.
        public var resumedAt: Int64
        /// Time since this run started.
        public var elapsed: Duration
    }

    /// What a run copied.
    public struct Report: Sendable, Hashable {
        /// Where the run started: 0, or the checkpoint of an earlier run.
        public var resumedAt: Int64
        /// Source events gone through, counting those of earlier runs.
        public var eventsCopied: Int64
        /// Events this run stored in the destination (those it found there already are skipped).
        public var eventsInserted: Int64
        public var repriceRunsInserted: Int
        public var priceOverrides: Int
        /// Cost items this run stored in the destination.
        public var costItemsInserted: Int
        /// Budgets copied, each replacing the destination's budget with its id.
        public var budgets: Int
        /// Outcomes this run stored in the destination.
        public var outcomesInserted: Int
        public var elapsed: Duration
    }

    /// Copies events, the repricing log, the price overrides, the cost items, the budgets and the
    /// outcomes.
    ///
    /// - Parameters:
    ///   - rescan: Go through every source event again rather than continuing after the
    ///     checkpoint, storing those the destination lacks (e.g. events that arrived in the source
    ///     after a first run with timestamps before its checkpoint).
    ///   - progress: Called after every batch.
    public func run(rescan: Bool = false, progress: (Progress) -> Void = { _ in }) async throws -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        let (checkpoint, cursor) = try await start(rescan: rescan)
        let total = try await source.eventDigest().events
        var state = Progress(
            copied: checkpoint.eventsCopied, total: total, inserted: 0, resumedAt: checkpoint.eventsCopied, elapsed: .zero)
        progress(state)
        var batch = try await source.exportEvents(after: cursor, limit: batchSize)
        while let last = batch.last {
            try Task.checkCancellation()
            let next = EventCursor(after: last)
            // Read the next batch from the source while this one is written to the destination.
            async let following = source.exportEvents(after: next, limit: batchSize)
            state.copied += Int64(batch.count)
            let position = TransferCheckpoint(source: sourceName, lastEventID: next.id, eventsCopied: state.copied)
            state.inserted += Int64(try await destination.importEvents(batch, checkpoint: position))
            state.elapsed = clock.now - started
            progress(state)
            batch = try await following
        }
        var runsInserted = 0
        for id in try await source.repriceRunIDs() {
            guard let run = try await source.exportRepriceRun(id: id) else { continue }
            if try await destination.importRepriceRun(run) { runsInserted += 1 }
        }
        let overrides = try await source.exportPriceOverrides()
        try await destination.importPriceOverrides(overrides)
        let costItems = try await source.costItems(overlapping: nil, to: nil)
        let costItemsInserted = try await destination.saveCostItems(costItems).filter { !$0.duplicate }.count
        let budgets = try await source.budgets()
        for budget in budgets { try await destination.saveBudget(budget) }
        let outcomesInserted = try await copyOutcomes()
        return Report(
            resumedAt: state.resumedAt, eventsCopied: state.copied, eventsInserted: state.inserted, repriceRunsInserted: runsInserted,
            priceOverrides: overrides.count, costItemsInserted: costItemsInserted, budgets: budgets.count,
            outcomesInserted: outcomesInserted, elapsed: clock.now - started)
    }

    /// The checkpoint to continue from and the cursor after its event, creating a checkpoint in
    /// an empty destination and refusing one that holds anything else.
    func start(rescan: Bool) async throws -> (TransferCheckpoint, EventCursor?) {
        if let existing = try await destination.transferCheckpoint(source: sourceName) {
            if rescan || existing.lastEventID.isEmpty {
                return (TransferCheckpoint(source: sourceName, lastEventID: "", eventsCopied: 0), nil)
            }
            // The checkpoint's event committed with it, so the destination has its timestamp.
            guard let last = try await destination.event(id: existing.lastEventID) else {
                throw TransferError(
                    .checkpointLost,
                    "The destination's checkpoint for \(sourceName) names event '\(existing.lastEventID)', which it no longer holds "
                        + "(deleted by retention?). Run again with a rescan to go through every event.")
            }
            return (existing, EventCursor(after: last))
        }
        async let events = destination.eventDigest()
        async let overrides = destination.exportPriceOverrides()
        async let runs = destination.repriceRunIDs()
        async let costs = destination.costItems(overlapping: nil, to: nil)
        async let budgets = destination.budgets()
        async let outcomes = destination.outcomes(OutcomeFilter(), after: nil, limit: 1)
        let (eventCount, overrideCount, runCount) = (try await events.events, try await overrides.count, try await runs.count)
        let (costCount, budgetCount, hasOutcomes) = (try await costs.count, try await budgets.count, try await !outcomes.isEmpty)
        guard eventCount == 0, overrideCount == 0, runCount == 0, costCount == 0, budgetCount == 0, !hasOutcomes else {
            throw TransferError(
                .destinationNotEmpty,
                "The destination is not empty (events: \(eventCount), price overrides: \(overrideCount), repricing runs: \(runCount), "
                    + "cost items: \(costCount), budgets: \(budgetCount), outcomes: \(hasOutcomes ? "some" : "none")) "
                    + "and holds no checkpoint from \(sourceName): copying into it would mix two ledgers. Migrate into an empty database.")
        }
        let checkpoint = TransferCheckpoint(source: sourceName, lastEventID: "", eventsCopied: 0)
        _ = try await destination.importEvents([], checkpoint: checkpoint)
        return (checkpoint, nil)
    }
}

/// Why a migration could not start or continue.
public struct TransferError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; more may be added.
    public struct Code: Sendable, Hashable {
        let name: String

        /// The destination holds data but no checkpoint from this source.
        public static let destinationNotEmpty = Code(name: "destinationNotEmpty")
        /// The event a checkpoint names is gone from the destination.
        public static let checkpointLost = Code(name: "checkpointLost")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
