/// What Burnrate computed for one provider, model and UTC day: the side of a reconciliation that
/// comes from recorded events.
public struct ComputedUsage: Sendable, Hashable {
    public var provider: String
    /// The model as events name it.
    public var model: String
    public var day: UTCDay
    /// Cost of the priced events; unpriced events add nothing here and are counted below.
    public var cost: Money
    public var requests: Int64
    /// Events stored without a price: their cost is missing from `cost`.
    public var unpricedRequests: Int64
    /// Tokens of every event, priced or not.
    public var tokens: TokenUsage

    public init(
        provider: String, model: String, day: UTCDay, cost: Money, requests: Int64, unpricedRequests: Int64 = 0,
        tokens: TokenUsage = TokenUsage()
    ) {
        self.provider = provider
        self.model = model
        self.day = day
        self.cost = cost
        self.requests = requests
        self.unpricedRequests = unpricedRequests
        self.tokens = tokens
    }
}

/// How far the bill and Burnrate may differ before the difference is a finding.
public struct Tolerance: Sendable, Hashable {
    /// Relative drift allowed, in percent of the billed figure (1 means 1%).
    public var percent: Double
    /// Differences smaller than this are never findings: bills round, and a cent on a day of a
    /// few cents is no drift worth reading.
    public var minimumDifference: Money

    public init(percent: Double = 1, minimumDifference: Money = Money(nanos: 10_000_000)) {
        self.percent = percent
        self.minimumDifference = minimumDifference
    }

    /// Whether `difference` is more than `percent` of `base`, exactly (no rounding at the edge).
    func exceeds(_ difference: Int64, of base: Int64) -> Bool {
        let microPercent = Int128((percent * 1_000_000).rounded())
        return Int128(difference.magnitude) * 100_000_000 > microPercent * Int128(base.magnitude)
    }

    /// Whether a money difference is a finding: above the relative tolerance and the minimum.
    func flags(_ difference: Money, billed: Money) -> Bool {
        difference.nanos.magnitude >= minimumDifference.nanos.magnitude && exceeds(difference.nanos, of: billed.nanos)
    }
}
