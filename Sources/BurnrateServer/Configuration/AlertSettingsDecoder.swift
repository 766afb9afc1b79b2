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
            rule.rejectUnknownKeys(allowed: ["enabled", "dimensions", "factor", "trailing_days", "minimum_excess_usd"])
            var spike = settings.dimensionSpike
            spike.enabled = rule.bool("enabled") ?? true
            spike.dimensions = rule.strings("dimensions") ?? spike.dimensions
            spike.factor = rule.double("factor", in: 1...1_000) ?? spike.factor
            spike.trailingDays = rule.integer("trailing_days", in: 1...90).map(Int.init) ?? spike.trailingDays
            spike.minimumExcess = rule.amount("minimum_excess_usd").map(Money.init(nanos:)) ?? spike.minimumExcess
            settings.dimensionSpike = spike
            return ()
        }
        _ = reader.object(AlertRuleID.costPerRequest.rawValue) { rule in
            rule.rejectUnknownKeys(allowed: ["enabled", "threshold_usd", "window_seconds", "minimum_requests", "pending_seconds"])
            var perRequest = settings.costPerRequest
            perRequest.enabled = rule.bool("enabled") ?? true
            perRequest.threshold = rule.amount("threshold_usd").map(Money.init(nanos:)) ?? perRequest.threshold
            perRequest.windowSeconds = rule.integer("window_seconds", in: 60...604_800) ?? perRequest.windowSeconds
            perRequest.minimumRequests = rule.integer("minimum_requests", in: 1...1_000_000_000) ?? perRequest.minimumRequests
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
        for name in settings.dimensionSpike.dimensions
        where !["tenant", "feature", "team", "environment", "model", "provider", "user"].contains(name) {
            reader.report("dimension_spike.dimensions", "must name dimensions such as tenant or feature (got \(name))")
        }
        return settings
    }
}
