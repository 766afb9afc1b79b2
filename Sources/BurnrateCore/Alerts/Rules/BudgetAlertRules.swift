/// The budget rules: thresholds crossed and projections above the budget, per budget and period.
public enum BudgetAlertRules {
    /// One observation per threshold each budget has reached in its current period, and one per
    /// budget projected above its forecast percentage (while not yet exceeded).
    ///
    /// Keys carry the period, so the next period's crossing is a new alert and the old one
    /// resolves when its period ends. Per-session budgets have no period spend to alert on: the
    /// proxy enforces them call by call, and they are left out.
    public static func observations(
        _ statuses: [BudgetStatus], settings: AlertRuleSettings, calendar: ReportingCalendar
    ) -> [AlertObservation] {
        var observations: [AlertObservation] = []
        for status in statuses where status.budget.per == .period {
            let budget = status.budget
            let periodLabel = label(status.period, budget.period, calendar: calendar)
            let link = AlertLink.view("summary", filters: budget.scope.pairs, from: status.period.lowerBound, to: status.asOf)
            let labels = ["budget": budget.id, "period": budget.period.rawValue]
            let common: [AlertFigure] = [
                .usd("amount_usd", budget.amount), .usd("spent_usd", status.spent), .percent("used_percent", status.usedPercent),
                .usd("projected_usd", status.projected), .usd("burn_rate_per_day_usd", status.burnRatePerDay),
                .text("period", periodLabel), .text("scope", budget.scope.description),
            ]
            if settings.budgetThreshold {
                for threshold in status.crossedThresholds {
                    observations.append(
                        AlertObservation(
                            rule: AlertRuleID.budgetThreshold.rawValue, key: "\(budget.id)/\(threshold)/\(periodLabel)",
                            severity: threshold >= 100 ? .critical : threshold >= 80 ? .warning : .info,
                            summary:
                                "Budget '\(budget.name)' passed \(threshold)% for \(periodLabel): \(Figures.usd(status.spent)) of \(Figures.usd(budget.amount)) spent, \(Figures.percent(status.usedPercent)) (\(budget.scope.description)).",
                            figures: [.count("threshold_percent", Int64(threshold))] + common,
                            labels: labels.merging(["threshold": "\(threshold)"]) { $1 }, link: link))
                }
            }
            if settings.budgetForecast, status.spent < budget.amount, status.projects(above: budget.forecastPercent) {
                observations.append(
                    AlertObservation(
                        rule: AlertRuleID.budgetForecast.rawValue, key: "\(budget.id)/\(periodLabel)", severity: .warning,
                        summary:
                            "Budget '\(budget.name)' is projected to reach \(Figures.usd(status.projected)) by the end of \(periodLabel), \(Figures.percent(Double(status.projected.nanos) * 100 / Double(budget.amount.nanos))) of \(Figures.usd(budget.amount)) (\(budget.scope.description)).",
                        figures: [.count("forecast_percent", Int64(budget.forecastPercent))] + common, labels: labels, link: link))
            }
        }
        return observations
    }

    /// `2026-11-23`, `2026-W48`, `2026-11` or `2026-Q4`: the period's name in alerts and keys.
    public static func label(_ range: Range<Timestamp>, _ period: BudgetPeriod, calendar: ReportingCalendar) -> String {
        switch period {
        case .daily: return calendar.label(.day, start: range.lowerBound)
        case .weekly:
            let week = calendar.isoWeek(of: range.lowerBound)
            return "\(week.year)-W\(week.week < 10 ? "0" : "")\(week.week)"
        case .monthly: return calendar.label(.month, start: range.lowerBound)
        case .quarterly:
            let date = calendar.date(of: range.lowerBound)
            return "\(date.year)-Q\((date.month - 1) / 3 + 1)"
        }
    }
}

extension BudgetAlertRules {
    /// One notification per budget and event when several of its thresholds change at once (a
    /// new budget already past 100%, a period ending): the highest threshold speaks for the rest,
    /// which are still recorded as firing or resolved.
    public static func collapse(_ notifications: [AlertNotification]) -> [AlertNotification] {
        var highest: [String: AlertNotification] = [:]
        var others: [AlertNotification] = []
        for notification in notifications {
            let alert = notification.alert
            guard alert.rule == AlertRuleID.budgetThreshold.rawValue, let budget = alert.labels["budget"] else {
                others.append(notification)
                continue
            }
            let group = budget + "\u{0}" + notification.event.rawValue
            if let kept = highest[group], threshold(kept.alert) >= threshold(alert) { continue }
            highest[group] = notification
        }
        return others + highest.values.sorted { ($0.alert.key, $0.event.rawValue) < ($1.alert.key, $1.event.rawValue) }
    }

    private static func threshold(_ alert: Alert) -> Int { Int(alert.labels["threshold"] ?? "") ?? 0 }
}
