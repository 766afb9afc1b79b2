/// A complete cost review of one period, as a finance lead forwards it: the total against the
/// previous period, where the money went, how efficiently, the trend and what to look at.
///
/// Built by the server from the ledger; rendered as Markdown, CSV or JSON.
public struct CostReview: Sendable, Hashable {
    /// `month`, `week` or `day`.
    public var kind: String
    /// `2026-11`, `2026-W47` or `2026-11-23`.
    public var label: String
    /// `November 2026`, `Week 47 of 2026 (Nov 16–22)`, `Monday 23 November 2026`.
    public var title: String
    /// The label of the previous period, e.g. `October 2026`.
    public var previousTitle: String
    public var range: Range<Timestamp>
    public var timeZone: String
    public var generatedAt: Timestamp
    /// The period had not ended when the review was made.
    public var isPartial: Bool
    public var current: ReviewTotals
    public var previous: ReviewTotals
    public var breakdowns: [ReviewBreakdown]
    /// Earlier periods of the same kind, oldest first, ending with this one.
    public var trend: [PeriodCost]
    public var findings: [Finding]
    public var economics: UnitEconomics?
    /// What the period's agent outcomes cost; `nil` when none were recorded.
    public var outcomes: OutcomeEconomics?

    public init(
        kind: String, label: String, title: String, previousTitle: String, range: Range<Timestamp>, timeZone: String,
        generatedAt: Timestamp, isPartial: Bool, current: ReviewTotals, previous: ReviewTotals, breakdowns: [ReviewBreakdown],
        trend: [PeriodCost], findings: [Finding], economics: UnitEconomics?, outcomes: OutcomeEconomics? = nil
    ) {
        self.kind = kind
        self.label = label
        self.title = title
        self.previousTitle = previousTitle
        self.range = range
        self.timeZone = timeZone
        self.generatedAt = generatedAt
        self.isPartial = isPartial
        self.current = current
        self.previous = previous
        self.breakdowns = breakdowns
        self.trend = trend
        self.findings = findings
        self.economics = economics
        self.outcomes = outcomes
    }
}

/// The headline figures of one period.
public struct ReviewTotals: Sendable, Hashable {
    public var cost: Money
    /// Cost of LLM requests, priced per token.
    public var tokenCost: Money
    /// Infrastructure, storage, network and tools recorded as cost items.
    public var otherCost: Money
    public var requests: Int64
    /// Tokens of the priced requests.
    public var pricedTokens: Int64
    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var activeUsers: Int64
    public var failedCost: Money
    public var unpricedRequests: Int64

    public init(
        cost: Money, tokenCost: Money, otherCost: Money, requests: Int64, pricedTokens: Int64, inputTokens: Int64,
        cachedInputTokens: Int64, activeUsers: Int64, failedCost: Money, unpricedRequests: Int64
    ) {
        self.cost = cost
        self.tokenCost = tokenCost
        self.otherCost = otherCost
        self.requests = requests
        self.pricedTokens = pricedTokens
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.activeUsers = activeUsers
        self.failedCost = failedCost
        self.unpricedRequests = unpricedRequests
    }

    /// Token cost per priced request.
    public var costPerRequest: Money? { UnitCost.perRequest(tokenCost, requests: requests - unpricedRequests) }
    /// Token cost per thousand priced tokens.
    public var costPerThousandTokens: Money? { UnitCost.perThousandTokens(tokenCost, tokens: pricedTokens) }
    /// All cost per active user.
    public var costPerUser: Money? { UnitCost.perUser(cost, users: activeUsers) }
    /// The share of input tokens read from a provider's prompt cache.
    public var cacheHitRate: Double? { inputTokens > 0 ? Double(cachedInputTokens) / Double(inputTokens) : nil }
    /// The share of spend on requests that failed.
    public var failedShare: Double { Ranking.share(failedCost, of: cost) }
}

/// Spend by one dimension, costliest first, with the previous period beside it.
public struct ReviewBreakdown: Sendable, Hashable {
    /// `Category`, `Model`, `Tenant`, `Feature`.
    public var title: String
    public var rows: [ReviewRow]

    public init(title: String, rows: [ReviewRow]) {
        self.title = title
        self.rows = rows
    }
}

/// One line of a review breakdown.
public struct ReviewRow: Sendable, Hashable {
    public var label: String
    public var cost: Money
    public var share: Double
    public var previousCost: Money
    public var requests: Int64

    public init(label: String, cost: Money, share: Double, previousCost: Money, requests: Int64) {
        self.label = label
        self.cost = cost
        self.share = share
        self.previousCost = previousCost
        self.requests = requests
    }

    public var change: CostChange { CostChange(current: cost, previous: previousCost) }
}
