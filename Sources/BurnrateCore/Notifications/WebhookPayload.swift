/// The body of the generic JSON webhook: one notification per request, in a documented shape
/// that does not change within a `version`.
///
/// ```json
/// {
///   "version": "1",
///   "event": "firing",
///   "alert": {
///     "id": "alert-1", "rule": "budget_threshold", "key": "budget_threshold/acme-monthly/80",
///     "state": "firing", "severity": "warning",
///     "summary": "Budget 'Acme monthly' reached 80%: $812.40 of $1,000.00",
///     "figures": {"spent_usd": "812.400000000", "threshold_percent": 80},
///     "labels": {"budget": "acme-monthly", "tenant": "acme"},
///     "link": "https://burnrate.example.com/api/v1/summary?tenant=acme",
///     "started_at": "2026-11-23T09:30:00Z", "fired_at": "2026-11-23T09:30:00Z", "resolved_at": null
///   },
///   "sent_at": "2026-11-23T09:30:01Z"
/// }
/// ```
///
/// A receiver deduplicates by `alert.id` and `event`: each alert fires at most once and resolves
/// at most once, and a retried delivery repeats the same body. Money figures are decimal strings
/// (exact), other numbers are JSON numbers, text figures are strings; `labels` are sorted by key;
/// times are RFC 3339 in UTC, `null` when not reached.
public enum WebhookPayload {
    /// The version of this shape; it changes only when a field changes meaning or goes away.
    public static let version = "1"

    /// The body for `notification`, with the alert's link made absolute against `baseURL`.
    public static func json(for notification: AlertNotification, baseURL: String, sentAt: Timestamp) -> JSONValue {
        .fields([
            ("version", .string(version)),
            ("event", .string(notification.event.rawValue)),
            ("alert", alert(notification.alert, baseURL: baseURL)),
            ("sent_at", .string(sentAt.rfc3339)),
        ])
    }

    static func alert(_ alert: Alert, baseURL: String) -> JSONValue {
        .fields([
            ("id", .string(alert.id)),
            ("rule", .string(alert.rule)),
            ("key", .string(alert.key)),
            ("state", .string(alert.state.rawValue)),
            ("severity", .string(alert.severity.rawValue)),
            ("summary", .string(alert.summary)),
            ("figures", AlertFigure.json(alert.figures)),
            ("labels", .fields(alert.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("link", .string(AlertLink.absolute(alert.link, base: baseURL))),
            ("started_at", .string(alert.startedAt.rfc3339)),
            ("fired_at", time(alert.firedAt)),
            ("resolved_at", time(alert.resolvedAt)),
        ])
    }

    static func time(_ timestamp: Timestamp?) -> JSONValue {
        timestamp.map { .string($0.rfc3339) } ?? .null
    }
}
