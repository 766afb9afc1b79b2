/// One row of a FinOps FOCUS 1.x cost export: a cost over a charge period, with its service,
/// provider and who it is attributed to. `FocusWriter` turns rows into CSV.
public struct FocusRow: Sendable, Hashable {
    /// What was invoiced (FOCUS `BilledCost`).
    public var billedCost: Money
    /// The cost after discounts (FOCUS `EffectiveCost`).
    public var effectiveCost: Money
    /// Inclusive.
    public var chargePeriodStart: Timestamp
    /// Exclusive.
    public var chargePeriodEnd: Timestamp
    /// `Usage`, `Purchase`, `Tax`, `Credit` or `Adjustment`.
    public var chargeCategory: String
    /// `One-Time`, `Recurring` or `Usage-Based`.
    public var chargeFrequency: String
    public var chargeDescription: String?
    public var serviceName: String
    /// Written as FOCUS `ServiceCategory` and, exactly, as `x_BurnrateCategory`.
    public var category: CostCategory
    public var providerName: String
    public var resourceID: String?
    public var resourceName: String?
    /// The SKU, e.g. a model id for token costs.
    public var skuID: String?
    /// How much was consumed, as an exact decimal, in `consumedUnit` (e.g. tokens).
    public var consumedQuantity: String?
    public var consumedUnit: String?
    public var tags: [String: String]
    public var attribution: Attribution
    public var allocation: CostAllocationRule?

    public init(
        billedCost: Money, effectiveCost: Money, chargePeriodStart: Timestamp, chargePeriodEnd: Timestamp,
        chargeCategory: String = "Usage", chargeFrequency: String = "Usage-Based", chargeDescription: String? = nil,
        serviceName: String, category: CostCategory, providerName: String, resourceID: String? = nil,
        resourceName: String? = nil, skuID: String? = nil, consumedQuantity: String? = nil, consumedUnit: String? = nil,
        tags: [String: String] = [:], attribution: Attribution = Attribution(), allocation: CostAllocationRule? = nil
    ) {
        self.billedCost = billedCost
        self.effectiveCost = effectiveCost
        self.chargePeriodStart = chargePeriodStart
        self.chargePeriodEnd = chargePeriodEnd
        self.chargeCategory = chargeCategory
        self.chargeFrequency = chargeFrequency
        self.chargeDescription = chargeDescription
        self.serviceName = serviceName
        self.category = category
        self.providerName = providerName
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.skuID = skuID
        self.consumedQuantity = consumedQuantity
        self.consumedUnit = consumedUnit
        self.tags = tags
        self.attribution = attribution
        self.allocation = allocation
    }

    /// The rows for the part of `item` that falls in `[from, to)`: one for a one-off item, with
    /// its charge period cut to the range, and one per calendar month for a monthly item. The
    /// rows' costs are the item's spread amounts (`CostSpread`), so they add up to what the
    /// item costs in the range.
    public static func rows(for item: CostItem, from: Timestamp, to: Timestamp) -> [FocusRow] {
        let start = max(from, item.periodStart)
        let end = item.periodEnd.map { min(to, $0) } ?? to
        guard start < end else { return [] }
        var periods: [(Timestamp, Timestamp)] = []
        switch item.recurrence {
        case .once:
            periods = [(start, end)]
        case .monthly:
            var month = CostSpread.Span.month(containing: start)
            while month.start < end {
                periods.append((max(start, month.start), min(end, month.end)))
                month = CostSpread.Span.month(containing: month.end)
            }
        }
        var billedItem = item
        billedItem.amount = item.billedCost ?? item.amount
        return periods.map { periodStart, periodEnd in
            FocusRow(
                billedCost: CostSpread.amount(of: billedItem, from: periodStart, to: periodEnd),
                effectiveCost: CostSpread.amount(of: item, from: periodStart, to: periodEnd),
                chargePeriodStart: periodStart, chargePeriodEnd: periodEnd,
                chargeCategory: item.recurrence == .monthly ? "Purchase" : "Usage",
                chargeFrequency: item.recurrence == .monthly ? "Recurring" : "Usage-Based",
                serviceName: item.service, category: item.category, providerName: item.provider ?? item.service,
                resourceID: item.resource, tags: item.tags, attribution: item.attribution, allocation: item.allocation)
        }
    }
}
