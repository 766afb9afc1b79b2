/// The built-in alert rules and their settings; every rule can be turned off.
public struct AlertRuleSettings: Sendable, Hashable {
    /// Budget thresholds (default 50%, 80%, 100% of each budget) crossed in the current period.
    public var budgetThreshold = true
    /// Projected period-end spend above each budget's forecast percentage (default 110%).
    public var budgetForecast = true
    public var dailyAnomaly = DailyAnomalySettings()
    public var hourlySpike = HourlySpikeSettings()
    public var dimensionSpike = DimensionSpikeSettings()
    public var costPerRequest = CostPerRequestSettings()
    /// Models seen without a price in the last `unpricedWindowSeconds`.
    public var unpricedModel = true
    public var unpricedWindowSeconds: Int64 = 86_400
    /// The category-share findings of the month so far (one category above 70% of spend, ...).
    public var categoryShare = true

    public init() {}
}

/// Identifiers of the built-in rules, as alerts and the API name them.
public enum AlertRuleID: String, Sendable, Hashable, CaseIterable {
    case budgetThreshold = "budget_threshold"
    case budgetForecast = "budget_forecast"
    case dailyAnomaly = "daily_anomaly"
    case hourlySpike = "hourly_spike"
    case dimensionSpike = "dimension_spike"
    case costPerRequest = "cost_per_request"
    case unpricedModel = "unpriced_model"
    case categoryShare = "category_share"
}

/// A day's cost against a baseline built from the same weekday in earlier weeks.
public struct DailyAnomalySettings: Sendable, Hashable {
    /// How a day is judged unusual.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// Standard deviations above the weekday-adjusted level.
        case zScore = "zscore"
        /// A multiple of the weekday-adjusted expected cost.
        case ratio
    }

    public var enabled = true
    public var method = Method.zScore
    public var zScoreThreshold = 3.0
    public var ratioThreshold = 2.0
    /// Days of history the baseline is built from.
    public var lookbackDays = 28
    /// No alert before the ledger has this many complete days of history.
    public var minimumHistoryDays = 7
    /// The least excess over the expected cost worth an alert, so quiet ledgers stay quiet.
    public var minimumExcess = Money(dollars: 10)

    public init() {}
}

/// The last complete hour against the hourly average of the 24 hours before it.
public struct HourlySpikeSettings: Sendable, Hashable {
    public var enabled = true
    /// How many times its expected cost an hour must reach (see `SeasonalSpike`).
    public var factor = 2.5
    public var minimumExcess = Money(dollars: 1)

    public init() {}
}

/// One tenant's or feature's day against its own average of the days before.
public struct DimensionSpikeSettings: Sendable, Hashable {
    public var enabled = true
    /// The dimensions watched: `tenant`, `feature`, `team`, ...
    public var dimensions = ["tenant", "feature"]
    public var factor = 2.5
    public var trailingDays = 7
    public var minimumExcess = Money(dollars: 5)

    public init() {}
}

/// The average cost of a request over a recent window above a limit.
public struct CostPerRequestSettings: Sendable, Hashable {
    public var enabled = true
    public var threshold = Money(nanos: 100_000_000)
    public var windowSeconds: Int64 = 3_600
    /// Fewer requests than this in the window say too little to judge.
    public var minimumRequests: Int64 = 10
    /// How long the average must stay above the limit before the alert fires.
    public var pendingSeconds: Int64 = 900

    public init() {}
}
