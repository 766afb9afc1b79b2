/// The money an ROI projection is computed from: the one-off investment, and for each month the
/// gross savings and the recurring cost. Month `i` of the arrays is month `i + 1` of the
/// projection.
public struct ROICashFlows: Sendable, Hashable {
    /// Paid once before month 1; ROI and payback are measured against it.
    public var investment: Money
    /// Savings before recurring costs, per month.
    public var grossSavings: [Money]
    /// Recurring costs (operations, power, rented GPUs), per month.
    public var recurringCosts: [Money]

    public init(investment: Money, grossSavings: [Money], recurringCosts: [Money]) {
        precondition(grossSavings.count == recurringCosts.count, "one recurring cost per month of savings")
        self.investment = investment
        self.grossSavings = grossSavings
        self.recurringCosts = recurringCosts
    }
}

/// How a scenario or a sensitivity case moves the drivers of a projection.
public struct ROIAdjustment: Sendable, Hashable {
    /// Multiplier on volume (and so on savings); 1 is the assumption as given.
    public var volume: Double
    /// Multiplier on price; what "price" means depends on the source (see
    /// `ROICashFlowSource.priceMeaning`).
    public var price: Double
    /// The monthly growth rate of volume, absolute (0.05 is 5% a month).
    public var growth: Double

    public init(volume: Double = 1, price: Double = 1, growth: Double) {
        self.volume = volume
        self.price = price
        self.growth = growth
    }
}

/// Anything that can produce cash flows for an ROI projection under an adjustment: plain
/// assumptions (`ROIAssumptions`) or a business scenario (`BusinessScenario`).
public protocol ROICashFlowSource: Sendable {
    /// The monthly growth rate the source assumes.
    var baseGrowth: Double { get }
    /// What the sensitivity table's "volume" moves, in a few words.
    var volumeMeaning: String { get }
    /// What the sensitivity table's "price" moves, in a few words.
    var priceMeaning: String { get }
    /// The cash flows of the first `months` months with the drivers moved by `adjustment`.
    func cashFlows(months: Int, adjustment: ROIAdjustment) -> ROICashFlows
}

extension Money {
    /// `self × ratio`, rounded half away from zero to the nano-dollar; used to apply growth factors
    /// and multipliers (ratios are Doubles, the result is exact from here on). Saturates at
    /// ±`Int64.max / 2` instead of overflowing.
    func multiplied(by ratio: Double) -> Money {
        let value = (Double(nanos) * ratio).rounded(.toNearestOrAwayFromZero)
        let limit = Double(Int64.max / 2)
        guard value.isFinite else { return Money(nanos: ratio.sign == .minus ? -Int64.max / 2 : Int64.max / 2) }
        return Money(nanos: Int64(Swift.min(Swift.max(value, -limit), limit)))
    }
}
