/// What one agent run (session) has done so far: the figures the runaway rule judges, for a
/// session still running as for one that has finished.
///
/// Produced by the store from the events that carry the session's id; every figure can come from
/// outside (a client's clock, a corrupt row), so the rule reads them defensively: a negative
/// count is none, a last call before the first is a run of no duration.
public struct SessionActivity: Sendable, Hashable {
    /// The session's id as the client sent it.
    public var sessionID: String
    /// The feature of the session's calls (nil: none); a session is judged against the earlier
    /// sessions of its feature.
    public var feature: String?
    /// The first call.
    public var start: Timestamp
    /// The latest call.
    public var lastCall: Timestamp
    /// The calls so far.
    public var calls: Int64
    /// What the calls cost so far, exact.
    public var cost: Money
    /// The most calls of this session that share one `prompt_hash` (0 or 1 when none repeat): an
    /// agent stuck sending the same prompt in a loop.
    public var repeatedPrompts: Int64

    public init(
        sessionID: String, feature: String?, start: Timestamp, lastCall: Timestamp, calls: Int64, cost: Money,
        repeatedPrompts: Int64
    ) {
        self.sessionID = sessionID
        self.feature = feature
        self.start = start
        self.lastCall = lastCall
        self.calls = calls
        self.cost = cost
        self.repeatedPrompts = repeatedPrompts
    }

    /// Whole seconds from the first call to the latest; zero when the latest is not after the
    /// first (clocks disagree), and never trapping on extreme timestamps.
    public var durationSeconds: Int64 {
        let micros = Int128(lastCall.microseconds) - Int128(start.microseconds)
        return Int64(clamping: max(0, micros) / 1_000_000)
    }
}
