import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Testing

/// Prompt repetition and batch profiles, on every backend, against a fold over the same events.
@Suite(.tags(.postgres)) struct UsageProfileContractTests {
    /// Three features; hashes repeat in "faq" (h1 three times, h2 once), once across features
    /// (h9 in "faq" and "docs"), one unknown model (unpriced, left out) and batch traffic.
    static let events: [PricedEvent] = {
        let specs: [(String, String?, String?, String, Bool, Int64)] = [
            ("a1", "faq", "h1", "gpt-4o", false, 1_000),
            ("a2", "faq", "h1", "gpt-4o", false, 1_200),
            ("a3", "faq", "h1", "claude-haiku-4-5", true, 1_400),
            ("a4", "faq", "h2", "gpt-4o", false, 800),
            ("a5", "faq", "h9", "gpt-4o", false, 900),
            ("a6", "docs", "h9", "gpt-4o", true, 5_000),
            ("a7", "docs", nil, "gpt-4o", true, 5_000),
            ("a8", nil, "h3", "gpt-4o", false, 300),
            ("a9", nil, "h3", "gpt-4o", false, 300),
            ("u1", "faq", "h1", "mystery-model", false, 700),
            ("old", "faq", "h1", "gpt-4o", false, 700),
        ]
        return specs.map { id, feature, hash, model, batch, input in
            var usage = TokenUsage(inputTokens: input, outputTokens: 100)
            usage.cacheReadTokens = input / 4
            return Pricer.price(
                UsageEvent(
                    id: id, timestamp: Timestamp(rfc3339: id == "old" ? "2026-02-01T10:00:00Z" : "2026-03-08T10:00:00Z")!, model: model,
                    usage: usage, batch: batch, attribution: Attribution(tenant: "acme", feature: feature), promptHash: hash),
                catalog: LedgerStoreContractTests.catalog)
        }
    }()

    static let march = EventFilter(from: Timestamp(rfc3339: "2026-03-01T00:00:00Z"), to: Timestamp(rfc3339: "2026-04-01T00:00:00Z"))

    @Test(arguments: StoreBackend.allCases)
    func promptRepetitionCountsRepeatsPerFeature(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.events)
            let rows = try await store.promptRepetition(Self.march)
            #expect(rows.count == 4)
            let faq = try #require(rows.first { $0.feature == "faq" && $0.model == "gpt-4o" })
            let priced = Dictionary(uniqueKeysWithValues: Self.events.map { ($0.event.id, $0) })
            // h1 twice on gpt-4o (its third use went to haiku), h2 and h9 once.
            let repeated = ["a1", "a2"].compactMap { priced[$0] }
            #expect(faq.provider == "openai")
            #expect(faq.hashedRequests == 4)
            #expect(faq.distinctPrompts == 3)
            #expect(faq.cacheableRequests == 1)
            #expect(faq.repeatedRequests == 2)
            #expect(faq.repeatedPrompts == 1)
            #expect(faq.repeatedInputTokens == 2_200)
            #expect(faq.repeatedCacheReadTokens == 250 + 300)
            #expect(faq.repeatedCost == repeated.reduce(Money.zero) { $0 + $1.cost.total })
            #expect(faq.repeatedUncachedInputCost == repeated.reduce(Money.zero) { $0 + $1.cost.uncachedInput })
            #expect(faq.hashedCost == ["a1", "a2", "a4", "a5"].reduce(Money.zero) { $0 + priced[$1]!.cost.total })
            let haiku = try #require(rows.first { $0.feature == "faq" && $0.model == "claude-haiku-4-5" })
            #expect(haiku.hashedRequests == 1)
            #expect(haiku.repeatedRequests == 0)
            let docs = try #require(rows.first { $0.feature == "docs" })
            #expect(docs.hashedRequests == 1)
            #expect(docs.repeatedRequests == 0)
            let none = try #require(rows.first { $0.feature == nil })
            #expect(none.cacheableRequests == 1)
            #expect(none.repeatedInputTokens == 600)
            // A filter narrows the events read.
            let filtered = try await store.promptRepetition(
                EventFilter(from: Self.march.from, to: Self.march.to, dimensions: [.model: ["claude-haiku-4-5"]]))
            #expect(filtered.map(\.hashedRequests) == [1])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func batchProfileSplitsBatchTraffic(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.events)
            let rows = try await store.batchProfile(Self.march)
            let priced = Dictionary(uniqueKeysWithValues: Self.events.map { ($0.event.id, $0) })
            let docs = try #require(rows.first { $0.feature == "docs" })
            #expect(docs.provider == "openai")
            #expect(docs.model == "gpt-4o")
            #expect(docs.requests == 2)
            #expect(docs.batchRequests == 2)
            #expect(docs.interactiveCost == .zero)
            let faq = try #require(rows.first { $0.feature == "faq" && $0.model == "gpt-4o" })
            #expect(faq.requests == 4)
            #expect(faq.batchRequests == 0)
            #expect(faq.interactiveCost == ["a1", "a2", "a4", "a5"].reduce(Money.zero) { $0 + priced[$1]!.cost.total })
            #expect(rows.contains { $0.feature == "faq" && $0.model == "claude-haiku-4-5" && $0.batchRequests == 1 })
            #expect(!rows.contains { $0.model == "mystery-model" })
            #expect(rows.reduce(0) { $0 + $1.requests } == 9)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func compressionUsageSumsReportedOriginalInputPerKeyAndPrice(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let compressed = [("c1", "faq", 1_000, 1_500, false), ("c2", "faq", 2_000, 2_600, false), ("c3", "docs", 900, 1_000, true)]
                .map { id, feature, sent, original, batch in
                    Pricer.price(
                        UsageEvent(
                            id: id, timestamp: Timestamp(rfc3339: "2026-03-09T10:00:00Z")!, model: "gpt-4o",
                            usage: TokenUsage(inputTokens: Int64(sent), outputTokens: 10), batch: batch,
                            attribution: Attribution(feature: feature), tags: ["region": feature == "faq" ? "eu" : "us"],
                            originalInputTokens: Int64(original)),
                        catalog: LedgerStoreContractTests.catalog)
                }
            _ = try await store.ingest(Self.events + compressed)
            let stored = try #require(try await store.event(id: "c1"))
            #expect(stored.priced.event.originalInputTokens == 1_500)
            #expect(try await store.event(id: "a1")?.priced.event.originalInputTokens == nil)
            let byFeature = try await store.compressionUsage(Self.march, by: .dimension(.feature))
                .sorted { ($0.key ?? "", $0.tier) < ($1.key ?? "", $1.tier) }
            let priceID = try #require(compressed[0].pricing?.priceID)
            #expect(
                byFeature == [
                    CompressionUsage(
                        key: "docs", priceID: priceID, tier: "standard", longContext: false, requests: 1, sentInputTokens: 900,
                        originalInputTokens: 1_000),
                    CompressionUsage(
                        key: "faq", priceID: priceID, tier: "standard", longContext: false, requests: 2, sentInputTokens: 3_000,
                        originalInputTokens: 4_100),
                ])
            let byTag = try await store.compressionUsage(Self.march, by: .tag("region"))
            #expect(Set(byTag.map(\.key)) == ["eu", "us"])
            let all = try await store.compressionUsage(Self.march, by: nil)
            #expect(all.map(\.key) == [nil])
            #expect(all.reduce(0) { $0 + $1.originalInputTokens } == 5_100)
            #expect(
                try await store.compressionUsage(
                    EventFilter(from: Self.march.from, to: Self.march.to, dimensions: [.feature: ["docs"]]), by: nil
                ).map(\.requests) == [1])
        }
    }
}
