import BurnrateCore

/// Reads the `alerts.rules` section of the config file over the defaults; every rule takes
/// `enabled` and its own parameters, named as `GET /api/v1/alerts/rules` shows them.
enum AlertSettingsDecoder {
    static func decode(_ reader: inout ObjectReader) -> AlertRuleSettings {
        var settings = AlertRuleSettings()
        reader.rejectUnknownKeys(allowed: Set(AlertRuleID.allCases.map(\.rawValue)))
        _ = reader.object(AlertRuleID.budgetThreshold.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled"])
            settings.budgetThreshold = rule.bool("enabled") ?? true
            return ()
        }
        _ = reader.object(AlertRuleID.budgetForecast.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled"])
            settings.budgetForecast = rule.bool("enabled") ?? true
            return ()
        }
        _ = reader.object(AlertRuleID.dailyAnomaly.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: [
                "enabled", "method", "z_score_threshold", "ratio_threshold", "lookback_days", "minimum_history_days", "minimum_excess_usd",
            ])
            var daily = settings.dailyAnomaly
            daily.enabled = rule.bool("enabled") ?? true
            if let method = rule.string("method") {
                if let parsed = DailyAnomalySettings.Method(rawValue: method) {
                    daily.method = parsed
                } else {
                    rule.report("method", "must be zscore or ratio (got \(method))")
                }
            }
            daily.zScoreThreshold = rule.double("z_score_threshold", in: 0.5...100) ?? daily.zScoreThreshold
            daily.ratioThreshold = rule.double("ratio_threshold", in: 1...1_000) ?? daily.ratioThreshold
            daily.lookbackDays = rule.integer("lookback_days", in: 7...366).map(Int.init) ?? daily.lookbackDays
            daily.minimumHistoryDays = rule.integer("minimum_history_days", in: 7...366).map(Int.init) ?? daily.minimumHistoryDays
            daily.minimumExcess = rule.amount("minimum_excess_usd").map(Money.init(nanos:)) ?? daily.minimumExcess
            settings.dailyAnomaly = daily
            return ()
        }
        _ = reader.object(AlertRuleID.hourlySpike.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled", "factor", "minimum_excess_usd"])
            settings.hourlySpike.enabled = rule.bool("enabled") ?? true
            settings.hourlySpike.factor = rule.double("factor", in: 1...1_000) ?? settings.hourlySpike.factor
            settings.hourlySpike.minimumExcess =
                rule.amount("minimum_excess_usd").map(Money.init(nanos:)) ?? settings.hourlySpike.minimumExcess
            return ()
        }
        _ = reader.object(AlertRuleID.dimensionSpike.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled", "dimensions", "factor", "minimum_excess_usd"])
            var spike = settings.dimensionSpike
            spike.enabled = rule.bool("enabled") ?? true
            spike.dimensions = rule.strings("dimensions") ?? spike.dimensions
            spike.factor = rule.double("factor", in: 1...1_000) ?? spike.factor
            spike.minimumExcess = rule.amount("minimum_excess_usd").map(Money.init(nanos:)) ?? spike.minimumExcess
            settings.dimensionSpike = spike
            return ()
        }
        _ = reader.object(AlertRuleID.levelShift.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled", "factor", "window_hours", "minimum_excess_usd"])
            var shift = settings.levelShift
            shift.enabled = rule.bool("enabled") ?? true
            shift.factor = rule.double("factor", in: 1.05...1_000) ?? shift.factor
            shift.windowHours = rule.integer("window_hours", in: 4...168).map(Int.init) ?? shift.windowHours
            shift.minimumExcess = rule.amount("minimum_excess_usd").map(Money.init(nanos:)) ?? shift.minimumExcess
            settings.levelShift = shift
            return ()
        }
        _ = reader.object(AlertRuleID.drift.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled", "window_days", "minimum_daily_growth", "minimum_rise", "minimum_excess_usd"])
            var drift = settings.drift
            drift.enabled = rule.bool("enabled") ?? true
            drift.windowDays = rule.integer("window_days", in: 7...28).map(Int.init) ?? drift.windowDays
            drift.minimumDailyGrowth = rule.double("minimum_daily_growth", in: 0.001...1) ?? drift.minimumDailyGrowth
            drift.minimumRise = rule.double("minimum_rise", in: 1.01...1_000) ?? drift.minimumRise
            drift.minimumExcess = rule.amount("minimum_excess_usd").map(Money.init(nanos:)) ?? drift.minimumExcess
            settings.drift = drift
            return ()
        }
        _ = reader.object(AlertRuleID.costPerRequest.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: [
                "enabled", "threshold_usd", "factor", "window_seconds", "minimum_requests", "minimum_requests_to_compare",
                "pending_seconds",
            ])
            var perRequest = settings.costPerRequest
            perRequest.enabled = rule.bool("enabled") ?? true
            perRequest.threshold = rule.amount("threshold_usd").map(Money.init(nanos:)) ?? perRequest.threshold
            perRequest.factor = rule.double("factor", in: 1.01...1_000) ?? perRequest.factor
            perRequest.windowSeconds = rule.integer("window_seconds", in: 60...604_800) ?? perRequest.windowSeconds
            perRequest.minimumRequests = rule.integer("minimum_requests", in: 1...1_000_000_000) ?? perRequest.minimumRequests
            perRequest.minimumRequestsToCompare =
                rule.integer("minimum_requests_to_compare", in: 1...1_000_000_000) ?? perRequest.minimumRequestsToCompare
            perRequest.pendingSeconds = rule.integer("pending_seconds", in: 0...604_800) ?? perRequest.pendingSeconds
            settings.costPerRequest = perRequest
            return ()
        }
        _ = reader.object(AlertRuleID.unpricedModel.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled", "window_seconds"])
            settings.unpricedModel = rule.bool("enabled") ?? true
            settings.unpricedWindowSeconds = rule.integer("window_seconds", in: 3_600...2_592_000) ?? settings.unpricedWindowSeconds
            return ()
        }
        _ = reader.object(AlertRuleID.categoryShare.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled"])
            settings.categoryShare = rule.bool("enabled") ?? true
            return ()
        }
        _ = reader.object(AlertRuleID.runawaySession.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: [
                "enabled", "live_window_seconds", "history_days", "minimum_history", "quantile", "factor", "minimum_cost_usd",
                "minimum_calls", "minimum_duration_seconds", "minimum_repeated_prompts",
            ])
            var runaway = settings.runawaySession
            runaway.enabled = rule.bool("enabled") ?? true
            runaway.liveWindowSeconds = rule.integer("live_window_seconds", in: 60...86_400) ?? runaway.liveWindowSeconds
            runaway.historyDays = rule.integer("history_days", in: 1...90).map(Int.init) ?? runaway.historyDays
            runaway.minimumHistory = rule.integer("minimum_history", in: 5...100_000).map(Int.init) ?? runaway.minimumHistory
            runaway.quantile = rule.double("quantile", in: 0.5...1) ?? runaway.quantile
            runaway.factor = rule.double("factor", in: 1...1_000) ?? runaway.factor
            runaway.minimumCost = rule.amount("minimum_cost_usd").map(Money.init(nanos:)) ?? runaway.minimumCost
            runaway.minimumCalls = rule.integer("minimum_calls", in: 1...1_000_000_000) ?? runaway.minimumCalls
            runaway.minimumDurationSeconds =
                rule.integer("minimum_duration_seconds", in: 1...31_536_000) ?? runaway.minimumDurationSeconds
            runaway.minimumRepeatedPrompts =
                rule.integer("minimum_repeated_prompts", in: 2...1_000_000_000) ?? runaway.minimumRepeatedPrompts
            settings.runawaySession = runaway
            return ()
        }
        for name in settings.dimensionSpike.dimensions
        where !["tenant", "feature", "team", "environment", "model", "provider", "user"].contains(name) {
            reader.report("dimension_spike.dimensions", "must name dimensions such as tenant or feature (got \(name))")
        }
        return settings
    }
}
