import BurnrateCore
import Testing

/// Self-hosted fixed costs, their exact allocation, cost per 1K tokens and idle capacity.
@Suite struct SelfHostedCostTests {
    /// A 30-day month.
    static let month = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!..<Timestamp(rfc3339: "2026-12-01T00:00:00Z")!

    /// $36,000 over 36 months + $200 power + $300 operations = $1,500 a month.
    static let rack = Deployment(
        id: "rack", providers: ["self-hosted"],
        cost: .owned(
            purchase: Money(dollars: 36_000), amortizationMonths: 36, monthlyPower: Money(dollars: 200),
            monthlyOperations: Money(dollars: 300)),
        throughputTokensPerSecond: 1_000)

    @Test func ownedHardwareIsAmortizedAndSharedByTokens() throws {
        let usage = [
            SelfHostedUsage(key: "chat", requests: 10, tokens: 432_000_000, gpuMicroseconds: 0),
            SelfHostedUsage(key: "search", requests: 5, tokens: 216_000_000, gpuMicroseconds: 0),
        ]
        let result = SelfHostedCost.month(Self.rack, period: Self.month, usage: usage)
        #expect(result.fixedCost == Money(dollars: 1_500))
        #expect(result.allocations.map(\.key) == ["chat", "search"])
        #expect(result.allocations.map(\.cost) == [Money(dollars: 1_000), Money(dollars: 500)])
        // $1,500 for 648M tokens.
        #expect(result.costPerThousandTokens == Money(nanos: 2_314_815))
        // Capacity 1,000 tokens/s × 2,592,000 s; a quarter used, three quarters idle.
        #expect(result.capacityTokens == 2_592_000_000)
        #expect(result.utilization == 0.25)
        #expect(result.idleCost == Money(dollars: 1_125))
    }

    @Test func sharesAddUpExactlyWhateverTheSplit() {
        let deployment = Deployment(
            id: "odd", models: ["llama"],
            cost: .owned(purchase: .zero, amortizationMonths: 1, monthlyPower: Money(dollars: 1), monthlyOperations: .zero),
            basis: .gpuSeconds)
        let usage = ["a", "b", "c"].map { SelfHostedUsage(key: $0, requests: 1, tokens: 999, gpuMicroseconds: 7_000_000) }
        let result = SelfHostedCost.month(deployment, period: Self.month, usage: usage)
        #expect(result.allocations.reduce(Money.zero) { $0 + $1.cost } == Money(dollars: 1))
        #expect(result.allocations.map(\.cost.nanos).sorted() == [333_333_333, 333_333_333, 333_333_334])
        #expect(result.utilization == nil)
        #expect(result.idleCost == nil)
    }

    @Test func cloudGPUsAreBilledByTheHourLessTheDiscount() {
        // 8 × $2.50 × 720 h × 70%.
        let cloud = DeploymentCost.cloud(gpuType: "h100", count: 8, hourlyRate: Money(usd: "2.50")!, discountMillionths: 300_000)
        #expect(cloud.monthly(hours: 720) == Money(dollars: 10_080))
    }

    @Test func aRunningMonthBearsItsElapsedShare() {
        // 6 of 30 days: a fifth of $1,500 and of the capacity.
        let usage = [SelfHostedUsage(key: "chat", requests: 1, tokens: 51_840_000, gpuMicroseconds: 0)]
        let result = SelfHostedCost.month(Self.rack, period: Self.month, end: Timestamp(rfc3339: "2026-11-07T00:00:00Z")!, usage: usage)
        #expect(result.monthFixedCost == Money(dollars: 1_500))
        #expect(result.fixedCost == Money(dollars: 300))
        #expect(result.allocations.map(\.cost) == [Money(dollars: 300)])
        #expect(result.capacityTokens == 518_400_000)
        #expect(result.utilization == 0.1)
        #expect(result.idleCost == Money(dollars: 270))
    }

    @Test func anIdleMonthIsAllIdleAndUnallocated() {
        let result = SelfHostedCost.month(Self.rack, period: Self.month, usage: [])
        #expect(result.allocations.isEmpty)
        #expect(result.costPerThousandTokens == nil)
        #expect(result.idleCost == Money(dollars: 1_500))
        #expect(result.utilization == 0)
    }
}
