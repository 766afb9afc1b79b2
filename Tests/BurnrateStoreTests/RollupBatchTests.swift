import BurnrateCore
import Testing

@testable import BurnrateStore

/// How a batch of events becomes rollup rows.
@Suite struct RollupBatchTests {
    static func event(
        _ id: String, at time: String, tenant: String? = "acme", user: String? = nil, tags: [String: String] = [:],
        status: EventStatus = .ok, costNanos: Int64? = 1_000
    ) -> PricedEvent {
        let event = UsageEvent(
            id: id, timestamp: Timestamp(rfc3339: time)!, provider: "openai", model: "gpt-4o",
            usage: TokenUsage(inputTokens: 100, outputTokens: 20, cacheReadTokens: 30), status: status,
            attribution: Attribution(tenant: tenant, user: user), tags: tags, gpuSeconds: 0.25)
        let pricing = costNanos.map {
            EventPricing(priceID: "p1", tier: "standard", longContext: false, cost: CostBreakdown(output: Money(nanos: $0)))
        }
        return PricedEvent(event: event, pricing: pricing)
    }

    /// The rows of each change stored on its own, summed.
    static func oneByOne(_ changes: [(PricedEvent, sign: Int64)]) -> [RollupKey: RollupTotals] {
        var rows: [RollupKey: RollupTotals] = [:]
        for (event, sign) in changes {
            var single = RollupBatch()
            single.add(event, sign: sign)
            for (key, totals) in single.cells { rows[key, default: RollupTotals()].add(totals) }
        }
        return rows
    }

    @Test func aBatchWritesTheSumsItsEventsWouldWriteOneByOne() {
        let changes: [(PricedEvent, sign: Int64)] = [
            (Self.event("a", at: "2026-03-08T05:17:31Z"), 1),
            (Self.event("b", at: "2026-03-08T05:29:59Z"), 1),
            (Self.event("c", at: "2026-03-08T05:30:00Z"), 1),
            (Self.event("d", at: "2026-03-08T23:59:59Z", tenant: "globex", user: "u1", tags: ["region": "eu", "tier": "free"]), 1),
            (Self.event("e", at: "2026-03-08T05:17:31Z", status: .error, costNanos: nil), 1),
            (Self.event("f", at: "2026-03-08T05:20:00Z", tags: ["region": "eu"]), 1),
            (Self.event("a", at: "2026-03-08T05:17:31Z"), -1),
            (Self.event("a", at: "2026-03-08T05:17:31Z", costNanos: 4_000), 1),
        ]
        var batch = RollupBatch()
        for (event, sign) in changes { batch.add(event, sign: sign) }
        #expect(batch.cells == Self.oneByOne(changes))
    }

    @Test func similarEventsAddToOneRowOfEachRollup() {
        let events = (0..<100).map { Self.event("e\($0)", at: "2026-03-08T05:\(10 + $0 % 5):00Z", tags: ["region": "eu"]) }
        var batch = RollupBatch()
        for event in events { batch.add(event) }
        let cells = batch.cells
        #expect(cells.count == Rollup.all.count)
        for totals in cells.values {
            #expect(totals.requests == 100)
            #expect(totals.usage.cacheReadTokens == 3_000)
            #expect(totals.cost.output == Money(nanos: 100_000))
            #expect(totals.gpuMicroseconds == 25_000_000)
        }
    }

    @Test func eachRollupTakesTheBucketOfItsGrain() {
        var batch = RollupBatch()
        batch.add(Self.event("a", at: "2026-03-08T05:17:31Z"))
        let start = { (text: String) in Timestamp(rfc3339: text)!.microseconds / 1_000_000 }
        // Weeks start on the Thursday of the Unix epoch's week.
        let expected: [Int64: Int64] = [
            900: start("2026-03-08T05:15:00Z"), 3_600: start("2026-03-08T05:00:00Z"), 86_400: start("2026-03-08T00:00:00Z"),
            604_800: start("2026-03-05T00:00:00Z"),
        ]
        let grains = Dictionary(uniqueKeysWithValues: Rollup.all.map { ($0.id, $0.grain) })
        #expect(Set(Rollup.all.map(\.grain)) == Set(expected.keys))
        for key in batch.cells.keys {
            #expect(key.bucket == expected[grains[key.rollup]!])
        }
    }

    /// A range is covered with a coarse grain's whole buckets and finer grains' at its ends, so
    /// each grain divides the next.
    @Test func eachGrainDividesTheCoarserOnes() {
        let grains = Set(Rollup.all.map(\.grain)).sorted()
        #expect(zip(grains, grains.dropFirst()).allSatisfy { finer, coarser in coarser % finer == 0 })
    }
}
