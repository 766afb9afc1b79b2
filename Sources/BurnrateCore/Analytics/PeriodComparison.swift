/// A period's cost against the period of equal length just before it.
public struct CostChange: Sendable, Hashable {
    public var current: Money
    public var previous: Money

    public init(current: Money, previous: Money) {
        self.current = current
        self.previous = previous
    }

    /// The exact difference, current minus previous.
    public var absolute: Money { current - previous }

    /// The difference as a percentage of the previous period; `nil` when that cost nothing.
    public var percent: Double? { Growth.percent(current: current.nanos, previous: previous.nanos) }
}

/// Whether cost grows in step with usage.
public enum GrowthVerdict: String, Sendable, Hashable {
    /// The cost of a unit of usage rose: cost grows faster than usage.
    case costFasterThanUsage = "cost_faster_than_usage"
    case inLine = "in_line"
    /// The cost of a unit of usage fell: usage grows faster than cost.
    case usageFasterThanCost = "usage_faster_than_cost"
    /// One of the periods has no cost or no usage, so there is nothing to compare.
    case noBaseline = "no_baseline"
}

/// Cost growth set against usage growth between two periods.
public struct Growth: Sendable, Hashable {
    public var costPercent: Double?
    public var usagePercent: Double?
    /// The change in cost per unit of usage, in percent.
    public var unitCostPercent: Double?
    public var verdict: GrowthVerdict

    /// The change in cost per unit of usage beyond which cost and usage no longer count as in line.
    public static let tolerancePercent = 5.0

    /// Compares cost growth with usage growth (tokens, requests: any count of work done).
    public init(cost: CostChange, usage current: Int64, previousUsage previous: Int64) {
        costPercent = cost.percent
        usagePercent = Self.percent(current: current, previous: previous)
        guard cost.current.nanos > 0, cost.previous.nanos > 0, current > 0, previous > 0 else {
            unitCostPercent = nil
            verdict = .noBaseline
            return
        }
        let unitNow = Double(cost.current.nanos) / Double(current)
        let unitBefore = Double(cost.previous.nanos) / Double(previous)
        let change = (unitNow / unitBefore - 1) * 100
        unitCostPercent = change
        verdict =
            change > Self.tolerancePercent ? .costFasterThanUsage : change < -Self.tolerancePercent ? .usageFasterThanCost : .inLine
    }

    /// `(current − previous) / previous` in percent; `nil` when previous is zero.
    public static func percent(current: Int64, previous: Int64) -> Double? {
        previous == 0 ? nil : Double(current - previous) / Double(previous) * 100
    }
}

/// The period of equal length that ends where `range` starts, for "against the previous period".
public func previousPeriod(of range: Range<Timestamp>) -> Range<Timestamp> {
    let length = range.upperBound.microseconds - range.lowerBound.microseconds
    return Timestamp(microseconds: range.lowerBound.microseconds - length)..<range.lowerBound
}

/// One period's cost and requests, as a trend lists them.
public struct PeriodCost: Sendable, Hashable {
    /// The period's label, e.g. `2026-11`.
    public var label: String
    public var cost: Money
    public var requests: Int64

    public init(label: String, cost: Money, requests: Int64) {
        self.label = label
        self.cost = cost
        self.requests = requests
    }
}
