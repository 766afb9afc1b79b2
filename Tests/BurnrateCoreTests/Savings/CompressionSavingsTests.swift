import BurnrateCore
import Foundation
import Testing

/// Compression savings: removed input tokens valued at the rate each request was billed at.
@Suite struct CompressionSavingsTests {
    /// $2.50 per million input tokens, $5.00 above 200k input, batch at half price, a flex tier
    /// with its own $1.00 input rate.
    static let entry = PriceEntry(
        provider: "openai", model: "gpt-4o", effectiveFrom: Date(timeIntervalSince1970: 1_700_000_000),
        rates: RateSet(input: TokenRate(perMillion: "2.50")!, output: TokenRate(perMillion: "10.00")!),
        longContext: LongContextPricing(
            thresholdInputTokens: 200_000, rates: RateSet(input: TokenRate(perMillion: "5.00")!, output: TokenRate(perMillion: "15.00")!)),
        tiers: [
            "batch": .discount(millionths: 500_000),
            "flex": .rates(RateSet(input: TokenRate(perMillion: "1.00")!, output: TokenRate(perMillion: "4.00")!)),
        ])

    static func usage(
        _ key: String?, tier: String = "standard", longContext: Bool = false, sent: Int64, original: Int64
    )
        -> CompressionUsage
    {
        CompressionUsage(
            key: key, priceID: entry.id, tier: tier, longContext: longContext, requests: 2, sentInputTokens: sent,
            originalInputTokens: original)
    }

    @Test func removedTokensAreValuedAtTheRateTheRequestsPaid() {
        let report = CompressionSavings.compute(
            [
                // 400k removed at $2.50/M = $1.00.
                Self.usage("rag", sent: 600_000, original: 1_000_000),
                // 400k removed in batch at $1.25/M = $0.50.
                Self.usage("rag", tier: "batch", sent: 600_000, original: 1_000_000),
                // 100k removed at the long-context $5.00/M = $0.50.
                Self.usage("agents", longContext: true, sent: 900_000, original: 1_000_000),
                // 1M removed at the flex tier's $1.00/M = $1.00.
                Self.usage("agents", tier: "flex", sent: 1_000_000, original: 2_000_000),
            ]
        ) { $0 == Self.entry.id ? Self.entry : nil }
        #expect(report.lines.map(\.key) == ["agents", "rag"])
        #expect(report.lines[0].savings == Money(nanos: 1_500_000_000))
        #expect(report.lines[1].savings == Money(nanos: 1_500_000_000))
        #expect(report.lines[1].removedTokens == 800_000)
        #expect(report.lines[1].reduction == 0.4)
        #expect(report.total.savings == Money(dollars: 3))
        #expect(report.total.requests == 8)
        #expect(report.total.originalInputTokens == 5_000_000)
        #expect(report.unvaluedRequests == 0)
    }

    @Test func rowsWhosePriceLeftTheCatalogAreCountedNotValued() {
        let report = CompressionSavings.compute([Self.usage("rag", sent: 10, original: 20)]) { _ in nil }
        #expect(report.lines.isEmpty)
        #expect(report.total.savings == .zero)
        #expect(report.unvaluedRequests == 2)
    }

    @Test func noCompressionReportsNothing() {
        let report = CompressionSavings.compute([]) { _ in Self.entry }
        #expect(report.lines.isEmpty)
        #expect(report.total.reduction == nil)
    }
}
