import BurnrateCore
import BurnrateStore

/// Budgets and where they stand: the spend in each budget's scope over its current calendar
/// period, counted the way the analytics count it (token and non-token costs alike); for a
/// per-session budget, the costliest sessions in scope with calls in the period.
struct BudgetService: Sendable {
    /// How many sessions a per-session budget's status lists.
    static let costliestSessionCount = 5

    let store: any LedgerStore
    let analytics: CostAnalytics

    var calendar: ReportingCalendar { analytics.calendar }

    /// The status of `budget` at `now`.
    func status(of budget: Budget, now: Timestamp) async throws -> BudgetStatus {
        let period = calendar.range(of: budget.period, containing: now)
        let spentUntil = min(max(now, period.lowerBound.adding(seconds: 0)), period.upperBound)
        guard spentUntil > period.lowerBound else { return BudgetStatus(budget: budget, period: period, spent: .zero, now: now) }
        let scope = AnalyticsScope(budget.scope, range: period.lowerBound..<spentUntil)
        switch budget.per {
        case .period:
            return BudgetStatus(budget: budget, period: period, spent: try await analytics.period(scope).cost, now: now)
        case .session:
            let sessions = try await store.sessions(scope.filter, order: .cost, limit: Self.costliestSessionCount, offset: 0)
            return BudgetStatus(budget: budget, period: period, costliestSessions: sessions, now: now)
        }
    }

    /// The status of every budget at `now`, by id.
    func statuses(now: Timestamp) async throws -> [BudgetStatus] {
        var statuses: [BudgetStatus] = []
        for budget in try await store.budgets() { statuses.append(try await status(of: budget, now: now)) }
        return statuses
    }
}
