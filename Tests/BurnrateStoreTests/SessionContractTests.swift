import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Testing

/// Agent runs on every backend, against a fold over the same calls: the list, one run's calls,
/// the distribution of run costs, the costliest steps, repricing and retention.
@Suite(.tags(.postgres)) struct SessionContractTests {
    /// 40 sessions over three features and three days, 1 to 12 calls each, some calls with
    /// errors, one model without a price, and steps with parents; plus calls without a session.
    static let calls: [PricedEvent] = {
        var generator = SeededRandom(seed: 27)
        var calls: [PricedEvent] = []
        let features = ["agent-workflows", "support-bot", "search"]
        let models = ["gpt-4o", "claude-haiku-4-5", "gpt-4o", "mystery-model"]
        let steps = ["plan", "retrieve", "answer"]
        for number in 0..<40 {
            let session = "run-\(number)"
            let start = Timestamp(rfc3339: "2026-03-08T00:00:00Z")!.adding(seconds: Int64(number) * 5_400 + 60)
            // run-15 starts at 22:31 and runs past midnight.
            let count = number == 15 ? 12 : Int.random(in: 1...12, using: &generator)
            for index in 0..<count {
                let model = models[Int.random(in: 0..<models.count, using: &generator)]
                let event = UsageEvent(
                    id: "\(session)-\(index)", timestamp: start.adding(seconds: Int64(index) * 600), model: model,
                    usage: TokenUsage(
                        inputTokens: Int64.random(in: 100...50_000, using: &generator),
                        outputTokens: Int64.random(in: 10...2_000, using: &generator)),
                    status: Int.random(in: 0..<10, using: &generator) == 0 ? .error : .ok,
                    attribution: Attribution(
                        tenant: "tenant-\(number % 4)", user: "user-\(number % 7)", feature: features[number % 3]),
                    tags: ["region": number.isMultiple(of: 2) ? "eu" : "us"],
                    run: RunPosition(
                        sessionID: session, traceID: "trace-\(number)", parentID: index == 0 ? nil : "\(session)-0",
                        step: index == 0 ? "plan" : steps[index % 3]))
                calls.append(Pricer.price(event, catalog: LedgerStoreContractTests.catalog))
            }
        }
        calls.append(LedgerStoreContractTests.event("loose-1", "2026-03-08T12:00:00Z"))
        return calls
    }()

    /// Each session's sums, folded from the calls.
    static func fold(_ calls: [PricedEvent]) -> [String: SessionSummary] {
        var sessions: [String: SessionSummary] = [:]
        for priced in calls {
            guard let id = priced.event.run.sessionID else { continue }
            let event = priced.event
            var session =
                sessions[id]
                ?? SessionSummary(
                    id: id, start: event.timestamp, end: event.timestamp, calls: 0, cost: .zero, attribution: event.attribution)
            session.start = min(session.start, event.timestamp)
            session.end = max(session.end, event.timestamp)
            session.calls += 1
            session.errorCalls += event.status == .error ? 1 : 0
            session.unpricedCalls += priced.isPriced ? 0 : 1
            session.inputTokens += event.usage.inputTokens
            session.outputTokens += event.usage.outputTokens
            session.cost = session.cost + priced.cost.total
            sessions[id] = session
        }
        return sessions
    }

    static func withoutModels(_ sessions: [SessionSummary]) -> [SessionSummary] {
        sessions.map { session in
            var copy = session
            copy.models = []
            return copy
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theCostliestRunsAreListedWithTheirSums(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            // Two batches that split sessions, and a repeated batch that must add nothing.
            _ = try await store.ingest(Array(Self.calls.prefix(150)))
            _ = try await store.ingest(Array(Self.calls.dropFirst(100)))
            let expected = Self.fold(Self.calls)
            let listed = try await store.sessions(EventFilter(), order: .cost, limit: 100, offset: 0)
            #expect(listed.count == 40)
            #expect(Self.withoutModels(listed) == expected.values.sorted { ($0.cost, $0.id) > ($1.cost, $1.id) })
            let byCalls = try await store.sessions(EventFilter(), order: .calls, limit: 5, offset: 0)
            #expect(byCalls.map(\.calls) == expected.values.map(\.calls).sorted(by: >).prefix(5).map { $0 })
            let page = try await store.sessions(EventFilter(), order: .cost, limit: 10, offset: 10)
            #expect(page.map(\.id) == listed[10..<20].map(\.id))
            let first = try #require(listed.first)
            let models = Set(Self.calls.filter { $0.event.run.sessionID == first.id }.map(\.event.model))
            #expect(Set(first.models) == models)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func filtersMatchTheRunOrItsCalls(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.calls)
            let expected = Self.fold(Self.calls)
            let feature = try await store.sessions(
                EventFilter(dimensions: [.feature: ["search"]]), order: .recent, limit: 100, offset: 0)
            #expect(Set(feature.map(\.id)) == Set(expected.values.filter { $0.attribution.feature == "search" }.map(\.id)))
            #expect(feature.map(\.end) == feature.map(\.end).sorted(by: >))
            let mystery = try await store.sessions(
                EventFilter(dimensions: [.model: ["mystery-model"]]), order: .cost, limit: 100, offset: 0)
            let withMystery = Set(Self.calls.filter { $0.event.model == "mystery-model" }.compactMap(\.event.run.sessionID))
            #expect(Set(mystery.map(\.id)) == withMystery)
            #expect(mystery.allSatisfy { $0.unpricedCalls > 0 })
            let tagged = try await store.sessions(
                EventFilter(dimensions: [.tenant: ["tenant-0"]], tags: ["region": ["eu"]]), order: .cost, limit: 100, offset: 0)
            #expect(Set(tagged.map(\.id)) == Set(expected.values.filter { $0.attribution.tenant == "tenant-0" }.map(\.id)))
            // A range selects the runs with a call in it.
            let from = Timestamp(rfc3339: "2026-03-08T12:00:00Z")!
            let to = Timestamp(rfc3339: "2026-03-08T18:00:00Z")!
            let window = try await store.sessions(EventFilter(from: from, to: to), order: .cost, limit: 100, offset: 0)
            #expect(Set(window.map(\.id)) == Set(expected.values.filter { $0.end >= from && $0.start < to }.map(\.id)))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func oneRunComesWithItsCallsInOrder(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.calls.reversed())
            let id = try #require(Self.fold(Self.calls).values.max { ($0.calls, $0.id) < ($1.calls, $1.id) }?.id)
            let found = try #require(try await store.session(id: id, limit: 1_000))
            let mine = Self.calls.filter { $0.event.run.sessionID == id }
            var expected = try #require(Self.fold(mine)[id])
            expected.models = found.summary.models
            #expect(found.summary == expected)
            #expect(found.calls == mine)
            let limited = try #require(try await store.session(id: id, limit: 1))
            #expect(limited.calls == Array(mine.prefix(1)))
            #expect(try await store.session(id: "no-such-run", limit: 10) == nil)
            #expect(try await store.event(id: "\(id)-1")?.priced.event.run == mine[1].event.run)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func runCostsSpreadIsNearestRank(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.calls)
            let sessions = Array(Self.fold(Self.calls).values)
            let rows = try await store.sessionCostDistribution(EventFilter(), bucketSeconds: nil)
            #expect(rows.count == 3)
            for row in rows {
                let costs = sessions.filter { $0.attribution.feature == row.feature }.map(\.cost).sorted()
                let count = Int64(costs.count)
                func at(_ percent: Int64) -> Money { costs[Int(SessionCostDistribution.rank(percent: percent, of: count)) - 1] }
                #expect(row.sessions == count)
                #expect(row.totalCost == costs.reduce(Money.zero, +))
                #expect([row.p50, row.p90, row.p99, row.maximum] == [at(50), at(90), at(99), costs.last!])
            }
            let daily = try await store.sessionCostDistribution(EventFilter(dimensions: [.feature: ["search"]]), bucketSeconds: 86_400)
            #expect(
                daily.map(\.period) == [
                    Timestamp(rfc3339: "2026-03-08T00:00:00Z"), Timestamp(rfc3339: "2026-03-09T00:00:00Z"),
                    Timestamp(rfc3339: "2026-03-10T00:00:00Z"),
                ])
            #expect(daily.reduce(0) { $0 + $1.sessions } == Int64(sessions.filter { $0.attribution.feature == "search" }.count))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theCostliestStepsAreSummedAcrossRuns(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.calls)
            let steps = try await store.stepCosts(EventFilter(), limit: 10)
            let withSession = Self.calls.filter { $0.event.run.sessionID != nil }
            for row in steps {
                let mine = withSession.filter { $0.event.run.step == row.step }
                #expect(row.calls == Int64(mine.count))
                #expect(row.sessions == Int64(Set(mine.compactMap(\.event.run.sessionID)).count))
                #expect(row.cost == mine.reduce(Money.zero) { $0 + $1.cost.total })
                #expect(row.maximumCallCost == mine.map(\.cost.total).max())
            }
            #expect(steps.map(\.cost) == steps.map(\.cost).sorted(by: >))
            #expect(Set(steps.compactMap(\.step)) == ["plan", "retrieve", "answer"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func repricingAndRetentionKeepRunsExact(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.calls)
            let mystery = try PriceDocument.parse(
                Array(
                    """
                    [{"provider": "unknown", "model": "mystery-model", "effective_from": "1970-01-01", "input": "4.00", "output": "4.00"}]
                    """.utf8), origin: .override)
            let catalog = LedgerStoreContractTests.catalog.adding(mystery)
            _ = try await store.reprice(RepriceSelection(onlyUnpriced: true), reason: "new price") { Pricer.price($0, catalog: catalog) }
            let repriced = Self.calls.map { Pricer.price($0.event, catalog: catalog) }
            let listed = try await store.sessions(EventFilter(), order: .cost, limit: 100, offset: 0)
            #expect(Self.withoutModels(listed) == Self.fold(repriced).values.sorted { ($0.cost, $0.id) > ($1.cost, $1.id) })
            // Retention keeps whole days: the runs of the 8th go, and one that crossed into the 9th keeps its calls of the 9th.
            let cutoff = Timestamp(rfc3339: "2026-03-09T00:00:00Z")!
            _ = try await store.deleteEvents(before: cutoff)
            let kept = repriced.filter { $0.event.timestamp >= cutoff }
            let crossing = Self.fold(repriced).values.filter { $0.start < cutoff && $0.end >= cutoff }
            #expect(!crossing.isEmpty)
            let after = try await store.sessions(EventFilter(), order: .cost, limit: 100, offset: 0)
            #expect(Self.withoutModels(after) == Self.fold(kept).values.sorted { ($0.cost, $0.id) > ($1.cost, $1.id) })
        }
    }
}
