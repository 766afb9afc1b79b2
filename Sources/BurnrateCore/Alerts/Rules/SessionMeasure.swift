/// A figure of a session that can be far above its feature's usual.
public enum SessionMeasure: String, Sendable, Hashable, CaseIterable {
    /// What the session has cost, in nano-dollars.
    case cost
    /// The calls it has made.
    case calls
    /// Seconds from its first call to its latest.
    case duration
    /// The most of its calls that share one prompt.
    case repeatedPrompts = "repeated_prompts"

    /// The session's figure in this measure's unit, never negative.
    public func value(of session: SessionActivity) -> Int64 {
        switch self {
        case .cost: max(0, session.cost.nanos)
        case .calls: max(0, session.calls)
        case .duration: session.durationSeconds
        case .repeatedPrompts: max(0, session.repeatedPrompts)
        }
    }

    /// The least threshold this measure can have, whatever the history.
    func floor(_ settings: RunawaySessionSettings) -> Int64 {
        switch self {
        case .cost: max(0, settings.minimumCost.nanos)
        case .calls: settings.minimumCalls
        case .duration: settings.minimumDurationSeconds
        case .repeatedPrompts: settings.minimumRepeatedPrompts
        }
    }
}
