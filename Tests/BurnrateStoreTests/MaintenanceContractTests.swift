import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Synchronization
import Testing

/// Retention, background jobs and the override revision, on every backend.
@Suite(.tags(.postgres)) struct MaintenanceContractTests {
    @Test(arguments: StoreBackend.allCases)
    func retentionDeletesOldEventsAndTheirTotals(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let events = ["2026-01-15T10:00:00Z", "2026-02-03T08:30:00Z", "2026-03-01T00:00:00Z", "2026-03-20T12:00:00Z"].enumerated().map {
                LedgerStoreContractTests.event("r\($0.offset)", $0.element)
            }
            _ = try await store.ingest(events)
            let report = try await store.deleteEvents(before: Timestamp(rfc3339: "2026-03-01T00:00:00Z")!)
            #expect(report.eventsDeleted == 2)
            let summary = try await store.summary(EventFilter())
            #expect(summary.requests == 2)
            #expect(summary.cost.total == events[2].cost.total + events[3].cost.total)
            // The cutoff (a Sunday) cuts through the users' week from Thursday 26 February: that
            // week keeps its days from the cutoff on.
            let byUser = try await store.aggregate(EventFilter(), by: [.dimension(.user)])
            #expect(byUser.reduce(0) { $0 + $1.totals.requests } == 2)
            #expect(byUser.reduce(Money.zero) { $0 + $1.totals.cost.total } == summary.cost.total)
            #expect(try await store.event(id: "r0") == nil)
            #expect(try await store.event(id: "r2") != nil)
            // A month that was dropped can take events again.
            _ = try await store.ingest([LedgerStoreContractTests.event("late", "2026-01-20T00:00:00Z")])
            #expect(try await store.summary(EventFilter()).requests == 3)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aJobRunsOncePerInterval(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let runs = Mutex(0)
            let start = Timestamp(rfc3339: "2026-03-01T00:00:00Z")!
            let count: @Sendable () async throws -> Void = { runs.withLock { $0 += 1 } }
            let first = try await store.runExclusively(job: "count", interval: .seconds(60), now: start, count)
            let tooSoon = try await store.runExclusively(job: "count", interval: .seconds(60), now: start.adding(seconds: 30), count)
            let otherJob = try await store.runExclusively(job: "other", interval: .seconds(60), now: start.adding(seconds: 30)) {}
            let due = try await store.runExclusively(job: "count", interval: .seconds(60), now: start.adding(seconds: 60), count)
            #expect([first, tooSoon, otherJob, due] == [true, false, true, true])
            #expect(runs.withLock { $0 } == 2)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theOverrideRevisionGrowsWithEverySave(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            #expect(try await store.priceOverridesRevision() == 0)
            var entry = try PriceDocument.parse(
                Array(#"[{"provider": "x", "model": "m", "effective_from": "2025-01-01", "input": "1", "output": "1"}]"#.utf8),
                origin: .override)[0]
            try await store.savePriceOverride(entry)
            let first = try await store.priceOverridesRevision()
            entry.rates.input = TokenRate(perMillion: "2")!
            try await store.savePriceOverride(entry)
            #expect(try await store.priceOverridesRevision() > first)
        }
    }
}
