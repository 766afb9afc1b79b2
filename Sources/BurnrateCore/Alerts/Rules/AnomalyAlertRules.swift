/// The anomaly rules: an unusual day, a spike in the last hour, one tenant's or feature's day
/// far above its own average.
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
            summary:
                "Hourly spend spiked at \(label): \(Figures.usd(spike.actual)) in the hour against \(Figures.usd(spike.baseline)) expected, \(spike.baselineDescription(weekday: weekday)) (\(Figures.formatted(spike.ratio, decimals: 1))x; an alert above \(Figures.usd(spike.upperBound))).",
            figures: [
                .text("hour", label), .usd("cost_usd", spike.actual), .usd("expected_usd", spike.baseline),
                .usd("alert_above_usd", spike.upperBound), .ratio("ratio", spike.ratio), .ratio("factor", settings.factor),
                .text("compared_with", spike.baselineDescription(weekday: weekday)),
            ],
            labels: ["hour": label],
            link: AlertLink.view("breakdown", from: hour.lowerBound, to: hour.upperBound, extra: [("by", "tenant,feature")]))
    }

    /// One tenant's (or feature's, ...) day when it is a spike against its own trailing average.
    public static func dimensionSpike(
        dimension: String, value: String, day: Range<Timestamp>, label: String, complete: Bool, spike: Spike,
        settings: DimensionSpikeSettings
    ) -> AlertObservation? {
        guard spike.isSpike else { return nil }
        return AlertObservation(
            rule: AlertRuleID.dimensionSpike.rawValue, key: "\(dimension)/\(value)", severity: .warning,
            summary:
                "\(dimension.capitalizedFirst) '\(value)' spent \(Figures.usd(spike.actual)) on \(label)\(complete ? "" : " so far"), \(Figures.formatted(spike.ratio, decimals: 1))x its \(settings.trailingDays)-day average of \(Figures.usd(spike.baseline)) (threshold \(Figures.formatted(settings.factor, decimals: 1))x).",
            figures: [
                .text("dimension", dimension), .text("value", value), .text("day", label), .usd("cost_usd", spike.actual),
                .usd("trailing_average_usd", spike.baseline), .ratio("ratio", spike.ratio), .ratio("factor", settings.factor),
            ],
            labels: [dimension: value, "day": label],
            link: AlertLink.view(
                "breakdown", filters: [(dimension, value)], from: day.lowerBound, to: day.upperBound, extra: [("by", "model")]))
    }
}

extension String {
    /// The string with its first letter upper-cased: `tenant` → `Tenant`.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
