import BurnrateCore

/// Budgets and their statuses as JSON.
enum BudgetPresenter {
    static func json(_ budget: Budget, status: BudgetStatus?, calendar: ReportingCalendar) -> JSONValue {
        .fields([
            ("id", .string(budget.id)),
            ("name", .string(budget.name)),
            ("scope", scope(budget.scope)),
            ("scope_description", .string(budget.scope.description)),
            ("period", .string(budget.period.rawValue)),
            ("per", .string(budget.per.rawValue)),
            ("amount_usd", .usd(budget.amount)),
            ("amount_nanos", .int(budget.amount.nanos)),
            ("thresholds", .array(budget.thresholds.map { .int($0) })),
            ("forecast_percent", .int(budget.forecastPercent)),
            ("source", .string(budget.source.rawValue)),
            ("enforce", .string(budget.enforcement.rawValue)),
            ("created_at", .string(budget.createdAt.rfc3339)),
            ("updated_at", .string(budget.updatedAt.rfc3339)),
            ("status", status.map { self.status($0, calendar: calendar) }),
        ])
    }

    static func status(_ status: BudgetStatus, calendar: ReportingCalendar) -> JSONValue {
        let budget = status.budget
        return .fields([
            ("budget_id", .string(budget.id)),
            ("name", .string(budget.name)),
            ("status", .string(status.state.rawValue)),
            ("period", .string(budget.period.rawValue)),
            ("period_label", .string(BudgetAlertRules.label(status.period, budget.period, calendar: calendar))),
            ("period_start", .string(status.period.lowerBound.rfc3339)),
            ("period_end", .string(status.period.upperBound.rfc3339)),
            ("as_of", .string(status.asOf.rfc3339)),
            ("amount_usd", .usd(budget.amount)),
            ("spent_usd", .usd(status.spent)),
            ("spent_nanos", .int(status.spent.nanos)),
            ("remaining_usd", .usd(status.remaining)),
            ("used_percent", .double(status.usedPercent)),
            ("burn_rate_per_day_usd", .usd(status.burnRatePerDay)),
            ("projected_usd", .usd(status.projected)),
            ("projected_percent", .double(Double(status.projected.nanos) * 100 / Double(budget.amount.nanos))),
            ("projected_exhaustion", status.exhaustion.map { .string($0.rfc3339) } ?? .null),
            ("crossed_thresholds", .array(status.crossedThresholds.map { .int($0) })),
            ("link", .string(AlertLink.view("summary", filters: budget.scope.pairs, from: status.period.lowerBound, to: status.asOf))),
            ("per", .string(budget.per.rawValue)),
            ("costliest_sessions", budget.per == .session ? sessions(status) : nil),
        ])
    }

    /// A per-session budget's costliest sessions in the period, each against the amount.
    private static func sessions(_ status: BudgetStatus) -> JSONValue {
        .array(
            status.costliestSessions.map { session in
                .fields([
                    ("session_id", .string(session.id)),
                    ("spent_usd", .usd(session.cost)),
                    ("spent_nanos", .int(session.cost.nanos)),
                    ("used_percent", .double(Double(session.cost.nanos) * 100 / Double(status.budget.amount.nanos))),
                    ("calls", .int(session.calls)),
                    ("last_call_at", .string(session.end.rfc3339)),
                ])
            })
    }

    private static func scope(_ scope: BudgetScope) -> JSONValue {
        .fields(scope.filters.keys.sorted().map { key in (key, .array(scope.filters[key, default: []].map { .string($0) })) })
    }
}
