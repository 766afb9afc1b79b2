/// Computes the exact cost of token usage under a price entry.
///
/// Each part is `tokens × pico-dollars per token × (1 − tier discount)`, computed in 128-bit
/// integers and rounded half up to the nano-dollar once.
public enum CostCalculator {
    /// Tier names that mean the provider's normal rates.
    static let standardTierNames: Set<String> = ["", "standard", "default", "auto", "on_demand", "on-demand"]

    /// The cost of `usage` under `entry`, in the tier named by `serviceTier` (or `batch`).
    ///
    /// Long-context rates apply when input exceeds the entry's threshold (the tier's own threshold
    /// for a tier with rates of its own); a discount tier applies to them. A tier the entry does
    /// not list, or a rate tier without long-context rates for a request above the entry's
    /// threshold, is billed at standard rates and flagged, as is any kind of cache token the
    /// rates have no price for: that usage is left out of the cost rather than billed at a
    /// guessed rate.
    public static func price(_ usage: TokenUsage, serviceTier: String?, batch: Bool, entry: PriceEntry) -> EventPricing {
        let requestedTier = batch ? "batch" : (serviceTier?.lowercased() ?? "")
        var unbilled: UnbilledRates = []
        var tierName = "standard"
        var keep: Int64 = 1_000_000
        var rates = entry.rates
        var longContextPricing = entry.longContext
        if !standardTierNames.contains(requestedTier) {
            switch entry.tiers[requestedTier] {
            case .discount(let millionths)?:
                tierName = requestedTier
                keep = 1_000_000 - millionths
            case .rates(let tierRates, let tierLongContext)?:
                if tierLongContext == nil, let standard = entry.longContext, usage.inputTokens > standard.thresholdInputTokens {
                    // The tier has no long-context price: standard long-context rates, flagged.
                    unbilled.insert(.tier)
                } else {
                    tierName = requestedTier
                    rates = tierRates
                    longContextPricing = tierLongContext
                }
            case nil:
                unbilled.insert(.tier)
            }
        }
        var longContext = false
        if let tier = longContextPricing, usage.inputTokens > tier.thresholdInputTokens {
            rates = tier.rates
            longContext = true
        }
        func optional(_ tokens: Int64, _ rate: TokenRate?, _ kind: UnbilledRates) -> Money {
            guard tokens > 0 else { return .zero }
            guard let rate else {
                unbilled.insert(kind)
                return .zero
            }
            return part(tokens, rate, keep: keep)
        }
        let cost = CostBreakdown(
            uncachedInput: part(usage.uncachedInputTokens, rates.input, keep: keep),
            cacheRead: optional(usage.cacheReadTokens, rates.cacheRead, .cacheRead),
            cacheWrite: optional(usage.cacheWrite5mTokens, rates.cacheWrite, .cacheWrite)
                + optional(usage.cacheWrite1hTokens, rates.cacheWrite1h, .cacheWrite1h),
            output: part(usage.outputTokens, rates.output, keep: keep)
        )
        return EventPricing(priceID: entry.id, tier: tierName, longContext: longContext, cost: cost, unbilled: unbilled)
    }

    /// What `tokens` uncached input tokens cost under `entry` in `tier` (as `price` reports it) at
    /// standard or long-context rates: the rate a request billed that way paid for each more
    /// input token.
    public static func uncachedInputCost(tokens: Int64, entry: PriceEntry, tier: String, longContext: Bool) -> Money {
        var rates = entry.rates
        var longContextRates = entry.longContext?.rates
        var keep: Int64 = 1_000_000
        switch entry.tiers[tier] {
        case .discount(let millionths)?: keep = 1_000_000 - millionths
        case .rates(let tierRates, let tierLongContext)?:
            rates = tierRates
            longContextRates = tierLongContext?.rates
        case nil: break
        }
        if longContext, let longContextRates { rates = longContextRates }
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
