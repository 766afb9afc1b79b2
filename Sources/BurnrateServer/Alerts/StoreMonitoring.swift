import BurnrateCore
import BurnrateStore

/// What `/metrics` shows of budgets and alerts, read from the store at each scrape, so every
/// replica reports the same.
struct StoreMonitoring: MonitoringSource {
    let budgets: BudgetService

    func budgetGauges(now: Timestamp) async throws -> [BudgetGauge] {
        // A per-session budget has no period spend to show as a gauge (see `BudgetStatus`).
        try await budgets.statuses(now: now).filter { $0.budget.per == .period }.map { status in
            BudgetGauge(
                id: status.budget.id, name: status.budget.name, period: status.budget.period.rawValue, amount: status.budget.amount,
                spent: status.spent, projected: status.projected)
        }
    }

    func firingAlerts() async throws -> [FiringAlertCount] {
        let firing = try await budgets.store.openAlerts().filter { $0.state == .firing }
        return Dictionary(grouping: firing) { [$0.rule, $0.severity.rawValue] }
            .map { FiringAlertCount(rule: $0.key[0], severity: $0.key[1], count: $0.value.count) }
            .sorted { ($0.rule, $0.severity) < ($1.rule, $1.severity) }
    }
}
