/// One attempt to deliver a notification to a channel, kept so that failures can be shown.
public struct NotificationDelivery: Sendable, Hashable {
    public var id: String
    public var alertID: String
    /// The alert's rule, so the list of deliveries reads without looking the alert up.
    public var rule: String
    public var event: AlertNotification.Event
    /// The channel's name as configured (`ops-webhook`, `slack`, `log`).
    public var channel: String
    /// `webhook`, `slack` or `log`.
    public var kind: String
    /// 1 for the first try, counting up with each retry.
    public var attempt: Int
    public var succeeded: Bool
    /// The HTTP status the receiver answered, when it answered.
    public var statusCode: Int?
    /// Why it failed, in words: "HTTP 500", "connection refused", "timed out after 5 s".
    public var error: String?
    public var at: Timestamp
    public var durationMilliseconds: Int64

    public init(
        id: String, alertID: String, rule: String, event: AlertNotification.Event, channel: String, kind: String,
        attempt: Int, succeeded: Bool, statusCode: Int? = nil, error: String? = nil, at: Timestamp,
        durationMilliseconds: Int64
    ) {
        self.id = id
        self.alertID = alertID
        self.rule = rule
        self.event = event
        self.channel = channel
        self.kind = kind
        self.attempt = attempt
        self.succeeded = succeeded
        self.statusCode = statusCode
        self.error = error
        self.at = at
        self.durationMilliseconds = durationMilliseconds
    }
}
