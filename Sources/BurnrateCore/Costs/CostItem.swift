/// A cost that is not an LLM request: a GPU cluster, a storage bill, network egress, a tool's
/// subscription. It is spread evenly over its period (`CostSpread`) and may be shared out to
/// tenants, features or teams in proportion to their usage (`allocation`).
public struct CostItem: Sendable, Hashable {
    /// The idempotency key: given by the caller, or derived from the item's content on import so
    /// that importing the same file twice stores it once.
    public var id: String
    public var category: CostCategory
    /// What was bought, as the bill names it: "AWS EC2", "Datadog".
    public var service: String
    /// The resource charged, when known: "gpu-cluster-a", an ARN.
    public var resource: String?
    /// Who charged it (FOCUS `ProviderName`), e.g. "AWS".
    public var provider: String?
    /// The effective cost of the period; for a monthly item, the cost of each month.
    public var amount: Money
    /// The amount invoiced (FOCUS `BilledCost`) when it differs from `amount`, e.g. before a
    /// commitment discount was applied.
    public var billedCost: Money?
    /// Inclusive start of the period.
    public var periodStart: Timestamp
    /// Exclusive end of the period; `nil` only for a monthly item that runs until deleted.
    public var periodEnd: Timestamp?
    public var recurrence: CostRecurrence
    /// Who the cost belongs to when it is not shared out by usage.
    public var attribution: Attribution
    public var tags: [String: String]
    /// How a shared cost is split by usage; `nil` keeps it with `attribution`.
    public var allocation: CostAllocationRule?
    /// Where the item came from: "api", "focus", "csv", "demo".
    public var source: String

    public init(
        id: String, category: CostCategory, service: String, resource: String? = nil, provider: String? = nil,
        amount: Money, billedCost: Money? = nil, periodStart: Timestamp, periodEnd: Timestamp?,
        recurrence: CostRecurrence = .once, attribution: Attribution = Attribution(), tags: [String: String] = [:],
        allocation: CostAllocationRule? = nil, source: String
    ) {
        self.id = id
        self.category = category
        self.service = service
        self.resource = resource
        self.provider = provider
        self.amount = amount
        self.billedCost = billedCost
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.recurrence = recurrence
        self.attribution = attribution
        self.tags = tags
        self.allocation = allocation
        self.source = source
    }

    /// Whether any part of the item falls in `[from, to)`; a `nil` bound is open. An open-ended
    /// monthly item overlaps every range that ends after it starts.
    public func overlaps(from: Timestamp?, to: Timestamp?) -> Bool {
        if let to, periodStart >= to { return false }
        if let from, let periodEnd, periodEnd <= from { return false }
        return true
    }
}

/// What kind of thing a cost pays for.
public enum CostCategory: String, Sendable, Hashable, CaseIterable {
    case compute, storage, network
    case llmAPI = "llm_api"
    case tools, other
}

/// Whether an item is charged once for its period or every calendar month.
public enum CostRecurrence: String, Sendable, Hashable, CaseIterable {
    /// `amount` covers the whole period.
    case once
    /// `amount` is charged for every calendar month (UTC) from the month of the period's start.
    case monthly
}

/// Who a shared cost is split between.
public enum AllocationTarget: String, Sendable, Hashable, CaseIterable {
    case tenant, feature, team
}

/// The usage a shared cost is split in proportion to.
public enum AllocationBasis: String, Sendable, Hashable, CaseIterable {
    case tokens, requests
    case gpuSeconds = "gpu_seconds"
}

/// How one shared item is split: between values of `target`, in proportion to `basis`.
public struct CostAllocationRule: Sendable, Hashable {
    public var target: AllocationTarget
    public var basis: AllocationBasis

    public init(target: AllocationTarget, basis: AllocationBasis) {
        self.target = target
        self.basis = basis
    }
}
