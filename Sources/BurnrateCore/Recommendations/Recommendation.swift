/// One thing to change, with what it would save a month and the numbers that show it.
public struct Recommendation: Sendable, Hashable {
    /// Stable across runs for the same finding: `rule/feature[/provider/model]`.
    public var id: String
    public var rule: RecommendationRule
    public var title: String
    /// What to do, in a sentence or two.
    public var action: String
    /// The estimated saving of a 30.44-day month at the window's traffic.
    public var monthlySavings: Money
    public var effort: Level
    public var risk: Level
    /// The figures the estimate is computed from.
    public var evidence: [Evidence]
    /// Recommendations with the same key save on the same traffic and are alternatives: the total
    /// potential saving counts only the largest of them.
    public var overlapKey: String

    public init(
        id: String, rule: RecommendationRule, title: String, action: String, monthlySavings: Money, effort: Level, risk: Level,
        evidence: [Evidence], overlapKey: String
    ) {
        self.id = id
        self.rule = rule
        self.title = title
        self.action = action
        self.monthlySavings = monthlySavings
        self.effort = effort
        self.risk = risk
        self.evidence = evidence
        self.overlapKey = overlapKey
    }

    /// How hard or how risky a change is.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        case low, medium, high
    }
}

/// The rules that produce recommendations.
public enum RecommendationRule: String, Sendable, Hashable, CaseIterable {
    case exactMatchCache = "exact_match_cache"
    case promptCaching = "prompt_caching"
    case modelRouting = "model_routing"
    case batchAPI = "batch_api"
    case oversizedPrompts = "oversized_prompts"
    case selfHostedRightSize = "self_hosted_right_size"
    case selfHostedReserved = "self_hosted_reserved"
    case selfHostedSpot = "self_hosted_spot"
}

/// One named figure behind a recommendation.
public struct Evidence: Sendable, Hashable {
    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// A count, a ratio, an amount of money or a name.
    public enum Value: Sendable, Hashable {
        case count(Int64)
        case ratio(Double)
        case money(Money)
        case text(String)
    }
}

/// The recommendations of a window, ranked, with the total they could save.
public struct RecommendationReport: Sendable, Hashable {
    /// Largest monthly saving first.
    public var recommendations: [Recommendation]
    /// The sum of the recommendations' savings, counting only the largest of each overlap key.
    public var totalMonthlySavings: Money
    /// The window's recorded token spend scaled to a month, plus the self-hosted deployments'
    /// fixed cost of a month (730 hours).
    public var monthlySpend: Money

    public init(recommendations: [Recommendation], totalMonthlySavings: Money, monthlySpend: Money) {
        self.recommendations = recommendations
        self.totalMonthlySavings = totalMonthlySavings
        self.monthlySpend = monthlySpend
    }

    /// The total potential saving as a percentage of monthly spend; `nil` without spend.
    public var savingsShare: Double? {
        monthlySpend.nanos > 0 ? Double(totalMonthlySavings.nanos) * 100 / Double(monthlySpend.nanos) : nil
    }
}
