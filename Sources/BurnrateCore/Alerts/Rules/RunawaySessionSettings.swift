/// When an agent run is a runaway: far above what its feature's runs usually do, or stuck on one
/// prompt (see `RunawaySession`).
public struct RunawaySessionSettings: Sendable, Hashable {
    public var enabled = true
    /// A session is live while its latest call is this recent; only live sessions are judged, so
    /// that an alert comes while the run can still be stopped.
    public var liveWindowSeconds: Int64 = 900
    /// The completed sessions a feature's usual is taken from: those of the last days.
    public var historyDays = 14
    /// Fewer completed sessions than this say too little about a feature: its runs are not judged.
    public var minimumHistory = 30
    /// What a feature's runs "usually" reach at most: this quantile of its completed sessions.
    /// A p99, not a p99.9: over a history of a hundred runs a p99.9 is the largest, which one
    /// earlier runaway sets.
    public var quantile = 0.99
    /// How many times the usual (the `quantile`) a run must exceed. Five, because agent features
    /// have 1 to 5% of big jobs and their p99 lies inside them, not above them (see docs/alerts.md).
    public var factor = 5.0
    /// How many robust standard deviations of the logarithm above the median a run must be: a
    /// second bound, for histories whose high quantile is itself a fluke of few sessions.
    public var deviations = 4.5
    /// The least spread assumed for the logarithm of a measure, so that a feature whose runs are
    /// all alike does not alert on a run slightly longer than the rest.
    public var minimumSpread = 0.25
    /// A session that has cost less is never a runaway: a cheap loop is not worth an alert.
    public var minimumCost = Money(dollars: 1)
    /// The fewest calls that can be too many.
    public var minimumCalls: Int64 = 50
    /// The shortest run that can be too long.
    public var minimumDurationSeconds: Int64 = 1_800
    /// The fewest calls sharing one prompt that can be a loop; ordinary runs retry a call or two.
    public var minimumRepeatedPrompts: Int64 = 10

    public init() {}
}
