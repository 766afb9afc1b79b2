import BurnrateCore

/// A notification delivery as its table row holds it, shared by both backends.
struct DeliveryRecord {
    static let columns = [
        "id", "alert_id", "rule", "event", "channel", "kind", "attempt", "succeeded", "status_code", "error", "at", "duration_ms",
    ]
    static let columnList = columns.joined(separator: ", ")

    var id: String
    var alertID: String
    var rule: String
    var event: String
    var channel: String
    var kind: String
    var attempt: Int64
    var succeeded: Bool
    var statusCode: Int64?
    var error: String?
    var at: Int64
    var durationMilliseconds: Int64
}

extension DeliveryRecord {
    init(_ delivery: NotificationDelivery) {
        self.init(
            id: delivery.id, alertID: delivery.alertID, rule: delivery.rule, event: delivery.event.rawValue, channel: delivery.channel,
            kind: delivery.kind, attempt: Int64(delivery.attempt), succeeded: delivery.succeeded,
            statusCode: delivery.statusCode.map(Int64.init), error: delivery.error, at: delivery.at.microseconds,
            durationMilliseconds: delivery.durationMilliseconds)
    }

    /// The stored delivery; throws when its event is not one this version knows.
    var delivery: NotificationDelivery {
        get throws {
            NotificationDelivery(
                id: id, alertID: alertID, rule: rule,
                event: try ColumnCoding.decode(AlertNotification.Event.self, raw: event, column: "event", row: "delivery '\(id)'"),
                channel: channel, kind: kind, attempt: Int(attempt), succeeded: succeeded, statusCode: statusCode.map(Int.init),
                error: error, at: Timestamp(microseconds: at), durationMilliseconds: durationMilliseconds)
        }
    }
}
