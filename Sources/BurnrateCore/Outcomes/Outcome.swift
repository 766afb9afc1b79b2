/// A business result recorded against an agent session: a ticket resolved, a lead qualified, a
/// document drafted, and whether it succeeded.
///
/// Set against what the session's LLM requests cost, outcomes answer what a successful result
/// costs (`OutcomeEconomics`). The feature is not part of an outcome: it is the feature of the
/// session's events.
public struct Outcome: Sendable, Hashable {
    /// The idempotency key: an id already stored is never stored again.
    public var id: String
    /// The agent session the outcome belongs to, as its events name it.
    public var sessionID: String
    /// What kind of result it is, e.g. `ticket_resolved`.
    public var type: String
    public var success: Bool
    /// What the result is worth to the business, when the client says.
    public var value: Money?
    /// When the result happened; the time it arrived when the client did not say.
    public var timestamp: Timestamp

    public init(id: String, sessionID: String, type: String, success: Bool, value: Money? = nil, timestamp: Timestamp) {
        self.id = id
        self.sessionID = sessionID
        self.type = type
        self.success = success
        self.value = value
        self.timestamp = timestamp
    }

    /// Whether `other` records the same result: the same session, type, success and value.
    ///
    /// The timestamp is left out: a client that does not send one gets the time of arrival, and
    /// its retry, arriving later, must still be recognised as the same outcome.
    public func recordsSameResult(as other: Outcome) -> Bool {
        sessionID == other.sessionID && type == other.type && success == other.success && value == other.value
    }
}
