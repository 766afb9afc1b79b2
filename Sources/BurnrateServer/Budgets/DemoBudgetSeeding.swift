import BurnrateCore
import BurnrateStore

extension Ledger {
    /// Stores the demo's budgets (`DemoBudgets`), sized from what the demo spent this month so far
    /// as the Budgets page counts it, in `calendar`'s months.
    public func seedDemoBudgets(calendar: ReportingCalendar, now: Timestamp = .now()) async throws -> [Budget] {
        let service = AppServices(configuration: AppConfiguration(timeZone: calendar.timeZone), ledger: self).budgets
        var budgets: [Budget] = []
        for template in DemoBudgets.templates(now: now) {
            let status = try await service.status(of: template, now: now)
            let budget = DemoBudgets.sized(template, spent: status.spent, projected: status.projected)
            try await store.saveBudget(budget)
            budgets.append(budget)
        }
        return budgets
    }
}
