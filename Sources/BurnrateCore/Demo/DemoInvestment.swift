/// The investment `serve --demo` measures ROI against, so that a first look at the ROI and
/// Executive pages shows payback, break-even and return: the engineering that moved the demo's
/// traffic off the baseline model, sized from the savings the demo measures so that it pays back in
/// about seven months, on whatever day the demo is seeded.
public enum DemoInvestment {
    /// What the demo's investment went into.
    public static let name = "Model routing and caching (engineering)"

    /// Six months of `monthlySavings` once, up to a whole $500, and a twelfth of them every month
    /// for running it, up to a whole $10; `nil` when there are no savings to pay it back.
    public static func settings(monthlySavings: Money) -> ROISettings? {
        guard monthlySavings.nanos > 0 else { return nil }
        return ROISettings(
            name: name, investment: DemoBudgets.rounded(monthlySavings.scaled(by: 6, over: 1), to: 500),
            recurringCost: DemoBudgets.rounded(monthlySavings.scaled(by: 1, over: 12), to: 10))
    }
}
