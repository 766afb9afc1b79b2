import BurnrateCore

/// The built-in rules and their settings as JSON, so people can see what is watched.
enum AlertRulesPresenter {
    static func json(_ settings: AlertRuleSettings, interval: Duration) -> JSONValue {
        let daily = settings.dailyAnomaly
        let hourly = settings.hourlySpike
        let spike = settings.dimensionSpike
        let perRequest = settings.costPerRequest
        let shift = settings.levelShift
        let drift = settings.drift
        return .fields([
            ("evaluation_interval_seconds", .int(interval.components.seconds)),
            (
                "rules",
                .array([
                    rule(
                        .budgetThreshold, settings.budgetThreshold,
                        "Each budget's thresholds (default 50%, 80%, 100%) crossed in its current period.", []),
                    rule(
                        .budgetForecast, settings.budgetForecast,
                        "Projected period-end spend above the budget's forecast_percent (default 110%), once a tenth of the period has passed.",
                        []),
                    rule(
                        .dailyAnomaly, daily.enabled,
                        "Yesterday or today so far against a weekday-aware baseline of the previous days; no alert with fewer than the minimum days of history.",
                        [
                            ("method", .string(daily.method.rawValue)), ("z_score_threshold", .double(daily.zScoreThreshold)),
                            ("ratio_threshold", .double(daily.ratioThreshold)), ("lookback_days", .int(daily.lookbackDays)),
                            ("minimum_history_days", .int(daily.minimumHistoryDays)), ("minimum_excess_usd", .usd(daily.minimumExcess)),
                        ]),
                    rule(
                        .hourlySpike, hourly.enabled,
                        "The last complete hour against the median of the same hour on the last 4 weeks (the same hour of the last days while fewer than 2 weeks exist), raised by the level of the last 24 hours: a spike is factor times that and beyond the last week's noise.",
                        [("factor", .double(hourly.factor)), ("minimum_excess_usd", .usd(hourly.minimumExcess))]),
                    rule(
                        .dimensionSpike, spike.enabled,
                        "Each tenant's or feature's last complete hour against the same hour of its own last 4 weeks, judged as hourly_spike judges the total.",
                        [
                            ("dimensions", .array(spike.dimensions.map { .string($0) })), ("factor", .double(spike.factor)),
                            ("minimum_excess_usd", .usd(spike.minimumExcess)),
                        ]),
                    rule(
                        .levelShift, shift.enabled,
                        "Hourly cost at a new level: over the last window_hours, each hour against the same hour of earlier weeks sits at least factor times the level of the week before, in most hours, with at least minimum_excess_usd more a day. Says whether requests or the cost of a request moved.",
                        [
                            ("factor", .double(shift.factor)), ("window_hours", .int(shift.windowHours)),
                            ("minimum_excess_usd", .usd(shift.minimumExcess)),
                        ]),
                    rule(
                        .drift, drift.enabled,
                        "Cost growing steadily: each of the last window_days days against the same hours of earlier weeks, a robust (Theil-Sen) growth of at least minimum_daily_growth a day that has taken the cost minimum_rise times its baseline, and fits a line better than a single step.",
                        [
                            ("window_days", .int(drift.windowDays)), ("minimum_daily_growth", .double(drift.minimumDailyGrowth)),
                            ("minimum_rise", .double(drift.minimumRise)), ("minimum_excess_usd", .usd(drift.minimumExcess)),
                        ]),
                    rule(
                        .costPerRequest, perRequest.enabled,
                        "The average cost of a priced request over the window at least factor times its median in the same window on the last 4 weeks, or above the threshold.",
                        [
                            ("threshold_usd", .usd(perRequest.threshold)), ("factor", .double(perRequest.factor)),
                            ("window_seconds", .int(perRequest.windowSeconds)), ("minimum_requests", .int(perRequest.minimumRequests)),
                            ("minimum_requests_to_compare", .int(perRequest.minimumRequestsToCompare)),
                            ("pending_seconds", .int(perRequest.pendingSeconds)),
                        ]),
                    rule(
                        .unpricedModel, settings.unpricedModel, "A model used without a price within the window: its cost is missing.",
                        [("window_seconds", .int(settings.unpricedWindowSeconds))]),
                    rule(
                        .categoryShare, settings.categoryShare,
                        "The category-share findings of the month so far (one category above 70% of spend, ...).", []),
                    rule(
                        .runawaySession, settings.runawaySession.enabled,
                        "An agent run with a call in the live window that has cost at least minimum_cost_usd and is above factor times its feature's p99 (or its robust spread) in cost, calls, duration or one prompt repeated, against the feature's completed runs of the last history_days.",
                        [
                            ("live_window_seconds", .int(settings.runawaySession.liveWindowSeconds)),
                            ("history_days", .int(settings.runawaySession.historyDays)),
                            ("minimum_history", .int(settings.runawaySession.minimumHistory)),
                            ("quantile", .double(settings.runawaySession.quantile)), ("factor", .double(settings.runawaySession.factor)),
                            ("minimum_cost_usd", .usd(settings.runawaySession.minimumCost)),
                            ("minimum_calls", .int(settings.runawaySession.minimumCalls)),
                            ("minimum_duration_seconds", .int(settings.runawaySession.minimumDurationSeconds)),
                            ("minimum_repeated_prompts", .int(settings.runawaySession.minimumRepeatedPrompts)),
                        ]),
                ])
            ),
        ])
    }

    private static func rule(_ id: AlertRuleID, _ enabled: Bool, _ description: String, _ parameters: [(String, JSONValue?)]) -> JSONValue {
        .fields([
            ("id", .string(id.rawValue)), ("enabled", .bool(enabled)), ("description", .string(description)),
            ("parameters", .fields(parameters)),
        ])
    }
}
