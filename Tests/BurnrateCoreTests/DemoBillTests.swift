import BurnrateCore
import Testing

/// The demo bill: Burnrate's own figures with the drift reconciliation is there to find.
@Suite struct DemoBillTests {
    static let first = UTCDay("2026-03-01")!
    static let fineTuned = "ft:gpt-4o-mini:acme:support:9xk2"

    /// Ten days of three models: gpt-4o, Claude Sonnet 4.5 with cached input, and an unpriced fine-tune.
    static let computed: [ComputedUsage] = (0..<10).flatMap { offset -> [ComputedUsage] in
        let day = first.adding(days: offset)
        let scale = Int64(10 + offset)
        return [
            ComputedUsage(
                provider: "openai", model: "gpt-4o", day: day, cost: Money(nanos: scale * 350_000_000), requests: scale,
                tokens: TokenUsage(inputTokens: scale * 100_000, outputTokens: scale * 10_000)),
            ComputedUsage(
                provider: "anthropic", model: "claude-sonnet-4-5", day: day, cost: Money(nanos: scale * 480_000_000), requests: scale,
                tokens: TokenUsage(inputTokens: scale * 200_000, outputTokens: scale * 10_000, cacheReadTokens: scale * 100_000)),
            ComputedUsage(
                provider: "openai", model: fineTuned, day: day, cost: .zero, requests: 20, unpricedRequests: 20,
                tokens: TokenUsage(inputTokens: 2_000_000, outputTokens: 100_000)),
        ]
    }

    @Test func driftLandsWhereTheDemoSaysAndIsExplained() throws {
        let charges = DemoBill.charges(from: Self.computed, catalog: Fixtures.catalog)
        #expect(charges.count == 30)
        let report = Reconciliation.compare(charges: charges, computed: Self.computed, catalog: Fixtures.catalog)
        let findings = report.findings.map { "\($0.period.start) \($0.model ?? "") \($0.causes.map(\.kind).joined(separator: ","))" }
        let last = Self.first.adding(days: 9)
        var expected = (0..<10).map { "\(Self.first.adding(days: $0)) \(Self.fineTuned) unpriced_events" }
        expected.append("\(last.adding(days: -4)) gpt-4o token_gap")
        expected += (3..<10).map { "\(Self.first.adding(days: $0)) claude-sonnet-4-5 cache_accounting" }
        #expect(findings.sorted() == expected.sorted())
        // The fine-tune is billed at twice gpt-4o-mini's rates: 2M x 0.15 + 100k x 0.60 per million, doubled.
        let fineTunedCharge = try #require(charges.first { $0.model == Self.fineTuned })
        #expect(fineTunedCharge.amount == Money(nanos: 720_000_000))
    }

    @Test func theCSVReadsBackAsTheSameCharges() throws {
        let charges = DemoBill.charges(from: Self.computed, catalog: Fixtures.catalog)
        let bill = try BillFile.parse(Array(DailyBillWriter.csv(charges).utf8))
        #expect(bill.source == .daily)
        func key(_ charge: ProviderCharge) -> String {
            "\(charge.provider) \(charge.model ?? "") \(charge.period) \(charge.amount?.nanos ?? -1) \(String(describing: charge.tokens)) \(charge.requests ?? -1)"
        }
        #expect(bill.charges.map(key).sorted() == charges.map(key).sorted())
    }
}
