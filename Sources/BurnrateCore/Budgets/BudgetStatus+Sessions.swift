extension BudgetStatus {
    /// The status of a per-session budget at `now`: its costliest sessions with calls in `period`,
    /// costliest first, against the amount.
    ///
    /// A per-session budget has no period total to report: `spent` is the costliest session's
    /// whole cost, so the thresholds and the state say how close the worst run came to the limit.
    /// A run has no period to project over, so there is no burn rate, projection or exhaustion.
    public init(budget: Budget, period: Range<Timestamp>, costliestSessions: [SessionSummary], now: Timestamp) {
        self.init(budget: budget, period: period, spent: costliestSessions.first?.cost ?? .zero, now: now)
        self.costliestSessions = costliestSessions
        burnRatePerDay = .zero
        projected = spent
        exhaustion = nil
        if state == .forecastExceeded {
            let warning = budget.thresholds.last { $0 < 100 }
            state = warning.map(crossedThresholds.contains) == true ? .warning : .ok
        }
    }
}
