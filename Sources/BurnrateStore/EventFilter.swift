import BurnrateCore

/// Which events a query covers: a half-open time range and dimension filters.
///
/// Values of one dimension are alternatives (OR); different dimensions and tags must all match
/// (AND).
public struct EventFilter: Sendable, Hashable {
    /// Inclusive start; `nil` for the beginning of time.
    public var from: Timestamp?
    /// Exclusive end; `nil` for no end.
    public var to: Timestamp?
    public var dimensions: [Dimension: [String]]
    public var tags: [String: [String]]

    public init(from: Timestamp? = nil, to: Timestamp? = nil, dimensions: [Dimension: [String]] = [:], tags: [String: [String]] = [:]) {
        self.from = from
        self.to = to
        self.dimensions = dimensions
        self.tags = tags
    }

    /// The dimensions this filter restricts (an empty list of values restricts nothing).
    var restrictedDimensions: Set<Dimension> { Set(dimensions.filter { !$0.value.isEmpty }.keys) }

    /// The tag keys this filter restricts.
    var restrictedTagKeys: Set<String> { Set(tags.filter { !$0.value.isEmpty }.keys) }
}

/// An attribute events can be filtered and grouped by.
public enum Dimension: String, Sendable, Hashable, CaseIterable {
    case provider, model, tenant, user, feature, team, environment, status

    /// The column holding the dimension, in events and rollups alike.
    var column: String { self == .user ? "user_id" : rawValue }
}

/// Totals over a set of events.
public struct LedgerSummary: Sendable, Hashable {
    public var requests: Int64 = 0
    public var errorRequests: Int64 = 0
    public var usage = TokenUsage()
    /// Cost of priced events only; unpriced events are counted separately, never as $0.
    public var cost = CostBreakdown.zero
    public var unpricedRequests: Int64 = 0
    public var unpricedUsage = TokenUsage()
    /// Models seen without a price, with how many events each.
    public var unpricedModels: [UnpricedModel] = []
    /// Priced events that used something their price has no rate for (included in `cost` for
    /// what was priced).
    public var partiallyPricedRequests: Int64 = 0
    /// The models of those events, with what their prices lack.
    public var partiallyPricedModels: [PartiallyPricedModel] = []

    public init() {}
}

/// A model whose events used a kind of token or a service tier its price has no rate for.
public struct PartiallyPricedModel: Sendable, Hashable {
    public var provider: String
    public var model: String
    public var requests: Int64
    /// What the price lacks, over all of these events.
    public var unbilled: UnbilledRates

    public init(provider: String, model: String, requests: Int64, unbilled: UnbilledRates) {
        self.provider = provider
        self.model = model
        self.requests = requests
        self.unbilled = unbilled
    }
}

/// A model that has events but no price in effect for them.
public struct UnpricedModel: Sendable, Hashable {
    public var provider: String
    public var model: String
    public var requests: Int64
    public var inputTokens: Int64
    public var outputTokens: Int64

    public init(provider: String, model: String, requests: Int64, inputTokens: Int64, outputTokens: Int64) {
        self.provider = provider
        self.model = model
        self.requests = requests
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// Which events a repricing run recomputes.
public struct RepriceSelection: Sendable, Hashable {
    public var filter: EventFilter
    /// Only events stored without a price; otherwise every event in the filter.
    public var onlyUnpriced: Bool

    public init(filter: EventFilter = EventFilter(), onlyUnpriced: Bool) {
        self.filter = filter
        self.onlyUnpriced = onlyUnpriced
    }
}

/// What one repricing run changed, as kept in the audit log.
public struct RepriceReport: Sendable, Hashable {
    public var id: Int64
    public var at: Timestamp
    public var reason: String
    public var onlyUnpriced: Bool
    public var from: Timestamp?
    public var to: Timestamp?
    public var eventsExamined: Int64
    public var eventsChanged: Int64
    public var newlyPriced: Int64
    public var oldTotal: Money
    public var newTotal: Money

    public init(
        id: Int64, at: Timestamp, reason: String, onlyUnpriced: Bool, from: Timestamp?, to: Timestamp?,
        eventsExamined: Int64, eventsChanged: Int64, newlyPriced: Int64, oldTotal: Money, newTotal: Money
    ) {
        self.id = id
        self.at = at
        self.reason = reason
        self.onlyUnpriced = onlyUnpriced
        self.from = from
        self.to = to
        self.eventsExamined = eventsExamined
        self.eventsChanged = eventsChanged
        self.newlyPriced = newlyPriced
        self.oldTotal = oldTotal
        self.newTotal = newTotal
    }
}
