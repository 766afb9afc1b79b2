/// What one request cost, split by the kind of token billed.
///
/// The parts always add up to `total` exactly: each part is rounded once to the nano-dollar and the
/// total is their sum.
public struct CostBreakdown: Sendable, Hashable {
    /// Input tokens that were neither read from nor written to a cache.
    public var uncachedInput: Money
    public var cacheRead: Money
    /// 5-minute and 1-hour cache writes together.
    public var cacheWrite: Money
    /// Output tokens, reasoning included.
    public var output: Money

    public init(uncachedInput: Money = .zero, cacheRead: Money = .zero, cacheWrite: Money = .zero, output: Money = .zero) {
        self.uncachedInput = uncachedInput
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.output = output
    }

    public static let zero = CostBreakdown()

    public var total: Money { uncachedInput + cacheRead + cacheWrite + output }

    public static func + (lhs: CostBreakdown, rhs: CostBreakdown) -> CostBreakdown {
        CostBreakdown(
            uncachedInput: lhs.uncachedInput + rhs.uncachedInput, cacheRead: lhs.cacheRead + rhs.cacheRead,
            cacheWrite: lhs.cacheWrite + rhs.cacheWrite, output: lhs.output + rhs.output)
    }
}

/// The price applied to one event: which entry, which tier, and the resulting cost.
public struct EventPricing: Sendable, Hashable {
    /// The `PriceEntry.id` used, e.g. `openai/gpt-4o@2024-10-01`.
    public var priceID: String
    /// The tier whose rates were applied: `standard`, `batch`, `flex`, `priority`, ...
    public var tier: String
    /// Whether the long-context rates applied.
    public var longContext: Bool
    public var cost: CostBreakdown

    public init(priceID: String, tier: String, longContext: Bool, cost: CostBreakdown) {
        self.priceID = priceID
        self.tier = tier
        self.longContext = longContext
        self.cost = cost
    }
}
