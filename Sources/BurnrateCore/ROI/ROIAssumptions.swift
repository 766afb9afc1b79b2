/// ROI inputs given as assumptions: what was invested, what it saves a month, and how that
/// saving grows. The caller may also fill `monthlySavings` from measured data (baseline cost minus
/// actual cost minus overhead); the model does not care where the number came from.
public struct ROIAssumptions: ROICashFlowSource, Hashable {
    /// One-off and monthly items.
    public var investments: [ROIInvestment]
    /// Gross savings in month 1, before monthly costs.
    public var monthlySavings: Money
    /// Monthly growth rate of the savings (0.05 is 5% a month, compounding).
    public var growth: Double

    public init(investments: [ROIInvestment], monthlySavings: Money, growth: Double = 0) {
        self.investments = investments
        self.monthlySavings = monthlySavings
        self.growth = growth
    }

    public var baseGrowth: Double { growth }
    public var volumeMeaning: String { "monthly savings (they scale with the volume saved on)" }
    public var priceMeaning: String { "what is paid: the one-off investment and the monthly costs" }

    /// Month `m` saves `monthlySavings × volume × (1 + growth)^(m−1)` and costs
    /// `monthlyTotal × price`; the investment is `oneOffTotal × price`.
    public func cashFlows(months: Int, adjustment: ROIAdjustment) -> ROICashFlows {
        let recurring = investments.monthlyTotal.multiplied(by: adjustment.price)
        var gross: [Money] = []
        gross.reserveCapacity(months)
        var factor = adjustment.volume
        for _ in 0..<months {
            gross.append(monthlySavings.multiplied(by: factor))
            factor *= 1 + adjustment.growth
        }
        return ROICashFlows(
            investment: investments.oneOffTotal.multiplied(by: adjustment.price), grossSavings: gross,
            recurringCosts: Array(repeating: recurring, count: months))
    }
}
