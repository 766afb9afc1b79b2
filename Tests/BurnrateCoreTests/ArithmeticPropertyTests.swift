import BurnrateCore
import Foundation
import Testing

/// Money, token and cost arithmetic over the whole `Int64` range: nothing traps, results inside
/// the range are exact (checked against 128-bit arithmetic), results outside it saturate.
@Suite struct ArithmeticPropertyTests {
    /// Values that stress the edges, followed by seeded random values of every magnitude.
    static func samples(count: Int, seed: UInt64) -> [Int64] {
        var edges: [Int64] = [0, 1, -1, 2, -2, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1, Int64.max / 2, -(Int64.max / 2)]
        edges += [1_000_000_000, -1_000_000_000, Limits.maximumTokens, Limits.maximumAmount.nanos, 4_611_686_018_427_387_904]
        var random = SeededRandom(seed: seed)
        for _ in 0..<count {
            // A random bit width, so small, middling and huge values all occur.
            let bits = Int(random.next() % 64)
            let magnitude = Int64(truncatingIfNeeded: random.next() >> UInt64(64 - max(bits, 1)))
            edges.append(random.next() % 2 == 0 ? magnitude : -magnitude)
        }
        return edges
    }

    static let values = samples(count: 400, seed: 0x5EED)

    static func clamp(_ value: Int128) -> Int64 { Int64(clamping: max(min(value, Int128(Int64.max)), -Int128(Int64.max))) }

    @Test func additionIsExactInRangeAndSaturatesOutside() {
        for a in Self.values {
            for b in Self.values.prefix(80) {
                let exact = Int128(a) + Int128(b)
                #expect((Money(nanos: a) + Money(nanos: b)).nanos == Self.clamp(exact))
                #expect((Money(nanos: a) - Money(nanos: b)).nanos == Self.clamp(Int128(a) - Int128(b)))
                let checked = Money(nanos: a).adding(Money(nanos: b))
                if exact > Int128(Int64.max) || exact < -Int128(Int64.max) {
                    #expect(checked == nil)
                } else {
                    #expect(checked?.nanos == Int64(exact))
                }
            }
        }
    }

    @Test func sumsNeverTrapAndStopAtTheEdges() {
        let total = Self.values.reduce(Money.zero) { $0 + Money(nanos: $1) }
        #expect(total.nanos >= -Int64.max)
        #expect((Money.max + Money(nanos: 1)) == .max)
        #expect((Money.min - Money(nanos: 1)) == .min)
        #expect(Money(dollars: Int64.max) == .max)
        #expect(Money(dollars: Int64.min) == .min)
        #expect(Money(dollars: 12).nanos == 12_000_000_000)
    }

    @Test func scalingIsRoundedOnceAndSaturates() {
        for a in Self.values {
            for (numerator, denominator) in [(Int64.max, Int64(1)), (Int64.min, 3), (7, 3), (-7, 3), (1, Int64.max), (3, 0), (3, -2)] {
                let result = Money(nanos: a).scaled(by: numerator, over: denominator)
                guard denominator > 0 else {
                    #expect(result == .zero)
                    continue
                }
                let product = Int128(a) * Int128(numerator)
                let quotient = (product.magnitude + UInt128(denominator / 2)) / UInt128(denominator)
                let exact = product < 0 ? -Int128(clamping: quotient) : Int128(clamping: quotient)
                #expect(result.nanos == Self.clamp(exact))
            }
        }
    }

    @Test func floatingPointAmountsAreClampedAndNaNIsZero() {
        #expect(Money(approximateUSD: .nan) == .zero)
        #expect(Money(approximateUSD: .infinity) == .max)
        #expect(Money(approximateUSD: -.infinity) == .min)
        #expect(Money(approximateUSD: 1e300) == .max)
        #expect(Money(approximateUSD: 1.25).nanos == 1_250_000_000)
        #expect(Money(approximateUSD: -0.0000000015).nanos == -2)
    }

    @Test func ratesAndAmountsRoundTripThroughTheirTextOverTheWholeRange() {
        for value in Self.values {
            let rate = TokenRate(picoUSDPerToken: value)
            let parsed = TokenRate(perMillion: rate.perMillionString)
            #expect(parsed == (value >= 0 ? rate : nil), "\(value) → \(rate.perMillionString)")
            let money = Money(nanos: value)
            // Int64.min has no positive twin, so its text does not parse back; Money never makes it.
            #expect(Money(usd: money.usdString) == (value == Int64.min ? nil : money), "\(value) → \(money.usdString)")
        }
        #expect(TokenRate(perMillion: "9223372036854.775808") == nil)
        #expect(Money(usd: "9223372036.854775808") == nil)
        #expect(Money(usd: "-9223372036.854775808") == nil)
    }

    @Test func tokenArithmeticSaturates() {
        for a in Self.values.prefix(60) {
            for b in Self.values.prefix(60) {
                let usage = TokenUsage(inputTokens: a, outputTokens: b, cacheReadTokens: b, cacheWriteTokens: a, cacheWrite1hTokens: b)
                #expect(usage.totalTokens == Int64(clamping: Int128(a) + Int128(b)))
                #expect(usage.uncachedInputTokens == Int64(clamping: Int128(a) - Int128(b) - Int128(a)))
                #expect(usage.cacheWrite5mTokens == Int64(clamping: Int128(a) - Int128(b)))
                #expect((usage + usage).inputTokens == Int64(clamping: 2 * Int128(a)))
                _ = usage.inconsistencies
            }
        }
    }

    /// Every token kind at every magnitude under rates and discounts of every magnitude: the cost
    /// is `tokens × rate × kept share`, rounded once, exact whenever it fits and saturated when it
    /// does not.
    @Test(arguments: [Int64(0), 1, 2_500_000, Limits.maximumRate.picoUSDPerToken, Int64.max])
    func costOfAnyUsageUnderAnyRate(rate: Int64) {
        let rates = RateSet(
            input: TokenRate(picoUSDPerToken: rate), output: TokenRate(picoUSDPerToken: rate),
            cacheRead: TokenRate(picoUSDPerToken: rate / 10), cacheWrite: TokenRate(picoUSDPerToken: rate),
            cacheWrite1h: TokenRate(picoUSDPerToken: rate))
        let entry = PriceEntry(
            provider: "test", model: "m", effectiveFrom: Date(timeIntervalSince1970: 0), rates: rates,
            longContext: LongContextPricing(thresholdInputTokens: 1_000, rates: rates),
            tiers: ["batch": .discount(millionths: 500_000), "odd": .discount(millionths: Int64.max)])
        for tokens in Self.values {
            let usage = TokenUsage(
                inputTokens: tokens, outputTokens: tokens, cacheReadTokens: tokens / 3, cacheWriteTokens: tokens / 3,
                cacheWrite1hTokens: tokens / 9, reasoningTokens: tokens / 2)
            for tier in [nil, "batch", "odd"] {
                let pricing = CostCalculator.price(usage, serviceTier: tier, batch: false, entry: entry)
                let keep: Int128 = tier == "batch" ? 500_000 : tier == "odd" ? 1_000_000 - Int128(Int64.max) : 1_000_000
                let exact = Int128(tokens) * Int128(rate)
                if exact.magnitude < UInt128(Int64.max) / 2_000_000, tier != "odd" {
                    let expected = Money.divideRoundedForTesting(exact * keep, by: 1_000_000_000)
                    #expect(pricing.cost.output.nanos == expected)
                }
                _ = pricing.cost.total
            }
        }
    }

    @Test func theLargestAcceptedEventFitsExactly() {
        let rates = RateSet(input: Limits.maximumRate, output: Limits.maximumRate)
        let entry = PriceEntry(provider: "test", model: "m", effectiveFrom: Date(timeIntervalSince1970: 0), rates: rates)
        let usage = TokenUsage(inputTokens: Limits.maximumTokens, outputTokens: Limits.maximumTokens)
        let cost = CostCalculator.price(usage, serviceTier: nil, batch: false, entry: entry).cost
        // 10⁹ tokens × $100,000 per million tokens = $100 million, twice.
        #expect(cost.total == Money(dollars: 200_000_000))
        #expect(!cost.total.isSaturated)
    }
}

extension Money {
    /// The rounding `scaled(by:over:)` promises, written out independently for the tests:
    /// half away from zero, clamped to `min...max`.
    static func divideRoundedForTesting(_ dividend: Int128, by divisor: Int128) -> Int64 {
        let quotient = (dividend.magnitude + UInt128(divisor / 2)) / UInt128(divisor)
        let signed = dividend < 0 ? -Int128(clamping: quotient) : Int128(clamping: quotient)
        return Int64(clamping: Swift.max(Swift.min(signed, Int128(Int64.max)), -Int128(Int64.max)))
    }
}
