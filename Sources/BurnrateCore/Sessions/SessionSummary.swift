/// One agent run or conversation as a whole: its calls' time span, sums and attribution.
public struct SessionSummary: Sendable, Hashable {
    public var id: String
    /// The first and the latest call.
    public var start: Timestamp
    public var end: Timestamp
    public var calls: Int64
    public var errorCalls: Int64
    /// Calls whose model had no price: the cost leaves them out, so it is a lower bound.
    public var unpricedCalls: Int64
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cost: Money
    /// The attribution of the run's first stored call.
    public var attribution: Attribution
    /// The models the run called, most calls first; filled for the sessions of a page.
    public var models: [String]

    public init(
        id: String, start: Timestamp, end: Timestamp, calls: Int64, errorCalls: Int64 = 0, unpricedCalls: Int64 = 0,
        inputTokens: Int64 = 0, outputTokens: Int64 = 0, cost: Money, attribution: Attribution = Attribution(), models: [String] = []
    ) {
        self.id = id
        self.start = start
        self.end = end
        self.calls = calls
        self.errorCalls = errorCalls
        self.unpricedCalls = unpricedCalls
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.attribution = attribution
        self.models = models
    }

    /// Seconds from the first call to the latest.
    public var durationSeconds: Double { Double(end.microseconds - start.microseconds) / 1_000_000 }
}

/// How a list of sessions is ordered; every order is descending.
public enum SessionOrder: String, Sendable, Hashable, CaseIterable {
    case cost, calls, duration, recent
}

/// What a run's steps cost across sessions: the calls made under one step name.
public struct StepCost: Sendable, Hashable {
    /// The step's name; `nil` for calls that named none.
    public var step: String?
    public var calls: Int64
    public var sessions: Int64
    public var cost: Money
    /// The costliest single call of the step.
    public var maximumCallCost: Money

    public init(step: String?, calls: Int64, sessions: Int64, cost: Money, maximumCallCost: Money) {
        self.step = step
        self.calls = calls
        self.sessions = sessions
        self.cost = cost
        self.maximumCallCost = maximumCallCost
    }

    /// The average cost of one of the step's calls, rounded down to the nano-dollar.
    public var costPerCall: Money { calls > 0 ? Money(nanos: cost.nanos / calls) : .zero }
}

/// The spread of session costs in one group (a feature, a period): nearest-rank percentiles,
/// so that each is the cost of an actual session.
public struct SessionCostDistribution: Sendable, Hashable {
    /// The feature, `nil` for sessions without one.
    public var feature: String?
    /// The start of the period (UTC), `nil` for the whole range.
    public var period: Timestamp?
    public var sessions: Int64
    public var totalCost: Money
    public var p50: Money
    public var p90: Money
    public var p99: Money
    public var maximum: Money

    public init(
        feature: String?, period: Timestamp?, sessions: Int64, totalCost: Money, p50: Money, p90: Money, p99: Money, maximum: Money
    ) {
        self.feature = feature
        self.period = period
        self.sessions = sessions
        self.totalCost = totalCost
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.maximum = maximum
    }

    /// The mean cost of a session, rounded down to the nano-dollar.
    public var mean: Money { sessions > 0 ? Money(nanos: totalCost.nanos / sessions) : .zero }

    /// The rank (1-based, in ascending cost) of the nearest-rank `percent` percentile of `count`
    /// sessions: the smallest rank with at least `percent`% of the sessions at or below it.
    public static func rank(percent: Int64, of count: Int64) -> Int64 {
        count <= 0 ? 0 : max(1, (percent * count + 99) / 100)
    }
}
