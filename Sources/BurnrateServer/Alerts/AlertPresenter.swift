import BurnrateCore

/// Alerts, evaluations and delivery attempts as JSON.
enum AlertPresenter {
    static func json(_ alert: Alert, deliveries: [NotificationDelivery]? = nil) -> JSONValue {
        .fields([
            ("id", .string(alert.id)),
            ("rule", .string(alert.rule)),
            ("key", .string(alert.key)),
            ("state", .string(alert.state.rawValue)),
            ("severity", .string(alert.severity.rawValue)),
            ("summary", .string(alert.summary)),
            ("figures", AlertFigure.json(alert.figures)),
            ("labels", .fields(alert.labels.keys.sorted().map { ($0, .string(alert.labels[$0, default: ""])) })),
            ("link", .string(alert.link)),
            ("started_at", .string(alert.startedAt.rfc3339)),
            ("fired_at", alert.firedAt.map { .string($0.rfc3339) } ?? .null),
            ("last_seen_at", .string(alert.lastSeenAt.rfc3339)),
            ("resolved_at", alert.resolvedAt.map { .string($0.rfc3339) } ?? .null),
            ("acknowledged_at", alert.acknowledgedAt.map { .string($0.rfc3339) } ?? .null),
            ("acknowledged_by", alert.acknowledgedBy.map { .string($0) } ?? .null),
            (
                "history",
                .array(
                    alert.history.map { transition in
                        .fields([
                            ("event", .string(transition.event)), ("at", .string(transition.at.rfc3339)),
                            ("note", transition.note.map { .string($0) }),
                        ])
                    })
            ),
            ("deliveries", deliveries.map { .array($0.map(delivery)) }),
        ])
    }

    static func delivery(_ delivery: NotificationDelivery) -> JSONValue {
        .fields([
            ("id", .string(delivery.id)),
            ("alert_id", .string(delivery.alertID)),
            ("rule", .string(delivery.rule)),
            ("event", .string(delivery.event.rawValue)),
            ("channel", .string(delivery.channel)),
            ("kind", .string(delivery.kind)),
            ("attempt", .int(delivery.attempt)),
            ("succeeded", .bool(delivery.succeeded)),
            ("status_code", delivery.statusCode.map { .int($0) } ?? .null),
            ("error", delivery.error.map { .string($0) } ?? .null),
            ("at", .string(delivery.at.rfc3339)),
            ("duration_ms", .int(delivery.durationMilliseconds)),
        ])
    }

    static func evaluation(_ evaluation: AlertEvaluation) -> JSONValue {
        .fields([
            ("evaluated_at", .string(evaluation.at.rfc3339)),
            ("evaluated_rules", .array(evaluation.evaluatedRules.map { .string($0) })),
            ("failed_rules", .fields(evaluation.failedRules.keys.sorted().map { ($0, .string(evaluation.failedRules[$0, default: ""])) })),
            ("conditions_seen", .int(evaluation.observations)),
            ("changed", .array(evaluation.changed.map { json($0) })),
            (
                "notifications",
                .array(
                    evaluation.notifications.map { notification in
                        .fields([
                            ("event", .string(notification.event.rawValue)), ("alert_id", .string(notification.alert.id)),
                            ("summary", .string(notification.alert.summary)),
                        ])
                    })
            ),
        ])
    }
}
