/// What people are told when an alert starts firing or resolves: one notification per change,
/// never one per evaluation.
public struct AlertNotification: Sendable, Hashable {
    /// The change being announced.
    public enum Event: String, Sendable, Hashable, CaseIterable, Codable {
        case firing, resolved
    }

    public var event: Event
    /// The alert as it was right after the change.
    public var alert: Alert

    public init(event: Event, alert: Alert) {
        self.event = event
        self.alert = alert
    }
}
