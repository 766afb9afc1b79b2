import BurnrateCore
import BurnrateStore

extension AlertEvaluator {
    /// What `rule` sees at `now`.
    func observe(_ rule: AlertRuleID, now: Timestamp) async throws -> [AlertObservation] {
        switch rule {
        case .budgetThreshold, .budgetForecast:
            var ruleSettings = settings
            ruleSettings.budgetThreshold = rule == .budgetThreshold
            ruleSettings.budgetForecast = rule == .budgetForecast
            return BudgetAlertRules.observations(try await budgets.statuses(now: now), settings: ruleSettings, calendar: calendar)
        case .dailyAnomaly: return try await dailyAnomaly(now: now).map { [$0] } ?? []
        case .hourlySpike: return try await hourlySpike(now: now).map { [$0] } ?? []
        case .dimensionSpike: return try await dimensionSpikes(now: now)
        case .levelShift: return try await levelShift(now: now).map { [$0] } ?? []
        case .drift: return try await drift(now: now).map { [$0] } ?? []
        case .costPerRequest: return try await costPerRequest(now: now).map { [$0] } ?? []
        case .unpricedModel: return try await unpricedModels(now: now)
        case .categoryShare: return try await categoryShare(now: now)
        case .runawaySession: return try await runawaySessions(now: now)
        }
    }

    /// The local days from `count` days before today up to now, today (partial) last.
    func recentDays(
        _ count: Int, now: Timestamp, by keys: [GroupKey] = []
    ) async throws -> (
        periods: [Range<Timestamp>], groups: [[String?]: [UsageTotals]]
    ) {
        var start = calendar.start(of: .day, containing: now)
        for _ in 0..<count { start = calendar.start(of: .day, containing: start.adding(seconds: -1)) }
        return try await analytics.periods(AnalyticsScope(range: start..<now, filter: EventFilter()), interval: .day, by: keys)
    }

    /// Yesterday and today so far, each against the weekday baseline of the days before it.
    func dailyAnomaly(now: Timestamp) async throws -> AlertObservation? {
        let rule = settings.dailyAnomaly
        let (periods, groups) = try await recentDays(rule.lookbackDays + 1, now: now)
        let totals = groups[[]] ?? Array(repeating: UsageTotals(), count: periods.count)
        let days = zip(periods, totals).map { period, totals in
            DayCost(start: period.lowerBound, weekday: calendar.weekday(of: period.lowerBound), cost: totals.cost.total)
        }
        var judged: [AnomalyAlertRules.JudgedDay] = []
        for index in [days.count - 2, days.count - 1] where index >= 0 {
            let day = days[index]
            guard
                let anomaly = DailyAnomaly.evaluate(
                    actual: day.cost, weekday: day.weekday, history: Array(days[..<index]), settings: rule)
            else { continue }
            judged.append(
                AnomalyAlertRules.JudgedDay(
                    label: calendar.label(.day, start: day.start), range: periods[index], complete: index < days.count - 1,
                    anomaly: anomaly))
        }
        return AnomalyAlertRules.dailyAnomaly(judged, settings: rule)
    }

    /// The last complete hour against the same hour of the weeks before it (see `SeasonalSpike`).
    func hourlySpike(now: Timestamp) async throws -> AlertObservation? {
        let currentHour = calendar.start(of: .hour, containing: now)
        let series = try await HourlySpikeSeries.load(
            AnalyticsScope(range: currentHour.adding(seconds: -3_600)..<currentHour, filter: EventFilter()), analytics: analytics,
            settings: settings.hourlySpike)
        guard let hour = series.periods.last, let spike = series.judgements.last ?? nil else { return nil }
        return AnomalyAlertRules.hourlySpike(
            hour: hour, label: calendar.label(.hour, start: hour.lowerBound), weekday: calendar.weekdayName(of: hour.lowerBound),
            spike: spike, settings: settings.hourlySpike)
    }

    /// The `count` complete hours before the current one, oldest first, with their totals per
    /// group of `keys`.
    func recentHours(
        _ count: Int, now: Timestamp, by keys: [GroupKey] = []
    ) async throws -> (
        periods: [Range<Timestamp>], groups: [[String?]: [UsageTotals]]
    ) {
        let currentHour = calendar.start(of: .hour, containing: now)
        return try await analytics.periods(
            AnalyticsScope(range: currentHour.adding(seconds: -Int64(count) * 3_600)..<currentHour, filter: EventFilter()),
            interval: .hour, by: keys)
    }

    /// Every value of the watched dimensions whose last complete hour is a spike against the same
    /// hour of its own earlier weeks (see `SeasonalSpike`).
    func dimensionSpikes(now: Timestamp) async throws -> [AlertObservation] {
        let rule = settings.dimensionSpike
        var observations: [AlertObservation] = []
        for name in rule.dimensions {
            guard let dimension = Dimension(rawValue: name) else { continue }
            let (periods, groups) = try await recentHours(HourlySpikeSeries.historyHours + 1, now: now, by: [.dimension(dimension)])
            guard let hour = periods.last else { continue }
            for (keys, totals) in groups.sorted(by: { ($0.key.first ?? nil) ?? "" < ($1.key.first ?? nil) ?? "" }) {
                guard let value = keys.first ?? nil else { continue }
                let costs = totals.map(\.cost.total)
                guard
                    let spike = SeasonalSpike.evaluate(costs, at: costs.count - 1, factor: rule.factor, minimumExcess: rule.minimumExcess),
                    let observation = AnomalyAlertRules.dimensionSpike(
                        dimension: name, value: value, hour: hour, label: calendar.label(.hour, start: hour.lowerBound),
                        weekday: calendar.weekdayName(of: hour.lowerBound), spike: spike, settings: rule)
                else { continue }
                observations.append(observation)
            }
        }
        return observations
    }

    /// Hourly cost at a new level against the week before (see `LevelShift`).
    func levelShift(now: Timestamp) async throws -> AlertObservation? {
        let rule = settings.levelShift
        let (periods, groups) = try await recentHours((SeasonalSpike.weeks + 1) * 168 + rule.windowHours, now: now)
        let totals = groups[[]] ?? Array(repeating: UsageTotals(), count: periods.count)
        guard
            let shift = LevelShift.evaluate(
                costs: totals.map(\.cost.total), requests: totals.map(\.requests), at: periods.count - 1, settings: rule),
            let last = periods.last
        else { return nil }
        return AnomalyAlertRules.levelShift(
            shift, since: calendar.label(.hour, start: periods[shift.start].lowerBound),
            range: periods[max(shift.start - 24, 0)].lowerBound..<last.upperBound, settings: rule)
    }

    /// Daily cost growing steadily against its seasonal baseline (see `CostDrift`).
    func drift(now: Timestamp) async throws -> AlertObservation? {
        let rule = settings.drift
        let (periods, groups) = try await recentHours(SeasonalSpike.weeks * 168 + rule.windowDays * 24, now: now)
        let costs = (groups[[]] ?? Array(repeating: UsageTotals(), count: periods.count)).map(\.cost.total)
        guard let drift = CostDrift.evaluate(costs, at: costs.count - 1, settings: rule), let last = periods.last else { return nil }
        let first = periods[max(0, periods.count - rule.windowDays * 24)]
        return AnomalyAlertRules.drift(drift, range: first.lowerBound..<last.upperBound, settings: rule)
    }

    /// The average cost of the requests in the last window, against the same window on earlier weeks.
    func costPerRequest(now: Timestamp) async throws -> AlertObservation? {
        let rule = settings.costPerRequest
        let window = now.adding(seconds: -rule.windowSeconds)..<now
        func usage(weeksBack: Int64) async throws -> UsageAlertRules.WindowUsage {
            let shift = -weeksBack * 7 * 86_400
            let totals = try await store.aggregate(
                EventFilter(from: window.lowerBound.adding(seconds: shift), to: window.upperBound.adding(seconds: shift)), by: []
            ).reduce(UsageTotals()) { $0 + $1.totals }
            return UsageAlertRules.WindowUsage(cost: totals.cost.total, requests: totals.requests - totals.unpricedRequests)
        }
        var earlier: [UsageAlertRules.WindowUsage] = []
        for weeksBack in 1...Int64(SeasonalSpike.weeks) { earlier.append(try await usage(weeksBack: weeksBack)) }
        return UsageAlertRules.costPerRequest(
            try await usage(weeksBack: 0), earlier: earlier, window: window, weekday: calendar.weekdayName(of: window.lowerBound),
            settings: rule)
    }

    /// Models used without a price in the last window.
    func unpricedModels(now: Timestamp) async throws -> [AlertObservation] {
        let window = now.adding(seconds: -settings.unpricedWindowSeconds)..<now
        let summary = try await store.summary(EventFilter(from: window.lowerBound, to: window.upperBound))
        return UsageAlertRules.unpricedModels(
            summary.unpricedModels.map {
                UsageAlertRules.UnpricedUse(
                    provider: $0.provider, model: $0.model, requests: $0.requests, tokens: $0.inputTokens + $0.outputTokens)
            }
                + summary.partiallyPricedModels.map {
                    UsageAlertRules.UnpricedUse(
                        provider: $0.provider, model: $0.model, requests: $0.requests, tokens: 0, unbilled: $0.unbilled.names)
                }, window: window)
    }

    /// The category-share findings of the month so far.
    func categoryShare(now: Timestamp) async throws -> [AlertObservation] {
        let month = calendar.start(of: .month, containing: now)
        guard month < now else { return [] }
        let figures = try await analytics.period(AnalyticsScope(range: month..<now, filter: EventFilter()))
        return UsageAlertRules.categoryShare(FindingRules.categoryConcentration(figures.categoryCosts), range: month..<now)
    }
}
