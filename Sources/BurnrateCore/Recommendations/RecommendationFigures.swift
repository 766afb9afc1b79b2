/// What the recommendation rules read: a window's traffic per feature and model, how its prompts
/// repeat, how much of it went through a batch API, and the prices that bound each saving.
public struct RecommendationFigures: Sendable {
    /// The window the figures cover; savings are scaled from it to a month.
    public var window: Range<Timestamp>
    /// The recorded cost of the window's priced traffic.
    public var spend: Money
    /// Priced traffic per feature.
    public var features: [FeatureUsage]
    /// Priced traffic per feature and model.
    public var models: [ModelUsage]
    public var repetition: [PromptRepetition]
    public var batch: [BatchProfile]
    /// The cheaper model each model may be routed to (the config's routing map), as priced now.
    public var routes: [ModelRoute]
    /// Per `provider/model`: millionths off the input rate for a cache read; models without an
    /// entry have no cheaper cache reads.
    public var cacheReadDiscounts: [String: Int64]
    /// Per `provider/model`: millionths off for the batch API; models without an entry have none.
    public var batchDiscounts: [String: Int64]
    /// Features declared non-interactive (their results are not awaited by a person).
    public var nonInteractiveFeatures: Set<String>
    /// Self-hosted deployments with the tokens their events used in the window, priced or not.
    public var deployments: [(deployment: Deployment, tokens: Int64)] = []
    /// Per deployment id: on how many of the window's days it served traffic, and how much of it
    /// came from features declared non-interactive.
    public var deploymentActivity: [String: DeploymentActivity] = [:]

    public init(
        window: Range<Timestamp>, spend: Money, features: [FeatureUsage] = [], models: [ModelUsage] = [],
        repetition: [PromptRepetition] = [], batch: [BatchProfile] = [], routes: [ModelRoute] = [],
        cacheReadDiscounts: [String: Int64] = [:], batchDiscounts: [String: Int64] = [:], nonInteractiveFeatures: Set<String> = []
    ) {
        self.window = window
        self.spend = spend
        self.features = features
        self.models = models
        self.repetition = repetition
        self.batch = batch
        self.routes = routes
        self.cacheReadDiscounts = cacheReadDiscounts
        self.batchDiscounts = batchDiscounts
        self.nonInteractiveFeatures = nonInteractiveFeatures
    }

    /// Seconds in an average month (365.25 / 12 days).
    public static let monthSeconds: Int64 = 2_629_800

    /// `amount` over the window, scaled to a month.
    public func monthly(_ amount: Money) -> Money {
        let seconds = (window.upperBound.microseconds - window.lowerBound.microseconds) / 1_000_000
        return seconds > 0 ? amount.scaled(by: Self.monthSeconds, over: seconds) : .zero
    }
}

/// How steadily a deployment was used and how much of its traffic could wait.
public struct DeploymentActivity: Sendable, Hashable {
    /// Whole or partial UTC days of the window.
    public var days: Int
    /// Days on which it served at least one request.
    public var daysWithTraffic: Int
    /// Tokens of features declared non-interactive, whose work can be retried after an
    /// interruption.
    public var interruptibleTokens: Int64

    public init(days: Int, daysWithTraffic: Int, interruptibleTokens: Int64) {
        self.days = days
        self.daysWithTraffic = daysWithTraffic
        self.interruptibleTokens = interruptibleTokens
    }
}

/// A feature's priced traffic.
public struct FeatureUsage: Sendable, Hashable {
    public var feature: String?
    public var requests: Int64
    public var usage: TokenUsage
    public var cost: CostBreakdown

    public init(feature: String?, requests: Int64, usage: TokenUsage, cost: CostBreakdown) {
        self.feature = feature
        self.requests = requests
        self.usage = usage
        self.cost = cost
    }
}

/// A feature's priced traffic on one model.
public struct ModelUsage: Sendable, Hashable {
    public var feature: String?
    public var provider: String
    public var model: String
    public var requests: Int64
    public var usage: TokenUsage
    public var cost: Money

    public init(feature: String?, provider: String, model: String, requests: Int64, usage: TokenUsage, cost: Money) {
        self.feature = feature
        self.provider = provider
        self.model = model
        self.requests = requests
        self.usage = usage
        self.cost = cost
    }
}

/// A cheaper model the user accepts in place of another for small requests.
public struct ModelRoute: Sendable, Hashable {
    public var fromProvider: String
    public var fromModel: String
    /// The cheaper model's price.
    public var target: PriceEntry

    public init(fromProvider: String, fromModel: String, target: PriceEntry) {
        self.fromProvider = fromProvider
        self.fromModel = fromModel
        self.target = target
    }
}

/// The thresholds the rules use; the defaults are documented in `docs/savings.md`.
public struct RecommendationSettings: Sendable, Hashable {
    /// Below this monthly saving a finding is not worth a recommendation.
    public var minimumMonthlySavings = Money(dollars: 1)
    /// A feature needs at least this many requests (hashed requests for the caching rules) to
    /// say anything about it.
    public var minimumRequests: Int64 = 20
    /// Exact-match caching: the share of hashed requests that repeat an earlier prompt.
    public var minimumRepeatShare = 0.05
    /// Prompt caching: providers cache prompts from about 1,024 tokens.
    public var promptCacheMinimumInputTokens: Int64 = 1_024
    /// Prompt caching: fires while less than this share of the repeated input is read from cache.
    public var promptCacheMaximumReadShare = 0.5
    /// Model routing: a group's average request is small at or below these sizes.
    public var smallRequestInputTokens: Int64 = 1_000
    public var smallRequestOutputTokens: Int64 = 300
    /// Batch API: a feature already sending this share of its requests through a batch API shows
    /// it tolerates batch latency.
    public var batchObservedShare = 0.05
    /// Oversized prompts: average input this many times the median of the other features'.
    public var oversizedFactor = 3.0
    /// Oversized prompts: how many other features the median needs.
    public var minimumPeers = 3
    /// Self-hosted right-sizing: fires below this utilization of declared capacity...
    public var rightSizeBelowUtilization = 0.5
    /// ...and sizes the GPU count for this utilization.
    public var rightSizeTargetUtilization = 0.8
    /// Reserved capacity: a window of at least this many days...
    public var reservedMinimumDays = 14
    /// ...with traffic on at least this share of them shows a steady baseline.
    public var reservedMinimumActiveDayShare = 0.9
    /// Spot capacity: at least this share of a deployment's tokens comes from non-interactive
    /// features.
    public var spotMinimumInterruptibleShare = 0.8

    public init() {}
}
