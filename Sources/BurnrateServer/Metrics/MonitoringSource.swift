import BurnrateCore

/// One budget's figures for its current period, as `/metrics` exposes them.
public struct BudgetGauge: Sendable, Hashable {
    /// The budget's id, the `budget` label.
    public var id: String
    public var name: String
    /// `daily`, `weekly`, `monthly` or `quarterly`.
    public var period: String
    public var amount: Money
    public var spent: Money
    /// The spend expected by the end of the period.
    public var projected: Money

    public init(id: String, name: String, period: String, amount: Money, spent: Money, projected: Money) {
        self.id = id
        self.name = name
        self.period = period
        self.amount = amount
        self.spent = spent
        self.projected = projected
    }
}

/// How many alerts of one rule and severity are firing.
public struct FiringAlertCount: Sendable, Hashable {
    public var rule: String
    public var severity: String
    public var count: Int

    public init(rule: String, severity: String, count: Int) {
        self.rule = rule
        self.severity = severity
        self.count = count
    }
}

/// Where `/metrics` reads budget and alert figures from, so that the metrics need not know how
/// budgets are evaluated or alerts kept.
public protocol MonitoringSource: Sendable {
    /// Every budget's figures for the period that contains `now`.
    func budgetGauges(now: Timestamp) async throws -> [BudgetGauge]

    /// The alerts firing now, counted per rule and severity.
    func firingAlerts() async throws -> [FiringAlertCount]
}
