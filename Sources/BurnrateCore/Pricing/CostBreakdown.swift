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
    /// What the event used that the entry has no price for; those tokens cost nothing in `cost`.
    /// Empty when the event is fully priced.
    public var unbilled: UnbilledRates

    public init(priceID: String, tier: String, longContext: Bool, cost: CostBreakdown, unbilled: UnbilledRates = []) {
        self.priceID = priceID
        self.tier = tier
        self.longContext = longContext
        self.cost = cost
        self.unbilled = unbilled
    }

    /// Whether part of the event went unbilled for want of a rate.
    public var isPartial: Bool { !unbilled.isEmpty }
}

/// The kinds of usage an event had that its price entry has no rate for.
///
/// Burnrate never bills one kind of token at another kind's rate unless the provider says so, so
/// such usage is left out of the cost, and the event is flagged and repriced when the rate arrives.
public struct UnbilledRates: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Cache-read tokens, without a cache-read rate.
    public static let cacheRead = UnbilledRates(rawValue: 1)
    /// 5-minute cache-write tokens, without a cache-write rate.
    public static let cacheWrite = UnbilledRates(rawValue: 2)
    /// 1-hour cache-write tokens, without a 1-hour cache-write rate.
    public static let cacheWrite1h = UnbilledRates(rawValue: 4)
    /// A service tier (flex, priority, ...) the entry has no price for; billed at standard rates.
    public static let tier = UnbilledRates(rawValue: 8)

    static let names: [(UnbilledRates, String)] = [
        (.cacheRead, "cache_read"), (.cacheWrite, "cache_write"), (.cacheWrite1h, "cache_write_1h"), (.tier, "tier"),
    ]

    /// The names, as the API and storage spell them: `cache_read`, `cache_write`,
    /// `cache_write_1h`, `tier`.
    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }

    /// The stored form: names joined by commas, nil when empty.
    public var storedText: String? { isEmpty ? nil : names.joined(separator: ",") }

    /// Reads the stored form; unknown names are ignored.
    public init(storedText: String?) {
        var value: UnbilledRates = []
        for name in storedText?.split(separator: ",") ?? [] {
            if let known = Self.names.first(where: { $0.1 == name }) { value.insert(known.0) }
        }
        self = value
    }
}
