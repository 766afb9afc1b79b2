/// The built-in alert rules and their settings; every rule can be turned off.
public struct AlertRuleSettings: Sendable, Hashable {
    /// Budget thresholds (default 50%, 80%, 100% of each budget) crossed in the current period.
    public var budgetThreshold = true
    /// Projected period-end spend above each budget's forecast percentage (default 110%).
    public var budgetForecast = true
    public var dailyAnomaly = DailyAnomalySettings()
    public var hourlySpike = HourlySpikeSettings()
    public var dimensionSpike = DimensionSpikeSettings()
    public var levelShift = LevelShiftSettings()
    public var drift = DriftSettings()
    public var costPerRequest = CostPerRequestSettings()
    /// Models seen without a price in the last `unpricedWindowSeconds`.
    public var unpricedModel = true
    public var unpricedWindowSeconds: Int64 = 86_400
    /// The category-share findings of the month so far (one category above 70% of spend, ...).
    public var categoryShare = true
    /// Agent runs far beyond their feature's usual runs, while they run (see `RunawaySession`).
    public var runawaySession = RunawaySessionSettings()

    public init() {}
}

/// Identifiers of the built-in rules, as alerts and the API name them.
public enum AlertRuleID: String, Sendable, Hashable, CaseIterable {
    case budgetThreshold = "budget_threshold"
    case budgetForecast = "budget_forecast"
    case dailyAnomaly = "daily_anomaly"
    case hourlySpike = "hourly_spike"
    case dimensionSpike = "dimension_spike"
    case levelShift = "level_shift"
    case drift
    case costPerRequest = "cost_per_request"
    case unpricedModel = "unpriced_model"
    case categoryShare = "category_share"
    case runawaySession = "runaway_session"
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

/// The last complete hour against the same hour of earlier weeks (see `SeasonalSpike`).
public struct HourlySpikeSettings: Sendable, Hashable {
    public var enabled = true
    /// How many times its expected cost an hour must reach (see `SeasonalSpike`).
    public var factor = 2.5
    public var minimumExcess = Money(dollars: 1)

    public init() {}
}

/// One tenant's or feature's last complete hour against the same hour of its own earlier weeks,
/// judged as `hourly_spike` judges the total (see `SeasonalSpike`).
public struct DimensionSpikeSettings: Sendable, Hashable {
    public var enabled = true
    /// The dimensions watched: `tenant`, `feature`, `team`, ...
    public var dimensions = ["tenant", "feature"]
    public var factor = 2.5
    /// The least excess over the expected hour worth an alert, so small tenants stay quiet.
    public var minimumExcess = Money(dollars: 5)

    public init() {}
}

/// The average cost of a request over a recent window against the same window of earlier weeks,
/// or above a fixed ceiling.
public struct CostPerRequestSettings: Sendable, Hashable {
    public var enabled = true
    /// The ceiling: above it a request costs too much whatever it cost before.
    public var threshold = Money(nanos: 100_000_000)
    /// How many times the median of the same window on the last weeks is too much: a price
    /// change or traffic moved to a dearer model.
    public var factor = 1.3
    public var windowSeconds: Int64 = 3_600
    /// Fewer requests than this in the window say too little to judge.
    public var minimumRequests: Int64 = 10
    /// Fewer requests than this in a window (now or a week before) make its average too noisy to
    /// compare week with week: requests of a mixed workload vary by one to two times their mean,
    /// so it takes a few hundred to pin the average within a tenth.
    public var minimumRequestsToCompare: Int64 = 250
    /// How long the average must stay above the limit before the alert fires.
    public var pendingSeconds: Int64 = 900

    public init() {}
}

/// Hourly cost at a new level against the week before (see `LevelShift`).
public struct LevelShiftSettings: Sendable, Hashable {
    public var enabled = true
    /// How many times the week before's level the last hours must sit at.
    public var factor = 1.3
    /// The hours whose level is judged: a day, so that a runaway loop of a few hours, however
    /// loud, cannot make three quarters of them.
    public var windowHours = 24
    /// The least extra cost per day worth an alert.
    public var minimumExcess = Money(dollars: 10)

    public init() {}
}

/// Cost growing a little every day against its seasonal baseline (see `CostDrift`).
public struct DriftSettings: Sendable, Hashable {
    public var enabled = true
    /// Days the growth is measured over.
    public var windowDays = 14
    /// The least growth per day, as a fraction (0.01 is 1% a day).
    public var minimumDailyGrowth = 0.01
    /// How far above the baseline the growth must have taken the cost: 1.25 is 25%.
    public var minimumRise = 1.25
    /// The least extra cost over the last day worth an alert.
    public var minimumExcess = Money(dollars: 10)

    public init() {}
}
