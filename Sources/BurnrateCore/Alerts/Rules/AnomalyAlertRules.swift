/// The anomaly rules: an unusual day, a spike in the last hour (in total or for one tenant or
/// feature), a new level, a slow drift.
public enum AnomalyAlertRules {
    /// A day judged against its weekday baseline: the last complete day or the day so far.
    public struct JudgedDay: Sendable, Hashable {
        public var label: String
        public var range: Range<Timestamp>
        public var complete: Bool
        public var anomaly: DailyAnomaly

        public init(label: String, range: Range<Timestamp>, complete: Bool, anomaly: DailyAnomaly) {
            self.label = label
            self.range = range
            self.complete = complete
            self.anomaly = anomaly
        }
    }

    /// One observation while any of `days` is unusual: the alert stays open from the day the cost
    /// became unusual until a day after it, and names the most unusual day.
    public static func dailyAnomaly(_ days: [JudgedDay], settings: DailyAnomalySettings) -> AlertObservation? {
        guard let day = days.filter(\.anomaly.isAnomaly).max(by: { $0.anomaly.zScore < $1.anomaly.zScore }) else { return nil }
        let anomaly = day.anomaly
        let measure =
            settings.method == .zScore
            ? "z-score \(Figures.formatted(anomaly.zScore, decimals: 1)) (threshold \(Figures.formatted(settings.zScoreThreshold, decimals: 1)))"
            : "\(Figures.formatted(anomaly.ratio, decimals: 1))x the expected cost (threshold \(Figures.formatted(settings.ratioThreshold, decimals: 1))x)"
        return AlertObservation(
            rule: AlertRuleID.dailyAnomaly.rawValue, key: "total", severity: .warning,
            summary:
                "Unusual daily spend on \(day.label)\(day.complete ? "" : " (so far)"): \(Figures.usd(anomaly.actual)) against \(Figures.usd(anomaly.expected)) expected for that weekday, \(measure).",
            figures: [
                .text("day", day.label), .usd("cost_usd", anomaly.actual), .usd("expected_usd", anomaly.expected),
                .ratio("z_score", anomaly.zScore), .ratio("ratio", anomaly.ratio), .count("history_days", Int64(anomaly.historyDays)),
                .text("method", settings.method.rawValue),
            ],
            labels: ["day": day.label],
            link: AlertLink.view("breakdown", from: day.range.lowerBound, to: day.range.upperBound, extra: [("by", "feature")]))
    }

    /// The last complete hour when it is a spike against the same hour of earlier weeks;
    /// `weekday` names the hour's day ("Thursday") for the comparison's wording.
    public static func hourlySpike(
        hour: Range<Timestamp>, label: String, weekday: String, spike: SeasonalSpike, settings: HourlySpikeSettings
    )
        -> AlertObservation?
    {
        guard spike.isSpike else { return nil }
        return AlertObservation(
            rule: AlertRuleID.hourlySpike.rawValue, key: "total", severity: .warning,
            summary: "Hourly spend spiked at \(label): \(comparison(spike, weekday: weekday)).",
            figures: [.text("hour", label)] + figures(spike, weekday: weekday, factor: settings.factor),
            labels: ["hour": label],
            link: AlertLink.view("breakdown", from: hour.lowerBound, to: hour.upperBound, extra: [("by", "tenant,feature")]))
    }

    /// One tenant's (or feature's, ...) last complete hour when it is a spike against the same
    /// hour of its own earlier weeks.
    public static func dimensionSpike(
        dimension: String, value: String, hour: Range<Timestamp>, label: String, weekday: String, spike: SeasonalSpike,
        settings: DimensionSpikeSettings
    ) -> AlertObservation? {
        guard spike.isSpike else { return nil }
        return AlertObservation(
            rule: AlertRuleID.dimensionSpike.rawValue, key: "\(dimension)/\(value)", severity: .warning,
            summary: "\(dimension.capitalizedFirst) '\(value)' spiked at \(label): \(comparison(spike, weekday: weekday)).",
            figures: [.text("dimension", dimension), .text("value", value), .text("hour", label)]
                + figures(spike, weekday: weekday, factor: settings.factor),
            labels: [dimension: value, "hour": label],
            link: AlertLink.view(
                "breakdown", filters: [(dimension, value)], from: hour.lowerBound, to: hour.upperBound, extra: [("by", "model")]))
    }

    /// "$28.10 in the hour against $2.40 expected, the median of ... (11.7x; an alert above $6.00)";
    /// without the multiple when nothing was expected, as no number says how many times zero.
    static func comparison(_ spike: SeasonalSpike, weekday: String) -> String {
        let multiple = spike.ratio.isFinite ? "\(Figures.formatted(spike.ratio, decimals: 1))x; " : ""
        return
            "\(Figures.usd(spike.actual)) in the hour against \(Figures.usd(spike.baseline)) expected, \(spike.baselineDescription(weekday: weekday)) (\(multiple)an alert above \(Figures.usd(spike.upperBound)))"
    }

    /// The figures of a seasonal spike, shared by the total's and each dimension's alert; the
    /// ratio only when it is finite (an hour that cost something where nothing was expected).
    static func figures(_ spike: SeasonalSpike, weekday: String, factor: Double) -> [AlertFigure] {
        [.usd("cost_usd", spike.actual), .usd("expected_usd", spike.baseline), .usd("alert_above_usd", spike.upperBound)]
            + (spike.ratio.isFinite ? [.ratio("ratio", spike.ratio)] : [])
            + [.ratio("factor", factor), .text("compared_with", spike.baselineDescription(weekday: weekday))]
    }

    /// Hourly cost at a new level since `since` (the label of the shift's first hour), open while
    /// the level holds against the week before.
    public static func levelShift(
        _ shift: LevelShift, since: String, range: Range<Timestamp>, settings: LevelShiftSettings
    ) -> AlertObservation? {
        guard shift.isShift else { return nil }
        let cause =
            switch shift.cause {
            case .traffic:
                "Requests rose with it (\(Figures.formatted(shift.requestRatio ?? shift.ratio, decimals: 1))x): more traffic."
            case .costPerRequest:
                "Requests held (\(Figures.formatted(shift.requestRatio ?? 1, decimals: 1))x), so each request costs more: a price change or a dearer model."
            }
        return AlertObservation(
            rule: AlertRuleID.levelShift.rawValue, key: "total", severity: .warning,
            summary:
                "Hourly spend has run at \(Figures.formatted(shift.ratio, decimals: 1))x its usual level since \(since), against each hour's median on the same hour of earlier weeks: \(Figures.usd(shift.actual)) over the last \(settings.windowHours) hours where the week before's level gives \(Figures.usd(shift.expected)), \(Figures.usd(shift.excessPerDay)) more a day. \(cause)",
            figures: [
                .text("since", since), .ratio("ratio", shift.ratio), .ratio("request_ratio", shift.requestRatio ?? 0),
                .text("cause", shift.cause.rawValue), .usd("cost_usd", shift.actual), .usd("expected_usd", shift.expected),
                .usd("excess_per_day_usd", shift.excessPerDay), .ratio("factor", settings.factor),
            ],
            labels: ["cause": shift.cause.rawValue],
            link: AlertLink.view("breakdown", from: range.lowerBound, to: range.upperBound, extra: [("by", "feature,model")]))
    }

    /// Daily cost growing steadily against its seasonal baseline over the last days of `range`.
    public static func drift(_ drift: CostDrift, range: Range<Timestamp>, settings: DriftSettings) -> AlertObservation? {
        guard drift.isDrift else { return nil }
        return AlertObservation(
            rule: AlertRuleID.drift.rawValue, key: "total", severity: .warning,
            summary:
                "Spend is drifting up: \(Figures.formatted(drift.dailyGrowth * 100, decimals: 1))% a day over the last \(drift.days) days against the same hours of earlier weeks, and the last day cost \(Figures.usd(drift.actual)) against \(Figures.usd(drift.expected)) usual (\(Figures.formatted(drift.ratio, decimals: 2))x). No hour stands out; look for prompts or contexts that grow, or traffic moving to a dearer model.",
            figures: [
                .ratio("daily_growth", drift.dailyGrowth), .ratio("ratio", drift.ratio), .usd("cost_usd", drift.actual),
                .usd("expected_usd", drift.expected), .count("days", Int64(drift.days)),
                .ratio("minimum_daily_growth", settings.minimumDailyGrowth),
            ],
            link: AlertLink.view("breakdown", from: range.lowerBound, to: range.upperBound, extra: [("by", "feature,model")]))
    }
}

extension String {
    /// The string with its first letter upper-cased: `tenant` → `Tenant`.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
