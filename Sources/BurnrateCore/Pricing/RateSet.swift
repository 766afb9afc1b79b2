/// The per-token rates of one pricing tier: what input, output and cache tokens cost.
///
/// A missing cache rate means the provider lists none: usage of that kind is left unbilled and
/// flagged (see `UnbilledRates`), never billed at another kind's rate. Where a provider bills
/// cache tokens as ordinary input, its entry gives the input rate explicitly.
public struct RateSet: Sendable, Hashable {
    public var input: TokenRate
    public var output: TokenRate
    public var cacheRead: TokenRate?
    public var cacheWrite: TokenRate?
    public var cacheWrite1h: TokenRate?

    public init(
        input: TokenRate, output: TokenRate, cacheRead: TokenRate? = nil,
        cacheWrite: TokenRate? = nil, cacheWrite1h: TokenRate? = nil
    ) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.cacheWrite1h = cacheWrite1h
    }
}

/// Rates that replace the standard ones when a request's input exceeds a threshold, as Gemini 2.5
/// Pro and Claude's 1M-context window bill above 200,000 input tokens.
public struct LongContextPricing: Sendable, Hashable {
    /// Requests with more input tokens than this use `rates`.
    public var thresholdInputTokens: Int64
    public var rates: RateSet

    public init(thresholdInputTokens: Int64, rates: RateSet) {
        self.thresholdInputTokens = thresholdInputTokens
        self.rates = rates
    }
}

/// How a service tier (batch, flex, priority) changes the price.
public enum TierPricing: Sendable, Hashable {
    /// A fraction off every rate, in millionths (`500_000` is 50% off).
    case discount(millionths: Int64)
    /// Rates of the tier's own, and long-context rates of the tier's own if it has them.
    case rates(RateSet, longContext: LongContextPricing? = nil)
}

extension RateSet {
    /// These rates with `millionths` millionths off each, rounded half up to the pico-dollar.
    func discounted(by millionths: Int64) -> RateSet {
        scaled(by: 1_000_000 - millionths)
    }

    /// These rates times `millionths` / 10⁶ each, rounded half up to the pico-dollar.
    func scaled(by millionths: Int64) -> RateSet {
        func apply(_ rate: TokenRate) -> TokenRate {
            let kept = Int128(rate.picoUSDPerToken) * Int128(millionths)
            return TokenRate(picoUSDPerToken: Int64(clamping: (kept + 500_000) / 1_000_000))
        }
        return RateSet(
            input: apply(input), output: apply(output), cacheRead: cacheRead.map(apply), cacheWrite: cacheWrite.map(apply),
            cacheWrite1h: cacheWrite1h.map(apply))
    }
}
