/// What observed traffic would have cost on another model: the same token mix, the target's
/// standard rates.
public enum WhatIf {
    /// The cost of `usage`, summed over `requests` requests, under `entry`'s standard rates.
    ///
    /// Long-context rates apply when the average request's input exceeds the entry's threshold;
    /// sums cannot tell single requests apart, so this is the one approximation. Batch and
    /// service-tier discounts are left out: a what-if compares list prices.
    public static func cost(of usage: TokenUsage, requests: Int64, on entry: PriceEntry) -> Money {
        var flat = entry
        if let tier = entry.longContext, requests > 0, usage.inputTokens / requests > tier.thresholdInputTokens {
            flat.rates = tier.rates
        }
        flat.longContext = nil
        return CostCalculator.price(usage, serviceTier: nil, batch: false, entry: flat).cost.total
    }
}

/// One group of a what-if: its traffic, what it cost and what it would cost on the target.
public struct WhatIfLine: Sendable, Hashable {
    public var key: String?
    public var requests: Int64
    public var usage: TokenUsage
    /// What the traffic cost as recorded; `nil` when some of it is unpriced.
    public var actual: Money?
    public var projected: Money

    public init(key: String?, requests: Int64, usage: TokenUsage, actual: Money?, projected: Money) {
        self.key = key
        self.requests = requests
        self.usage = usage
        self.actual = actual
        self.projected = projected
    }

    /// Projected minus actual: negative is a saving.
    public var difference: Money? { actual.map { projected - $0 } }
}
