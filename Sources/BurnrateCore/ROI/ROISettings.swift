/// The investment that ROI is measured against when a request names none: what was paid once,
/// what it costs every month, and how many months are projected. It comes from the config file's
/// `roi` section (or, under `serve --demo`, from `DemoInvestment`), so that the ROI page and
/// `GET /api/v1/roi` show payback and return on first look; a request's `investment`,
/// `recurring_cost` and `months` each replace the matching setting for that request.
public struct ROISettings: Sendable, Hashable {
    /// What the money went into, e.g. "Model routing and caching"; shown beside the figures.
    public var name: String?
    /// Paid once, before month 1: the capital payback and ROI are measured against.
    public var investment: Money
    /// Paid every month, subtracted from each month's savings.
    public var recurringCost: Money
    /// Months projected, 1 to `Limits.maximumMonths`.
    public var months: Int

    /// Months projected when neither the settings nor a request say.
    public static let defaultMonths = 36

    public init(name: String? = nil, investment: Money = .zero, recurringCost: Money = .zero, months: Int = Self.defaultMonths) {
        self.name = name
        self.investment = investment
        self.recurringCost = recurringCost
        self.months = months
    }

    /// Whether there is an investment or a recurring cost to measure savings against.
    public var hasInvestment: Bool { investment != .zero || recurringCost != .zero }

    /// These settings with a request's `investment`, `recurringCost` and `months` in place of
    /// the configured ones, each when given. The name goes with the configured investment, so it
    /// stays only while that investment does.
    public func overridden(investment: Money?, recurringCost: Money?, months: Int?) -> ROISettings {
        ROISettings(
            name: investment == nil ? name : nil, investment: investment ?? self.investment,
            recurringCost: recurringCost ?? self.recurringCost, months: months ?? self.months)
    }

    /// The plain assumptions of these settings against `monthlySavings` growing at `growth`.
    public func assumptions(monthlySavings: Money, growth: Double = 0) -> ROIAssumptions {
        ROIAssumptions(investments: investments, monthlySavings: monthlySavings, growth: growth)
    }

    /// The items of a projection: the one-off investment and the monthly cost, each unless zero.
    public var investments: [ROIInvestment] {
        var items: [ROIInvestment] = []
        if investment != .zero { items.append(ROIInvestment(name: name ?? "Investment", kind: .oneOff, amount: investment)) }
        if recurringCost != .zero { items.append(ROIInvestment(name: "Recurring cost", kind: .monthly, amount: recurringCost)) }
        return items
    }
}
