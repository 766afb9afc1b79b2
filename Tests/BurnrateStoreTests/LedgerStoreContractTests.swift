import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Foundation
import Testing

/// The behaviour every `LedgerStore` must have; each test runs against every backend.
@Suite(.tags(.postgres)) struct LedgerStoreContractTests {
    static let prices = """
        [{"provider": "openai", "model": "gpt-4o", "effective_from": "2024-01-01", "input": "2.50", "output": "10.00", "cache_read": "1.25"},
         {"provider": "anthropic", "model": "claude-haiku-4-5", "effective_from": "2024-01-01", "input": "1.00", "output": "5.00"}]
        """
    static let catalog = PriceCatalog(entries: try! PriceDocument.parse(Array(prices.utf8), origin: .builtin))

    static func event(
        _ id: String, _ time: String, model: String = "gpt-4o", input: Int64 = 1_000, output: Int64 = 100,
        tenant: String? = "acme", user: String? = nil, tags: [String: String] = [:], status: EventStatus = .ok
    ) -> PricedEvent {
        Pricer.price(
            UsageEvent(
                id: id, timestamp: Timestamp(rfc3339: time)!, provider: "", model: model,
                usage: TokenUsage(inputTokens: input, outputTokens: output), status: status,
                attribution: Attribution(tenant: tenant, user: user), tags: tags), catalog: catalog)
    }

    /// A day of events at irregular times, several tenants, users, tags and one unknown model.
    static let sample: [PricedEvent] = (0..<120).map { index in
        let minute = index * 37 % 1_440
        let time = String(
            format: "2026-03-%02dT%02d:%02d:%02d.%06dZ", 8 + index % 3, minute / 60, minute % 60, index % 60, index * 7_919 % 1_000_000)
        return event(
            "e\(index)", time, model: index % 10 == 0 ? "mystery-model" : (index % 3 == 0 ? "claude-haiku-4-5" : "gpt-4o"),
            input: Int64(500 + index * 13), output: Int64(50 + index), tenant: ["acme", "globex", "initech"][index % 3],
            user: "u\(index % 7)", tags: index % 2 == 0 ? ["region": "eu"] : ["region": "us"], status: index % 17 == 0 ? .error : .ok)
    }

    @Test(arguments: StoreBackend.allCases)
    func storesEventsAndReadsThemBack(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let outcomes = try await store.ingest(Self.sample)
            #expect(outcomes.allSatisfy { !$0.duplicate })
            let stored = try #require(try await store.event(id: "e4"))
            #expect(stored.priced == Self.sample[4])
            #expect(try await store.event(id: "missing") == nil)
        }
    }

    /// The largest tag set an event may carry (32 tags of 256 characters, some of them four
    /// bytes in UTF-8) is stored, found again for the next event with it, and filtered on.
    @Test(arguments: StoreBackend.allCases)
    func theLargestTagSetsAreStored(_ backend: StoreBackend) async throws {
        // Characters that do not repeat in a pattern, so that PostgreSQL cannot compress them
        // below its index entry limit.
        let characters = Array("abcdefghijklmnopqrstuvwxyz0123456789😀é漢ß")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Character {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return characters[Int(state >> 33) % characters.count]
        }
        let tags = Dictionary(
            uniqueKeysWithValues: (0..<32).map { index in
                ("k\(index)-" + String((0..<60).map { _ in next() }), String((0..<256).map { _ in next() }))
            })
        let events = [Self.event("big-1", "2026-03-08T01:00:00Z", tags: tags), Self.event("big-2", "2026-03-08T02:00:00Z", tags: tags)]
        try await backend.withStore { store, _ in
            _ = try await store.ingest([events[0]])
            _ = try await store.ingest([events[1]])
            for priced in events { #expect(try await store.event(id: priced.event.id)?.priced == priced) }
            let key = try #require(tags.keys.sorted().first)
            let groups = try await store.aggregate(EventFilter(tags: [key: [tags[key] ?? ""]]), by: [])
            #expect(groups.map(\.totals.requests) == [2])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func ingestIsIdempotent(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let before = try await store.summary(EventFilter())
            var retry = Self.sample
            retry[3] = Self.event("e3", "2026-03-09T00:00:00Z", input: 999_999)
            let outcomes = try await store.ingest(retry)
            #expect(outcomes.allSatisfy { $0.duplicate })
            #expect(outcomes[3].stored.priced == Self.sample[3])
            #expect(try await store.summary(EventFilter()) == before)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aRepeatedIdInOneBatchIsStoredOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let first = Self.event("same", "2026-03-08T10:00:00Z", input: 10)
            let second = Self.event("same", "2026-03-08T11:00:00Z", input: 20)
            let outcomes = try await store.ingest([first, second])
            #expect(outcomes.map(\.duplicate) == [false, true])
            #expect(outcomes[1].stored.priced == first)
            #expect(try await store.summary(EventFilter()).requests == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func summariesMatchTheEventsExactlyForAnyRange(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let ranges: [(String?, String?)] = [
                (nil, nil), ("2026-03-08T00:00:00Z", "2026-03-11T00:00:00Z"), ("2026-03-08T05:17:31.5Z", "2026-03-09T13:02:00Z"),
                ("2026-03-09T10:20:00Z", "2026-03-09T10:50:00Z"), ("2026-03-10T00:00:00Z", nil), (nil, "2026-03-09T07:00:00.000001Z"),
            ]
            for (from, to) in ranges {
                for tenants in [[], ["acme"], ["acme", "initech"]] {
                    let filter = EventFilter(
                        from: from.flatMap(Timestamp.init(rfc3339:)), to: to.flatMap(Timestamp.init(rfc3339:)),
                        dimensions: tenants.isEmpty ? [:] : [.tenant: tenants])
                    let expected = Self.sample.filter { priced in
                        let time = priced.event.timestamp
                        return (filter.from.map { time >= $0 } ?? true) && (filter.to.map { time < $0 } ?? true)
                            && (tenants.isEmpty || tenants.contains(priced.event.attribution.tenant ?? ""))
                    }
                    let summary = try await store.summary(filter)
                    #expect(summary.requests == Int64(expected.count), "\(from ?? "-")..\(to ?? "-") \(tenants)")
                    #expect(summary.cost.total == expected.reduce(Money.zero) { $0 + $1.cost.total })
                    #expect(summary.usage.inputTokens == expected.reduce(0) { $0 + $1.event.usage.inputTokens })
                    #expect(summary.unpricedRequests == Int64(expected.filter { !$0.isPriced }.count))
                    #expect(summary.errorRequests == Int64(expected.filter { $0.event.status == .error }.count))
                }
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func filtersOnUsersAndTags(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let filter = EventFilter(dimensions: [.user: ["u1", "u2"]], tags: ["region": ["eu"]])
            let expected = Self.sample.filter { ["u1", "u2"].contains($0.event.attribution.user ?? "") && $0.event.tags["region"] == "eu" }
            let summary = try await store.summary(filter)
            #expect(summary.requests == Int64(expected.count))
            #expect(summary.cost.total == expected.reduce(Money.zero) { $0 + $1.cost.total })
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func unpricedEventsAreCountedApartNeverAsFree(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let summary = try await store.summary(EventFilter())
            let unpriced = Self.sample.filter { !$0.isPriced }
            #expect(summary.unpricedRequests == 12)
            #expect(summary.unpricedModels.map(\.model) == ["mystery-model"])
            #expect(summary.unpricedUsage.inputTokens == unpriced.reduce(0) { $0 + $1.event.usage.inputTokens })
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func repricingPricesUnpricedEventsAndKeepsAnAudit(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let before = try await store.summary(EventFilter())
            let mystery = try PriceDocument.parse(
                Array(
                    """
                    [{"provider": "unknown", "model": "mystery-model", "effective_from": "1970-01-01", "input": "4.00", "output": "4.00"}]
                    """.utf8), origin: .override)
            let catalog = Self.catalog.adding(mystery)
            let report = try await store.reprice(RepriceSelection(onlyUnpriced: true), reason: "new price") {
                Pricer.price($0, catalog: catalog)
            }
            #expect(report.eventsExamined == 12)
            #expect(report.newlyPriced == 12)
            #expect(report.oldTotal == .zero)
            let after = try await store.summary(EventFilter())
            #expect(after.unpricedRequests == 0)
            #expect(after.cost.total == before.cost.total + report.newTotal)
            let expected = Self.sample.map { Pricer.price($0.event, catalog: catalog) }.reduce(Money.zero) { $0 + $1.cost.total }
            #expect(after.cost.total == expected)
            #expect(try await store.event(id: "e0")?.priced.isPriced == true)
            #expect(try await store.repriceHistory(limit: 10).map(\.id) == [report.id])
        }
    }

    /// An event that used cache reads its price has no rate for is stored, billed for the rest,
    /// listed as partially priced, and completed by repricing once the rate exists.
    @Test(arguments: StoreBackend.allCases)
    func partiallyPricedEventsAreListedAndCompletedByRepricing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let usage = TokenUsage(inputTokens: 1_000, outputTokens: 100, cacheReadTokens: 400)
            let partial = Pricer.price(
                UsageEvent(
                    id: "cached", timestamp: Timestamp(rfc3339: "2026-03-08T10:00:00Z")!, provider: "anthropic",
                    model: "claude-haiku-4-5", usage: usage), catalog: Self.catalog)
            #expect(partial.pricing?.unbilled == .cacheRead)
            // 600 uncached input at $1/M and 100 output at $5/M; the 400 cache reads are left out.
            #expect(partial.cost.total == Money(nanos: 1_100_000))
            _ = try await store.ingest(Self.sample + [partial])
            #expect(try await store.event(id: "cached")?.priced == partial)
            let summary = try await store.summary(EventFilter())
            #expect(summary.partiallyPricedRequests == 1)
            #expect(
                summary.partiallyPricedModels == [
                    PartiallyPricedModel(provider: "anthropic", model: "claude-haiku-4-5", requests: 1, unbilled: .cacheRead)
                ])
            var other = EventFilter()
            other.dimensions[.model] = ["gpt-4o"]
            #expect(try await store.partiallyPriced(other).isEmpty)
            let withCache = try PriceDocument.parse(
                Array(
                    """
                    [{"provider": "anthropic", "model": "claude-haiku-4-5", "effective_from": "2024-01-01", "input": "1.00", "output": "5.00", "cache_read": "0.10"}]
                    """.utf8), origin: .override)
            let catalog = Self.catalog.adding(withCache)
            let report = try await store.reprice(RepriceSelection(onlyUnpriced: true), reason: "cache rate") {
                Pricer.price($0, catalog: catalog)
            }
            #expect(report.eventsExamined == 13)
            #expect(report.newlyPriced == 1)
            let completed = try #require(try await store.event(id: "cached")?.priced)
            #expect(completed.isFullyPriced)
            #expect(completed.cost.total == Money(nanos: 1_140_000))
            #expect(try await store.summary(EventFilter()).partiallyPricedRequests == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func repricingARangeRecordsOldAndNewTotals(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let corrected = try PriceDocument.parse(
                Array(
                    """
                    [{"provider": "openai", "model": "gpt-4o", "effective_from": "2024-01-01", "input": "5.00", "output": "20.00"}]
                    """.utf8), origin: .override)
            let catalog = Self.catalog.adding(corrected)
            let range = EventFilter(from: Timestamp(rfc3339: "2026-03-09T00:00:00Z"), to: Timestamp(rfc3339: "2026-03-10T00:00:00Z"))
            let before = try await store.summary(range)
            let report = try await store.reprice(RepriceSelection(filter: range, onlyUnpriced: false), reason: "correction") {
                Pricer.price($0, catalog: catalog)
            }
            #expect(report.oldTotal == before.cost.total)
            #expect(try await store.summary(range).cost.total == report.newTotal)
            #expect(report.newTotal > report.oldTotal)
            let outside = try await store.summary(EventFilter(from: Timestamp(rfc3339: "2026-03-10T00:00:00Z")))
            let expectedOutside = Self.sample.filter { $0.event.timestamp >= Timestamp(rfc3339: "2026-03-10T00:00:00Z")! }
            #expect(outside.cost.total == expectedOutside.reduce(Money.zero) { $0 + $1.cost.total })
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func priceOverridesPersistAndReplace(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            var entry = try PriceDocument.parse(
                Array(
                    """
                    [{"provider": "self-hosted", "model": "llama-70b", "effective_from": "2025-01-01", "input": "0.20", "output": "0.20"}]
                    """.utf8), origin: .override)[0]
            try await store.savePriceOverride(entry)
            entry.rates.input = TokenRate(perMillion: "0.30")!
            try await store.savePriceOverride(entry)
            #expect(try await store.priceOverrides() == [entry])
        }
    }

    @Test(arguments: StoreBackend.allCases.filter { $0 != .sqliteMemory })
    func dataSurvivesARestart(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            _ = try await store.ingest(Self.sample)
            let before = try await store.summary(EventFilter())
            let open = try #require(reopen)
            try await open { (reopened: any LedgerStore) async throws in
                #expect(try await reopened.summary(EventFilter()) == before)
                #expect(try await reopened.event(id: "e7")?.priced == Self.sample[7])
            }
        }
    }
}
