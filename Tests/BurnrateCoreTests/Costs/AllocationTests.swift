import BurnrateCore
import Testing

@Suite struct AllocationTests {
    @Test func sharesAlwaysSumExactlyToTheAmount() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let amount = Money(nanos: Int64(random.next() % 10_000_000_000_000) - 2_000_000_000_000)
            let keys = Int(random.next() % 12)
            var weights: [String: Int64] = [:]
            for key in 0..<keys { weights["k\(key)"] = Int64(random.next() % 5) == 0 ? 0 : Int64(random.next() % 1_000_000_000) }
            let shares = Allocation.split(amount, weights: weights)
            #expect(shares.values.reduce(Money.zero, +) == amount)
            var doubles: [String: Double] = [:]
            for (key, weight) in weights { doubles[key] = Double(weight) / 3.7 }
            #expect(Allocation.split(amount, weights: doubles).values.reduce(Money.zero, +) == amount)
        }
    }

    @Test func sharesFollowTheWeightsAndTiesGoToTheFirstKey() {
        let shares = Allocation.split(Money(nanos: 10), weights: ["b": 1, "a": 1, "c": 1] as [String: Int64])
        #expect(shares == ["a": Money(nanos: 4), "b": Money(nanos: 3), "c": Money(nanos: 3)])
        let proportional = Allocation.split(Money(dollars: 1_000), weights: ["acme": 3, "globex": 1, "idle": 0] as [String: Int64])
        #expect(proportional == ["acme": Money(dollars: 750), "globex": Money(dollars: 250)])
        let credit = Allocation.split(Money(nanos: -10), weights: ["a": 1, "b": 1, "c": 1] as [String: Int64])
        #expect(credit == ["a": Money(nanos: -4), "b": Money(nanos: -3), "c": Money(nanos: -3)])
    }

    @Test func gpuSecondsSplitInProportion() {
        let shares = Allocation.split(Money(dollars: 900), weights: ["acme": 0.5, "globex": 1.0, "broken": .nan, "negative": -3])
        #expect(shares == ["acme": Money(dollars: 300), "globex": Money(dollars: 600)])
    }

    @Test func withoutUsageTheWholeAmountStaysUnallocated() {
        let amount = Money(usd: "1850.25")!
        #expect(Allocation.split(amount, weights: [String: Int64]()) == [Allocation.unallocatedKey: amount])
        #expect(Allocation.split(amount, weights: ["acme": 0, "globex": -2] as [String: Int64]) == [Allocation.unallocatedKey: amount])
        #expect(Allocation.split(amount, weights: ["acme": 0.0] as [String: Double]) == [Allocation.unallocatedKey: amount])
    }
}
