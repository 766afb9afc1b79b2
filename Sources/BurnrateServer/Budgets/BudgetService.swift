import BurnrateCore
import BurnrateStore

/// Budgets and where they stand: the spend in each budget's scope over its current calendar
/// period, counted the way the analytics count it (token and non-token costs alike).
struct BudgetService: Sendable {
    let store: any LedgerStore
    let analytics: CostAnalytics

    var calendar: ReportingCalendar { analytics.calendar }

    /// The status of `budget` at `now`.
    func status(of budget: Budget, now: Timestamp) async throws -> BudgetStatus {
        let period = calendar.range(of: budget.period, containing: now)
        let spentUntil = min(max(now, period.lowerBound.adding(seconds: 0)), period.upperBound)
        let spent =
            spentUntil > period.lowerBound
            ? try await analytics.period(AnalyticsScope(budget.scope, range: period.lowerBound..<spentUntil)).cost : .zero
        return BudgetStatus(budget: budget, period: period, spent: spent, now: now)
    }

    /// The status of every budget at `now`, by id.
    func statuses(now: Timestamp) async throws -> [BudgetStatus] {
        var statuses: [BudgetStatus] = []
        for budget in try await store.budgets() { statuses.append(try await status(of: budget, now: now)) }
        return statuses
    }
}
