import BurnrateCore
import Foundation
import Testing

/// Each rule fires with the expected saving on constructed figures and stays silent without its
/// evidence. The window is exactly one average month, so window savings are monthly savings.
@Suite struct RecommendationsTests {
    static let window = Timestamp(microseconds: 0)..<Timestamp(microseconds: RecommendationFigures.monthSeconds * 1_000_000)

    static func dollars(_ text: String) -> Money { Money(usd: text)! }

    static func figures(
        features: [FeatureUsage] = [], models: [ModelUsage] = [], repetition: [PromptRepetition] = [], batch: [BatchProfile] = [],
        routes: [ModelRoute] = [], cacheReadDiscounts: [String: Int64] = [:], batchDiscounts: [String: Int64] = [:],
        nonInteractive: Set<String> = []
    ) -> RecommendationFigures {
        RecommendationFigures(
            window: window, spend: dollars("100"), features: features, models: models, repetition: repetition, batch: batch,
            routes: routes, cacheReadDiscounts: cacheReadDiscounts, batchDiscounts: batchDiscounts, nonInteractiveFeatures: nonInteractive)
    }

    /// 100 hashed requests, 60 distinct prompts; 10 prompts sent 50 times in all ($5, of it $2 of
    /// uncached input, 2,000 input tokens each, none read from cache).
    static func repeats(
        feature: String = "faq", hashed: Int64 = 100, distinct: Int64 = 60, input: Int64 = 2_000, cached: Int64 = 0
    )
        -> PromptRepetition
    {
        var row = PromptRepetition(feature: feature, provider: "openai", model: "gpt-4o")
        row.hashedRequests = hashed
        row.distinctPrompts = distinct
        row.repeatedRequests = 50
        row.repeatedPrompts = 10
        row.repeatedInputTokens = 50 * input
        row.repeatedCacheReadTokens = cached
        row.repeatedCost = dollars("5")
        row.repeatedUncachedInputCost = dollars("2")
        row.hashedCost = dollars("8")
        return row
    }

    @Test func exactRepeatsAreWorthTheirAverageCostTimesTheRepeats() throws {
        let report = Recommendations.evaluate(Self.figures(repetition: [Self.repeats()]))
        let recommendation = try #require(report.recommendations.first)
        #expect(report.recommendations.count == 1)
        #expect(recommendation.id == "exact_match_cache/faq")
        // $5 over 50 repeated requests, 40 of them after their prompt's first use.
        #expect(recommendation.monthlySavings == Self.dollars("4"))
        #expect(recommendation.evidence.contains(Evidence("repeat_share", .ratio(0.4))))
        #expect(report.totalMonthlySavings == Self.dollars("4"))
        #expect(report.savingsShare == 4)
    }

    @Test func noRepeatsOrTooFewRequestsGiveNoCachingAdvice() {
        let unique = Self.figures(repetition: [Self.repeats(distinct: 100)], cacheReadDiscounts: ["openai/gpt-4o": 500_000])
        #expect(Recommendations.evaluate(unique).recommendations.isEmpty)
        let few = Self.figures(repetition: [Self.repeats(hashed: 10, distinct: 6)], cacheReadDiscounts: ["openai/gpt-4o": 500_000])
        #expect(Recommendations.evaluate(few).recommendations.isEmpty)
        // Repeats below the share: 4 of 100.
        let rare = Self.figures(repetition: [Self.repeats(distinct: 96)])
        #expect(Recommendations.evaluate(rare).recommendations.isEmpty)
    }

    @Test func largeUncachedRepeatsOnACachingModelRecommendPromptCaching() throws {
        let report = Recommendations.evaluate(Self.figures(repetition: [Self.repeats()], cacheReadDiscounts: ["openai/gpt-4o": 900_000]))
        let caching = try #require(report.recommendations.first { $0.rule == .promptCaching })
        // $2 of uncached input × 40/50 repeats × 90% off.
        #expect(caching.monthlySavings == Self.dollars("1.44"))
        #expect(caching.effort == .low)
        // Both save on the same repeats: the total counts the larger, exact-match caching.
        #expect(report.recommendations.map(\.rule) == [.exactMatchCache, .promptCaching])
        #expect(report.totalMonthlySavings == Self.dollars("4"))
    }

    @Test(arguments: [
        (input: Int64(2_000), cached: Int64(60_000), discount: Int64(900_000)),  // already mostly cached
        (input: Int64(800), cached: Int64(0), discount: Int64(900_000)),  // too small to cache
        (input: Int64(2_000), cached: Int64(0), discount: Int64(0)),  // no cheaper cache reads
    ])
    func promptCachingStaysSilentWithoutEvidence(input: Int64, cached: Int64, discount: Int64) {
        let report = Recommendations.evaluate(
            Self.figures(repetition: [Self.repeats(input: input, cached: cached)], cacheReadDiscounts: ["openai/gpt-4o": discount]))
        #expect(!report.recommendations.contains { $0.rule == .promptCaching })
    }

    static let cheap = PriceEntry(
        provider: "openai", model: "gpt-4o-mini", effectiveFrom: Date(timeIntervalSince1970: 0),
        rates: RateSet(input: TokenRate(perMillion: "0.15")!, output: TokenRate(perMillion: "0.60")!))

    static func smallRequests(input: Int64 = 5_000_000) -> ModelUsage {
        ModelUsage(
            feature: "triage", provider: "openai", model: "gpt-4o", requests: 10_000,
            usage: TokenUsage(inputTokens: input, outputTokens: 1_000_000), cost: dollars("22.50"))
    }

    @Test func smallRequestsOnAnExpensiveModelAreRepricedOnTheAcceptedModel() throws {
        let route = ModelRoute(fromProvider: "openai", fromModel: "gpt-4o", target: Self.cheap)
        let report = Recommendations.evaluate(Self.figures(models: [Self.smallRequests()], routes: [route]))
        let routing = try #require(report.recommendations.first)
        // 5M in × $0.15 + 1M out × $0.60 = $1.35 against $22.50.
        #expect(routing.rule == .modelRouting)
        #expect(routing.monthlySavings == Self.dollars("21.15"))
        #expect(routing.evidence.contains(Evidence("cost_on_target", .money(Self.dollars("1.35")))))
    }

    @Test func routingNeedsARouteAndSmallRequests() {
        let route = ModelRoute(fromProvider: "openai", fromModel: "gpt-4o", target: Self.cheap)
        #expect(Recommendations.evaluate(Self.figures(models: [Self.smallRequests()])).recommendations.isEmpty)
        // 2,000 input tokens a request: not small.
        #expect(
            Recommendations.evaluate(Self.figures(models: [Self.smallRequests(input: 20_000_000)], routes: [route])).recommendations.isEmpty
        )
    }

    static func reports(batch: Int64) -> BatchProfile {
        var row = BatchProfile(feature: "reports", provider: "openai", model: "gpt-4o")
        row.requests = 100
        row.batchRequests = batch
        row.interactiveCost = dollars("20")
        return row
    }

    @Test func featuresThatTolerateBatchLatencyMoveTheRestToTheBatchAPI() throws {
        let observed = Recommendations.evaluate(Self.figures(batch: [Self.reports(batch: 10)], batchDiscounts: ["openai/gpt-4o": 500_000]))
        let batch = try #require(observed.recommendations.first)
        #expect(batch.rule == .batchAPI)
        #expect(batch.monthlySavings == Self.dollars("10"))
        // Declared non-interactive: no batch traffic needed.
        let declared = Recommendations.evaluate(
            Self.figures(batch: [Self.reports(batch: 0)], batchDiscounts: ["openai/gpt-4o": 500_000], nonInteractive: ["reports"]))
        #expect(declared.recommendations.map(\.monthlySavings) == [Self.dollars("10")])
    }

    @Test func interactiveFeaturesOrModelsWithoutABatchTierGetNoBatchAdvice() {
        #expect(
            Recommendations.evaluate(Self.figures(batch: [Self.reports(batch: 0)], batchDiscounts: ["openai/gpt-4o": 500_000]))
                .recommendations.isEmpty)
        #expect(Recommendations.evaluate(Self.figures(batch: [Self.reports(batch: 10)])).recommendations.isEmpty)
    }

    static func feature(_ name: String, averageInput: Int64, uncachedInput: String = "10") -> FeatureUsage {
        var cost = CostBreakdown.zero
        cost.uncachedInput = dollars(uncachedInput)
        return FeatureUsage(feature: name, requests: 100, usage: TokenUsage(inputTokens: 100 * averageInput), cost: cost)
    }

    @Test func aFeatureFarAboveItsPeersInputIsOversized() throws {
        let features = [
            Self.feature("a", averageInput: 1_000), Self.feature("b", averageInput: 900), Self.feature("c", averageInput: 1_100),
            Self.feature("d", averageInput: 10_000),
        ]
        let report = Recommendations.evaluate(Self.figures(features: features))
        let oversized = try #require(report.recommendations.first)
        #expect(report.recommendations.count == 1)
        #expect(oversized.id == "oversized_prompts/d")
        // Bound: 3 × the peers' median of 1,000; 7,000 of 10,000 tokens above it: 70% of $10.
        #expect(oversized.monthlySavings == Self.dollars("7"))
    }

    @Test func tooFewPeersOrNoOutlierGiveNoSizeAdvice() {
        let three = [Self.feature("a", averageInput: 1_000), Self.feature("b", averageInput: 900), Self.feature("d", averageInput: 10_000)]
        #expect(Recommendations.evaluate(Self.figures(features: three)).recommendations.isEmpty)
        let even = ["a", "b", "c", "d"].map { Self.feature($0, averageInput: 1_000) }
        #expect(Recommendations.evaluate(Self.figures(features: even)).recommendations.isEmpty)
    }

    @Test func savingsScaleFromTheWindowToAMonthAndSmallOnesAreDropped() throws {
        var figures = Self.figures(repetition: [Self.repeats()])
        // Half a month: the $4 of the window is $8 a month.
        figures.window = Self.window.lowerBound..<Timestamp(microseconds: RecommendationFigures.monthSeconds * 500_000)
        let report = Recommendations.evaluate(figures)
        #expect(report.recommendations.first?.monthlySavings == Self.dollars("8"))
        #expect(report.monthlySpend == Self.dollars("200"))
        var settings = RecommendationSettings()
        settings.minimumMonthlySavings = Self.dollars("10")
        #expect(Recommendations.evaluate(figures, settings: settings).recommendations.isEmpty)
    }

    /// 8 GPUs at $2.50 an hour, 30% off, declared to serve 1,000 tokens a second.
    static let pool = Deployment(
        id: "pool", models: ["llama"],
        cost: .cloud(gpuType: "h100", count: 8, hourlyRate: Money(usd: "2.50")!, discountMillionths: 300_000),
        throughputTokensPerSecond: 1_000)

    @Test func anUnderusedGPUPoolIsRightSized() throws {
        var figures = Self.figures()
        // 20% of the month's capacity: 8 × 0.2 ÷ 0.8 = 2 GPUs; 6 released for 730.5 → 730 hours.
        figures.deployments = [(Self.pool, RecommendationFigures.monthSeconds * 200)]
        let recommendation = try #require(Recommendations.evaluate(figures).recommendations.first)
        #expect(recommendation.rule == .selfHostedRightSize)
        #expect(recommendation.evidence.contains(Evidence("recommended_gpus", .count(2))))
        #expect(recommendation.monthlySavings == Self.dollars("7665"))
        // $100 of tokens and 8 × $2.50 × 730 h × 70% = $10,220 of GPUs.
        #expect(Recommendations.evaluate(figures).monthlySpend == Self.dollars("10320"))
    }

    @Test func aBusyPoolOrOwnedHardwareIsLeftAlone() {
        var busy = Self.figures()
        busy.deployments = [(Self.pool, RecommendationFigures.monthSeconds * 600)]
        #expect(Recommendations.evaluate(busy).recommendations.isEmpty)
        var owned = Self.figures()
        let rack = Deployment(
            id: "rack", models: ["llama"],
            cost: .owned(purchase: Money(dollars: 1), amortizationMonths: 1, monthlyPower: .zero, monthlyOperations: .zero),
            throughputTokensPerSecond: 1_000)
        owned.deployments = [(rack, 0)]
        #expect(Recommendations.evaluate(owned).recommendations.isEmpty)
    }

    /// Four on-demand A100s at $3.00 an hour, with declared reserved (40%) and spot (65%) offers.
    static let onDemand = Deployment(
        id: "batch-pool", models: ["llama"],
        cost: .cloud(gpuType: "a100-80gb", count: 4, hourlyRate: Money(usd: "3.00")!, discountMillionths: 0),
        offers: CapacityOffers(reservedDiscountMillionths: 400_000, spotDiscountMillionths: 650_000))

    static func activity(days: Int = 30, active: Int = 30, interruptible: Int64 = 0) -> [String: DeploymentActivity] {
        ["batch-pool": DeploymentActivity(days: days, daysWithTraffic: active, interruptibleTokens: interruptible)]
    }

    @Test func aSteadyOnDemandPoolIsReserved() throws {
        var figures = Self.figures()
        figures.deployments = [(Self.onDemand, 1_000_000)]
        figures.deploymentActivity = Self.activity(active: 28)
        let report = Recommendations.evaluate(figures)
        let recommendation = try #require(report.recommendations.first)
        #expect(recommendation.rule == .selfHostedReserved)
        // 4 GPUs × $3.00 × 730 h × 40% = $3,504.
        #expect(recommendation.monthlySavings == Self.dollars("3504"))
        #expect(recommendation.evidence.contains(Evidence("days_with_traffic", .count(28))))
        #expect(report.recommendations.count == 1)
    }

    @Test func reservingAnUnderusedPoolCountsOnlyTheGPUsItNeeds() throws {
        var figures = Self.figures()
        var pool = Self.onDemand
        pool.throughputTokensPerSecond = 1_000
        // 20% of capacity: right-size to 4 × 0.2 ÷ 0.8 = 1 GPU, and reserve that one.
        figures.deployments = [(pool, RecommendationFigures.monthSeconds * 200)]
        figures.deploymentActivity = Self.activity()
        let rules = Recommendations.evaluate(figures).recommendations
        let reserved = try #require(rules.first { $0.rule == .selfHostedReserved })
        #expect(reserved.evidence.contains(Evidence("reserved_gpus", .count(1))))
        // 1 × $3.00 × 730 h × 40% = $876; right-sizing saves 3 × $3.00 × 730 = $6,570 besides.
        #expect(reserved.monthlySavings == Self.dollars("876"))
        #expect(rules.first { $0.rule == .selfHostedRightSize }?.monthlySavings == Self.dollars("6570"))
        #expect(Recommendations.evaluate(figures).totalMonthlySavings == Self.dollars("7446"))
    }

    @Test func reservedCapacityNeedsASteadyLongWindowAndAnOffer() {
        var figures = Self.figures()
        figures.deployments = [(Self.onDemand, 1_000_000)]
        figures.deploymentActivity = Self.activity(active: 20)
        #expect(Recommendations.evaluate(figures).recommendations.isEmpty)
        figures.deploymentActivity = Self.activity(days: 7, active: 7)
        #expect(Recommendations.evaluate(figures).recommendations.isEmpty)
        var noOffer = Self.onDemand
        noOffer.offers = CapacityOffers()
        figures.deployments = [(noOffer, 1_000_000)]
        figures.deploymentActivity = Self.activity()
        #expect(Recommendations.evaluate(figures).recommendations.isEmpty)
        var alreadyReserved = Self.onDemand
        alreadyReserved.cost = .cloud(gpuType: "a100-80gb", count: 4, hourlyRate: Money(usd: "3.00")!, discountMillionths: 400_000)
        alreadyReserved.offers.spotDiscountMillionths = nil
        figures.deployments = [(alreadyReserved, 1_000_000)]
        #expect(Recommendations.evaluate(figures).recommendations.isEmpty)
    }

    @Test func interruptibleWorkMovesToSpotAsAnAlternativeToReserving() throws {
        var figures = Self.figures()
        figures.deployments = [(Self.onDemand, 1_000_000)]
        figures.deploymentActivity = Self.activity(interruptible: 900_000)
        let report = Recommendations.evaluate(figures)
        #expect(report.recommendations.map(\.rule) == [.selfHostedSpot, .selfHostedReserved])
        // 4 × $3.00 × 730 h × 65% = $5,694; the same GPUs reserved would save $3,504: alternatives.
        #expect(report.recommendations[0].monthlySavings == Self.dollars("5694"))
        #expect(report.recommendations[0].evidence.contains(Evidence("interruptible_share", .ratio(0.9))))
        #expect(report.totalMonthlySavings == Self.dollars("5694"))
    }

    @Test func interactiveTrafficStaysOffSpot() {
        var figures = Self.figures()
        figures.deployments = [(Self.onDemand, 1_000_000)]
        figures.deploymentActivity = Self.activity(days: 10, active: 10, interruptible: 500_000)
        #expect(Recommendations.evaluate(figures).recommendations.isEmpty)
    }
}
