/// Computes the exact cost of token usage under a price entry.
///
/// Each part is `tokens × pico-dollars per token × (1 − tier discount)`, computed in 128-bit
/// integers and rounded half up to the nano-dollar once.
public enum CostCalculator {
    /// Tier names that mean the provider's normal rates.
    static let standardTierNames: Set<String> = ["", "standard", "default", "auto", "on_demand", "on-demand"]

    /// The cost of `usage` under `entry`, in the tier named by `serviceTier` (or `batch`).
    ///
    /// A tier the entry does not list is billed at standard rates and reported as `standard`.
    /// Long-context rates apply when input exceeds the entry's threshold; a tier with rates of its
    /// own replaces them, a discount tier applies to them.
    public static func price(_ usage: TokenUsage, serviceTier: String?, batch: Bool, entry: PriceEntry) -> EventPricing {
        let requestedTier = batch ? "batch" : (serviceTier?.lowercased() ?? "")
        var rates = entry.rates
        var longContext = false
        if let tier = entry.longContext, usage.inputTokens > tier.thresholdInputTokens {
            rates = tier.rates
            longContext = true
        }
        var tierName = "standard"
        var keep: Int64 = 1_000_000
        if !standardTierNames.contains(requestedTier), let tier = entry.tiers[requestedTier] {
            tierName = requestedTier
            switch tier {
            case .discount(let millionths): keep = 1_000_000 - millionths
            case .rates(let tierRates):
                rates = tierRates
                longContext = false
            }
        }
        let cacheWrite5m = usage.cacheWrite5mTokens
        let cost = CostBreakdown(
            uncachedInput: part(usage.uncachedInputTokens, rates.input, keep: keep),
            cacheRead: part(usage.cacheReadTokens, rates.effectiveCacheRead, keep: keep),
            cacheWrite: part(cacheWrite5m, rates.effectiveCacheWrite, keep: keep)
                + part(usage.cacheWrite1hTokens, rates.effectiveCacheWrite1h, keep: keep),
            output: part(usage.outputTokens, rates.output, keep: keep)
        )
        return EventPricing(priceID: entry.id, tier: tierName, longContext: longContext, cost: cost)
    }

    /// What `tokens` uncached input tokens cost under `entry` in `tier` (as `price` reports it) at
    /// standard or long-context rates: the rate a request billed that way paid for each more
    /// input token.
    public static func uncachedInputCost(tokens: Int64, entry: PriceEntry, tier: String, longContext: Bool) -> Money {
        var rates = longContext ? entry.longContext?.rates ?? entry.rates : entry.rates
        var keep: Int64 = 1_000_000
        if let tierPrice = entry.tiers[tier] {
            switch tierPrice {
            case .discount(let millionths): keep = 1_000_000 - millionths
            case .rates(let tierRates): rates = tierRates
            }
        }
        return part(tokens, rates.input, keep: keep)
    }

    /// `tokens × rate × keep / 10⁶`, converted from pico- to nano-dollars with half-up rounding.
    ///
    /// Saturates at `Money.max` rather than trapping: inputs are bounded where they enter
    /// (`Limits.maximumTokens`, `Limits.maximumRate`), so only a corrupt stored row or a
    /// limit nobody checked can get there, and it must not end the process.
    static func part(_ tokens: Int64, _ rate: TokenRate, keep: Int64) -> Money {
        let (picoTimesTokens, overflowA) = Int128(tokens).multipliedReportingOverflow(by: Int128(rate.picoUSDPerToken))
        let (picoTimesMillion, overflowB) = picoTimesTokens.multipliedReportingOverflow(by: Int128(keep))
        guard !overflowA, !overflowB else { return (picoTimesTokens < 0) != (keep < 0) ? .min : .max }
        return Money(clamping: Money.divideRounded(picoTimesMillion, by: 1_000_000_000))
    }
}
