import BurnrateCore
import Foundation
import Testing

/// Savings against a baseline, with hand-computed figures.
///
/// The baseline costs $2.50 / $10 per million input / output tokens until 2026-11-15 and
/// $2.00 / $8 from then on.
@Suite struct BaselineSavingsTests {
    static func rates(_ input: String, _ output: String) -> RateSet {
        RateSet(input: TokenRate(perMillion: input)!, output: TokenRate(perMillion: output)!)
    }

    static let old = PriceEntry(
        provider: "openai", model: "gpt-4o", effectiveFrom: Date(timeIntervalSince1970: 1_790_000_000), rates: rates("2.50", "10.00"))
    static let new = PriceEntry(
        provider: "openai", model: "gpt-4o", effectiveFrom: Timestamp(rfc3339: "2026-11-15T00:00:00Z")!.date,
        rates: rates("2.00", "8.00"))

    static func baseline(_ time: Timestamp) -> PriceEntry? {
        if time >= Timestamp(rfc3339: "2026-11-15T00:00:00Z")! { return new }
        if time.date >= old.effectiveFrom { return old }
        return nil
    }

    static func day(_ text: String) -> Timestamp { Timestamp(rfc3339: "\(text)T00:00:00Z")! }

    @Test func eachDayIsPricedWithTheBaselinePriceInEffectThatDay() {
        let inputs = [
            // 1M in + 100k out: $2.50 + $1.00 = $3.50 on the old price; actual $0.35.
            SavingsInput(
                key: "mini", day: Self.day("2026-11-10"), requests: 10, usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000),
                actual: Money(nanos: 350_000_000)),
            // The same traffic after the change: $2.00 + $0.80 = $2.80; actual $0.35.
            SavingsInput(
                key: "mini", day: Self.day("2026-11-20"), requests: 10, usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000),
                actual: Money(nanos: 350_000_000)),
            // Costs more than the baseline: 500k in = $1.00 on the new price; actual $1.50.
            SavingsInput(
                key: "opus", day: Self.day("2026-11-20"), requests: 5, usage: TokenUsage(inputTokens: 500_000),
                actual: Money(dollars: 1)
                    + Money(nanos: 500_000_000)),
        ]
        let report = BaselineSavings.compute(inputs, baseline: Self.baseline)
        #expect(report.lines.map(\.key) == ["mini", "opus"])
        let mini = report.lines[0]
        #expect(mini.requests == 20)
        #expect(mini.actual == Money(nanos: 700_000_000))
        #expect(mini.baseline == Money(nanos: 6_300_000_000))
        #expect(mini.savings == Money(nanos: 5_600_000_000))
        #expect(abs(mini.savingsPercent! - 88.888889) < 1e-5)
        #expect(abs(mini.efficiencyMultiple! - 9) < 1e-12)
        // 2.2M tokens for $0.70 and for $6.30.
        #expect(abs(mini.tokensPerDollarActual! - 2_200_000 / 0.7) < 1e-6)
        #expect(abs(mini.tokensPerDollarBaseline! - 2_200_000 / 6.3) < 1e-6)
        let opus = report.lines[1]
        #expect(opus.savings == Money(nanos: -500_000_000))
        #expect(opus.savingsPercent == -50)
        #expect(report.total.requests == 25)
        #expect(report.total.actual == Money(nanos: 2_200_000_000))
        #expect(report.total.baseline == Money(nanos: 7_300_000_000))
        #expect(report.total.savings == Money(nanos: 5_100_000_000))
        #expect(report.priceIDs == [Self.old.id, Self.new.id].sorted())
        #expect(report.uncoveredRequests == 0)
    }

    @Test func daysBeforeTheBaselineHadAPriceAreLeftOutAndCounted() {
        let inputs = [
            SavingsInput(
                key: "a", day: Self.day("2020-01-01"), requests: 7, usage: TokenUsage(inputTokens: 1_000), actual: Money(nanos: 5)),
            SavingsInput(key: "a", day: Self.day("2026-11-20"), requests: 1, usage: TokenUsage(inputTokens: 1_000_000), actual: .zero),
        ]
        let report = BaselineSavings.compute(inputs, baseline: Self.baseline)
        #expect(report.uncoveredRequests == 7)
        #expect(report.total.requests == 1)
        #expect(report.total.baseline == Money(dollars: 2))
        // Free traffic: a saving, but no multiple or tokens per dollar to report.
        #expect(report.total.efficiencyMultiple == nil)
        #expect(report.total.tokensPerDollarActual == nil)
        #expect(report.total.savingsPercent == 100)
    }

    @Test func noTrafficGivesAnEmptyReport() {
        let report = BaselineSavings.compute([], baseline: Self.baseline)
        #expect(report.lines.isEmpty)
        #expect(report.total.savings == .zero)
        #expect(report.total.savingsPercent == nil)
    }
}
