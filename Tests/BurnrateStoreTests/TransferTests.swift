import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Foundation
import Testing

/// Copying ledgers between backends with `LedgerMigration`.
@Suite struct TransferTests {
    static let mysteryPrice = try! PriceDocument.parse(
        Array(
            #"[{"provider": "unknown", "model": "mystery-model", "effective_from": "2025-01-01", "input": "4.00", "output": "4.25"}]"#.utf8),
        origin: .override)[0]

    /// A SQLite ledger holding the contract suite's sample events, an override, a repricing run
    /// that priced the unknown model's events with it, cost items, budgets and outcomes.
    static func seededSource() async throws -> SQLiteLedgerStore {
        let store = try SQLiteLedgerStore.inMemory()
        _ = try await store.ingest(LedgerStoreContractTests.sample)
        try await store.savePriceOverride(mysteryPrice)
        let catalog = LedgerStoreContractTests.catalog.adding([mysteryPrice])
        let run = try await store.reprice(RepriceSelection(onlyUnpriced: true), reason: "price the mystery model") {
            Pricer.price($0, catalog: catalog)
        }
        #expect(run.eventsChanged == 12)
        _ = try await store.saveCostItems(CostItemContractTests.items)
        try await store.saveBudget(BudgetContractTests.scoped)
        try await store.saveBudget(BudgetContractTests.global)
        _ = try await store.saveOutcomes(OutcomeContractTests.outcomes)
        return store
    }

    static func withPostgres(_ body: (PostgresLedgerStore) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { url in
            try await PostgresLedgerStore.withStore(
                url: url, maximumConnections: 4, leaseTimeout: StoreBackend.leaseTimeout, logger: StoreBackend.logger
            ) { try await body($0) }
        }
    }

    @Test(.tags(.postgres)) func aRoundTripThroughPostgreSQLKeepsEverything() async throws {
        let original = try await Self.seededSource()
        let expected = try await LedgerContents(original)
        #expect(expected.events.count == 120)
        #expect(expected.repriceRuns.first?.changes.count == 12)
        try await Self.withPostgres { postgres in
            let there = LedgerMigration(source: original, destination: postgres, sourceName: "sqlite:original", batchSize: 7)
            let report = try await there.run()
            #expect(report.eventsInserted == 120)
            #expect(report.repriceRunsInserted == 1)
            #expect(report.priceOverrides == 1)
            #expect(report.costItemsInserted == CostItemContractTests.items.count)
            #expect(report.budgets == 2)
            #expect(report.outcomesInserted == OutcomeContractTests.outcomes.count)
            #expect(try await LedgerContents(postgres) == expected)
            #expect(try await there.verify(compareEvents: true).isSuccessful)

            let back = try SQLiteLedgerStore.inMemory()
            let returning = LedgerMigration(source: postgres, destination: back, sourceName: "postgres:test", batchSize: 50)
            _ = try await returning.run()
            #expect(try await LedgerContents(back) == expected)
            let verification = try await returning.verify(compareEvents: true)
            #expect(verification.isSuccessful, "\(verification.mismatches)")
        }
    }

    @Test(.tags(.postgres), arguments: StoreBackend.allCases)
    func resumingAfterAPartialCopyCopiesEachEventOnce(_ backend: StoreBackend) async throws {
        let source = try await Self.seededSource()
        try await backend.withStore { store, _ in
            let destination = try #require(store as? any LedgerTransfer)
            let migration = LedgerMigration(source: source, destination: destination, sourceName: "sqlite:source", batchSize: 16)
            // What an earlier run left when it stopped after two batches.
            let firstBatches = try await source.exportEvents(after: nil, limit: 32)
            let checkpoint = TransferCheckpoint(source: "sqlite:source", lastEventID: firstBatches[31].priced.event.id, eventsCopied: 32)
            #expect(try await destination.importEvents(firstBatches, checkpoint: checkpoint) == 32)
            #expect(try await destination.transferCheckpoint(source: "sqlite:source")?.eventsCopied == 32)

            let report = try await migration.run()
            #expect(report.resumedAt == 32)
            #expect(report.eventsCopied == 120)
            #expect(report.eventsInserted == 88)
            #expect(try await migration.verify(compareEvents: true).isSuccessful)
            #expect(try await destination.summary(EventFilter()) == (try await source.summary(EventFilter())))

            // Running it again finds nothing left to copy; a rescan goes through everything and stores nothing.
            let again = try await migration.run()
            #expect(again.resumedAt == 120)
            #expect(again.eventsInserted == 0)
            #expect(again.repriceRunsInserted == 0)
            let rescan = try await migration.run(rescan: true)
            #expect(rescan.eventsCopied == 120)
            #expect(rescan.eventsInserted == 0)
            #expect(try await migration.verify().isSuccessful)
        }
    }

    @Test(.tags(.postgres)) func anInterruptedMigrationContinuesFromItsCheckpoint() async throws {
        let source = try await Self.seededSource()
        try await Self.withPostgres { postgres in
            let migration = LedgerMigration(source: source, destination: postgres, sourceName: "sqlite:source", batchSize: 16)
            let interrupted = Task {
                try await migration.run { progress in
                    // As if the operator pressed Ctrl-C after the third batch committed.
                    if progress.copied >= 48 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }
            await #expect(throws: CancellationError.self) { try await interrupted.value }
            #expect(try await postgres.eventDigest().events == 48)
            #expect(try await postgres.summary(EventFilter()).requests == 48)

            let report = try await migration.run()
            #expect(report.resumedAt == 48)
            #expect(report.eventsInserted == 72)
            #expect(try await migration.verify(compareEvents: true).isSuccessful)
        }
    }

    @Test(.tags(.postgres), arguments: StoreBackend.allCases)
    func theRepricingLogKeepsItsIdsAndLaterRunsFollowIt(_ backend: StoreBackend) async throws {
        let source = try await Self.seededSource()
        let corrected = try PriceDocument.parse(
            Array(#"[{"provider": "openai", "model": "gpt-4o", "effective_from": "2024-01-01", "input": "5.00", "output": "20.00"}]"#.utf8),
            origin: .override)
        let correction = LedgerStoreContractTests.catalog.adding(corrected + [Self.mysteryPrice])
        let range = EventFilter(from: Timestamp(rfc3339: "2026-03-09T00:00:00Z"), to: Timestamp(rfc3339: "2026-03-10T00:00:00Z"))
        let second = try await source.reprice(RepriceSelection(filter: range, onlyUnpriced: false), reason: "correction") {
            Pricer.price($0, catalog: correction)
        }
        #expect(second.eventsChanged > 0)
        let sourceRuns = try await source.repriceHistory(limit: 10)
        try await backend.withStore { store, _ in
            let destination = try #require(store as? any LedgerTransfer)
            _ = try await LedgerMigration(source: source, destination: destination, sourceName: "sqlite:source").run()
            #expect(try await destination.repriceHistory(limit: 10) == sourceRuns)
            for run in sourceRuns {
                #expect(try await destination.exportRepriceRun(id: run.id) == (try await source.exportRepriceRun(id: run.id)))
            }
            let later = try await destination.reprice(RepriceSelection(onlyUnpriced: true), reason: "after the move") {
                Pricer.price($0, catalog: correction)
            }
            #expect(later.id == sourceRuns.map(\.id).max()! + 1)
        }
    }

    @Test func aDestinationHoldingAnotherLedgerIsRefused() async throws {
        let source = try await Self.seededSource()
        let destination = try SQLiteLedgerStore.inMemory()
        _ = try await destination.ingest([LedgerStoreContractTests.event("elsewhere", "2026-03-01T00:00:00Z")])
        let migration = LedgerMigration(source: source, destination: destination, sourceName: "sqlite:source")
        let error = await #expect(throws: TransferError.self) { try await migration.run() }
        #expect(error?.code == .destinationNotEmpty)
        #expect(try await destination.eventDigest().events == 1)
        #expect(try await destination.transferCheckpoint(source: "sqlite:source") == nil)

        let holdingABudget = try SQLiteLedgerStore.inMemory()
        try await holdingABudget.saveBudget(BudgetContractTests.weekly)
        let intoBudgets = LedgerMigration(source: source, destination: holdingABudget, sourceName: "sqlite:source")
        let refusal = await #expect(throws: TransferError.self) { try await intoBudgets.run() }
        #expect(refusal?.code == .destinationNotEmpty)
        #expect(try await holdingABudget.budgets() == [BudgetContractTests.weekly])
    }

    @Test func verificationNamesWhatDiffers() async throws {
        let source = try await Self.seededSource()
        let destination = try SQLiteLedgerStore.inMemory()
        let migration = LedgerMigration(source: source, destination: destination, sourceName: "sqlite:source")
        _ = try await migration.run()
        #expect(try await migration.verify(compareEvents: true).isSuccessful)

        let extra = LedgerStoreContractTests.event("late", "2026-03-09T12:00:00Z")
        _ = try await destination.ingest([extra])
        let verification = try await migration.verify(compareEvents: true)
        let names = Set(verification.mismatches.map(\.name))
        #expect(names.contains("events"))
        #expect(names.contains("summary: requests"))
        #expect(names.contains("summary: cost"))
        #expect(names.contains { $0.hasPrefix("days (daily totals), first difference on 2026-03-09") })
        #expect(names.contains("events, field by field"))
        #expect(!names.contains("budgets"))
        _ = try await destination.deleteBudget(id: BudgetContractTests.global.id)
        #expect(try await migration.verify().mismatches.map(\.name).contains("budgets"))
        let cost = try #require(verification.checks.first { $0.name == "events: cost" })
        #expect(cost.destination == "$" + ((try await source.eventDigest()).cost.total + extra.cost.total).usdString)
    }
}

/// Everything a migration must carry over, read back from one store.
struct LedgerContents: Equatable {
    var events: [StoredEvent] = []
    var summary: LedgerSummary
    var days: [TimeseriesPoint]
    var hours: [TimeseriesPoint]
    var overrides: [PriceEntry]
    var overrideRecords: [PriceOverrideRecord]
    var repriceHistory: [RepriceReport]
    var repriceRuns: [RepriceRunRecord] = []
    var costItems: Set<CostItem>
    var budgets: [Budget]
    var outcomes: [Outcome]

    init(_ store: any LedgerTransfer) async throws {
        var cursor: EventCursor?
        while true {
            let batch = try await store.exportEvents(after: cursor, limit: 25)
            guard let last = batch.last else { break }
            events += batch
            cursor = EventCursor(after: last)
        }
        summary = try await store.summary(EventFilter())
        days = try await store.timeseries(EventFilter(), interval: .day)
        hours = try await store.timeseries(EventFilter(), interval: .hour)
        overrides = try await store.priceOverrides()
        overrideRecords = try await store.exportPriceOverrides()
        repriceHistory = try await store.repriceHistory(limit: 100)
        costItems = Set(try await store.costItems(overlapping: nil, to: nil))
        budgets = try await store.budgets()
        outcomes = try await store.outcomes(OutcomeFilter(), after: nil, limit: 100_000)
        for id in try await store.repriceRunIDs() {
            repriceRuns.append(try #require(try await store.exportRepriceRun(id: id)))
        }
    }
}
