import Foundation

/// A spending limit over a calendar period for some part of the spend, with the percentages at
/// which people want to hear about it.
public struct Budget: Sendable, Hashable {
    /// The thresholds a budget has when none are given: early notice, warning, exceeded.
    public static let defaultThresholds = [50, 80, 100]
    /// The projected period-end spend, in percent of the amount, above which the forecast alert fires.
    public static let defaultForecastPercent = 110

    /// A stable identifier chosen by the caller (`acme-monthly`): letters, digits, `-`, `_`, `.`.
    public var id: String
    /// What people call it: "Acme monthly LLM spend".
    public var name: String
    public var scope: BudgetScope
    /// The calendar period the amount applies to; for a per-session budget, only the window in
    /// which its status lists the costliest sessions.
    public var period: BudgetPeriod
    /// Whether the amount limits the spend of each period or of each session.
    public var per: BudgetPer
    /// The limit for each period, or for each session.
    public var amount: Money
    /// Percentages of `amount`, ascending, each crossing of which raises an alert.
    public var thresholds: [Int]
    /// The projected period-end spend, in percent of `amount`, that raises the forecast alert.
    public var forecastPercent: Int
    /// Who manages it: budgets from the config file are changed there, not through the API.
    public var source: BudgetSource
    /// What the proxy does with requests in scope once the budget is spent.
    public var enforcement: BudgetEnforcement
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, name: String, scope: BudgetScope = BudgetScope(), period: BudgetPeriod, per: BudgetPer = .period,
        amount: Money, thresholds: [Int] = Budget.defaultThresholds, forecastPercent: Int = Budget.defaultForecastPercent,
        source: BudgetSource = .api, enforcement: BudgetEnforcement = .off, createdAt: Timestamp, updatedAt: Timestamp? = nil
    ) {
        self.id = id
        self.name = name
        self.scope = scope
        self.period = period
        self.per = per
        self.amount = amount
        self.thresholds = thresholds
        self.forecastPercent = forecastPercent
        self.source = source
        self.enforcement = enforcement
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// What is wrong with the budget, named by field; empty when it is valid.
    public var issues: [FieldIssue] {
        var issues: [FieldIssue] = []
        if !Self.isValidID(id) {
            issues.append(
                FieldIssue(field: "id", message: "must be 1 to 64 letters, digits, '-', '_' or '.' (got '\(id)')"))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(FieldIssue(field: "name", message: "must not be empty"))
        }
        if amount <= .zero {
            issues.append(FieldIssue(field: "amount_usd", message: "must be more than 0 (got \(amount.usdString))"))
        }
        if thresholds.isEmpty || thresholds.contains(where: { !(1...1_000).contains($0) }) || thresholds != thresholds.sorted()
            || Set(thresholds).count != thresholds.count
        {
            issues.append(
                FieldIssue(
                    field: "thresholds",
                    message: "must be distinct whole percentages from 1 to 1000 in ascending order (got \(thresholds))"))
        }
        if !(100...1_000).contains(forecastPercent) {
            issues.append(
                FieldIssue(field: "forecast_percent", message: "must be a whole percentage from 100 to 1000 (got \(forecastPercent))"))
        }
        return issues
    }

    static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.count)
            && id.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            }
    }
}

/// Where a budget is managed.
public enum BudgetSource: String, Sendable, Hashable, CaseIterable, Codable {
    /// Created through the API; changed and deleted there.
    case api
    /// Declared in the config file; the file is its source of truth.
    case config
}
