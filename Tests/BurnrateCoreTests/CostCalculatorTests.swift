import BurnrateCore
import Testing

/// Cost math against costs computed by hand from the fixture prices.
@Suite struct CostCalculatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var provider: String
        var model: String
        var usage: TokenUsage
        var tier: String? = nil
        var batch = false
        var expectedTotalNanos: Int64
        var expectedTier = "standard"
        var longContext = false
        var testDescription: String { "\(model) \(tier ?? (batch ? "batch" : "standard")) → \(expectedTotalNanos) n$" }
    }

    static let cases: [Case] = [
        // 600 × $2.50/M + 400 × $1.25/M + 500 × $10/M = $0.0015 + $0.0005 + $0.005
        Case(
            provider: "openai", model: "gpt-4o", usage: TokenUsage(inputTokens: 1_000, outputTokens: 500, cacheReadTokens: 400),
            expectedTotalNanos: 7_000_000),
        Case(
            provider: "openai", model: "gpt-4o", usage: TokenUsage(inputTokens: 1_000, outputTokens: 500, cacheReadTokens: 400),
            batch: true, expectedTotalNanos: 3_500_000, expectedTier: "batch"),
        // The older snapshot keeps its own, higher price: 1,000 × $5/M + 100 × $15/M
        Case(
            provider: "openai", model: "gpt-4o-2024-05-13", usage: TokenUsage(inputTokens: 1_000, outputTokens: 100),
            expectedTotalNanos: 6_500_000),
        // 1,234,567 × $0.15/M = $0.18518505; 89,012 × $0.60/M = $0.0534072
        Case(
            provider: "openai", model: "gpt-4o-mini", usage: TokenUsage(inputTokens: 1_234_567, outputTokens: 89_012),
            expectedTotalNanos: 238_592_250),
        // Reasoning is part of output: 5,000 × $1.10/M + 3,000 × $4.40/M
        Case(
            provider: "openai", model: "o4-mini", usage: TokenUsage(inputTokens: 5_000, outputTokens: 3_000, reasoningTokens: 2_000),
            expectedTotalNanos: 18_700_000),
        Case(
            provider: "openai", model: "gpt-5", usage: TokenUsage(inputTokens: 10_000, outputTokens: 1_000), expectedTotalNanos: 22_500_000),
        Case(
            provider: "openai", model: "gpt-5", usage: TokenUsage(inputTokens: 10_000, outputTokens: 1_000), tier: "flex",
            expectedTotalNanos: 11_250_000, expectedTier: "flex"),
        Case(
            provider: "openai", model: "gpt-5", usage: TokenUsage(inputTokens: 10_000, outputTokens: 1_000), tier: "priority",
            expectedTotalNanos: 45_000_000, expectedTier: "priority"),
        // A tier the model does not offer is billed at standard rates.
        Case(
            provider: "openai", model: "gpt-4o", usage: TokenUsage(inputTokens: 1_000, outputTokens: 500, cacheReadTokens: 400),
            tier: "flex", expectedTotalNanos: 7_000_000),
        Case(
            provider: "openai", model: "text-embedding-3-small", usage: TokenUsage(inputTokens: 1_000_000), expectedTotalNanos: 20_000_000),
        Case(provider: "openai", model: "text-embedding-3-small", usage: TokenUsage(inputTokens: 7), expectedTotalNanos: 140),
        // 2,000 uncached × $3 + 6,000 read × $0.30 + 1,500 5-min writes × $3.75 + 500 1-hour writes × $6 + 1,000 × $15
        Case(
            provider: "anthropic", model: "claude-sonnet-4-5",
            usage: TokenUsage(
                inputTokens: 10_000, outputTokens: 1_000, cacheReadTokens: 6_000, cacheWriteTokens: 2_000, cacheWrite1hTokens: 500),
            expectedTotalNanos: 31_425_000),
        // Above 200k input the long-context rates apply: 250,000 × $6 + 2,000 × $22.50
        Case(
            provider: "anthropic", model: "claude-sonnet-4-5", usage: TokenUsage(inputTokens: 250_000, outputTokens: 2_000),
            expectedTotalNanos: 1_545_000_000, longContext: true),
        // Exactly at the threshold the standard rates apply: 200,000 × $3 + 2,000 × $15
        Case(
            provider: "anthropic", model: "claude-sonnet-4-5", usage: TokenUsage(inputTokens: 200_000, outputTokens: 2_000),
            expectedTotalNanos: 630_000_000),
        // Long context and batch together: half of the long-context price
        Case(
            provider: "anthropic", model: "claude-sonnet-4-5", usage: TokenUsage(inputTokens: 250_000, outputTokens: 2_000),
            batch: true, expectedTotalNanos: 772_500_000, expectedTier: "batch", longContext: true),
        Case(
            provider: "anthropic", model: "claude-haiku-4-5", usage: TokenUsage(inputTokens: 3, outputTokens: 1), expectedTotalNanos: 8_000),
        // 300,000 × $2.50 + 10,000 × $15, halved by batch
        Case(
            provider: "google", model: "gemini-2.5-pro", usage: TokenUsage(inputTokens: 300_000, outputTokens: 10_000),
            batch: true, expectedTotalNanos: 450_000_000, expectedTier: "batch", longContext: true),
        // 20,000 × $0.27 + 80,000 × $0.07 + 1,000 × $1.10
        Case(
            provider: "deepseek", model: "deepseek-chat",
            usage: TokenUsage(inputTokens: 100_000, outputTokens: 1_000, cacheReadTokens: 80_000),
            expectedTotalNanos: 12_100_000),
        // 12,345 × $0.10 + 678 × $0.30
        Case(
            provider: "mistral", model: "mistral-small", usage: TokenUsage(inputTokens: 12_345, outputTokens: 678),
            expectedTotalNanos: 1_437_900),
        Case(
            provider: "groq", model: "llama-3.3-70b-versatile", usage: TokenUsage(inputTokens: 1_000, outputTokens: 1_000),
            expectedTotalNanos: 1_380_000),
        // $0.0375/M is 37.5 n$ a token: each part rounds half up once (3 × 37.5 = 112.5 → 113)
        Case(provider: "xai", model: "cheap-model", usage: TokenUsage(inputTokens: 1, outputTokens: 3), expectedTotalNanos: 38 + 113),
    ]

    @Test(arguments: cases)
    func computesHandCheckedCost(_ testCase: Case) {
        let entry = Fixtures.entry(testCase.provider, testCase.model)
        let pricing = CostCalculator.price(testCase.usage, serviceTier: testCase.tier, batch: testCase.batch, entry: entry)
        #expect(pricing.cost.total.nanos == testCase.expectedTotalNanos)
        #expect(pricing.tier == testCase.expectedTier)
        #expect(pricing.longContext == testCase.longContext)
    }

    @Test func partsAddUpToTheTotal() {
        let usage = TokenUsage(
            inputTokens: 10_000, outputTokens: 1_000, cacheReadTokens: 6_000, cacheWriteTokens: 2_000, cacheWrite1hTokens: 500)
        let cost = CostCalculator.price(usage, serviceTier: nil, batch: false, entry: Fixtures.entry("anthropic", "claude-sonnet-4-5")).cost
        #expect(cost.uncachedInput.nanos == 6_000_000)
        #expect(cost.cacheRead.nanos == 1_800_000)
        #expect(cost.cacheWrite.nanos == 8_625_000)
        #expect(cost.output.nanos == 15_000_000)
        #expect(cost.uncachedInput + cost.cacheRead + cost.cacheWrite + cost.output == cost.total)
    }

    /// No kind of token is billed at another kind's rate: what the entry has no rate for is left
    /// out of the cost and named.
    @Test func usageWithoutARateIsLeftUnbilledAndNamed() throws {
        let entry = try #require(
            try PriceDocument.parse(
                Array(#"[{"provider": "p", "model": "m", "effective_from": "2024-01-01", "input": "2.00", "output": "8.00"}]"#.utf8),
                origin: .builtin
            ).first)
        let usage = TokenUsage(inputTokens: 1_000, outputTokens: 100, cacheReadTokens: 300, cacheWriteTokens: 200, cacheWrite1hTokens: 50)
        let pricing = CostCalculator.price(usage, serviceTier: "flex", batch: false, entry: entry)
        #expect(pricing.unbilled == [.cacheRead, .cacheWrite, .cacheWrite1h, .tier])
        #expect(pricing.unbilled.names == ["cache_read", "cache_write", "cache_write_1h", "tier"])
        #expect(pricing.tier == "standard")
        // 500 uncached input at $2/M and 100 output at $8/M; the 550 cache tokens are not billed.
        #expect(pricing.cost.total == Money(nanos: 1_800_000))
        #expect(UnbilledRates(storedText: pricing.unbilled.storedText) == pricing.unbilled)
        let plain = CostCalculator.price(
            TokenUsage(inputTokens: 1_000, outputTokens: 100), serviceTier: "default", batch: false, entry: entry)
        #expect(!plain.isPartial)
        #expect(plain.unbilled.storedText == nil)
    }

    /// A tier with rates of its own uses its own long-context rates above its own threshold.
    @Test func aRateTierCarriesItsOwnLongContextRates() throws {
        let text = """
            [{"provider": "p", "model": "m", "effective_from": "2024-01-01", "input": "2.00", "output": "8.00",
              "long_context": {"threshold_input_tokens": 1000, "input": "4.00", "output": "12.00"},
              "tiers": {"priority": {"input": "3.00", "output": "9.00",
                                     "long_context": {"threshold_input_tokens": 1000, "input": "6.00", "output": "18.00"}}}}]
            """
        let entries = try PriceDocument.parse(Array(text.utf8), origin: .builtin)
        let entry = try #require(entries.first)
        let long = TokenUsage(inputTokens: 2_000, outputTokens: 100)
        let priority = CostCalculator.price(long, serviceTier: "priority", batch: false, entry: entry)
        #expect(priority.tier == "priority" && priority.longContext)
        #expect(priority.cost.total == Money(nanos: 12_000_000 + 1_800_000))
        #expect(CostCalculator.price(long, serviceTier: nil, batch: false, entry: entry).cost.total == Money(nanos: 8_000_000 + 1_200_000))
        #expect(try PriceDocument.parse(Array(PriceDocument.serialize(entries).utf8), origin: .builtin) == entries)
    }

    @Test func largestCountsDoNotOverflow() {
        let usage = TokenUsage(inputTokens: Limits.maximumTokens, outputTokens: Limits.maximumTokens)
        let cost = CostCalculator.price(usage, serviceTier: "priority", batch: false, entry: Fixtures.entry("openai", "gpt-5")).cost
        #expect(cost.total == Money(dollars: 22_500))
    }
}
