import BurnrateCore

/// An alert as its table row holds it, shared by both backends: instants in microseconds, enums
/// as their raw values, figures, labels and history as JSON.
struct AlertRecord {
    static let columns = [
        "id", "rule", "key", "state", "severity", "summary", "figures", "labels", "link", "started_at", "fired_at", "last_seen_at",
        "resolved_at", "acknowledged_at", "acknowledged_by", "history",
    ]
    static let columnList = columns.joined(separator: ", ")
    /// The assignments of an upsert that replaces every column but the id.
    static let replacements = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    var id: String
    var rule: String
    var key: String
    var state: String
    var severity: String
    var summary: String
    var figures: String
    var labels: String
    var link: String
    var startedAt: Int64
    var firedAt: Int64?
    var lastSeenAt: Int64
    var resolvedAt: Int64?
    var acknowledgedAt: Int64?
    var acknowledgedBy: String?
    var history: String
}

extension AlertRecord {
    init(_ alert: Alert) throws {
        self.init(
            id: alert.id, rule: alert.rule, key: alert.key, state: alert.state.rawValue, severity: alert.severity.rawValue,
            summary: alert.summary, figures: try ColumnCoding.json(alert.figures), labels: try ColumnCoding.json(alert.labels),
            link: alert.link, startedAt: alert.startedAt.microseconds, firedAt: alert.firedAt?.microseconds,
            lastSeenAt: alert.lastSeenAt.microseconds, resolvedAt: alert.resolvedAt?.microseconds,
            acknowledgedAt: alert.acknowledgedAt?.microseconds, acknowledgedBy: alert.acknowledgedBy,
            history: try ColumnCoding.json(alert.history))
    }

    /// The stored alert; throws when a column holds what this version does not write.
    var alert: Alert {
        get throws {
            let row = "alert '\(id)'"
            return Alert(
                id: id, rule: rule, key: key, state: try ColumnCoding.decode(AlertState.self, raw: state, column: "state", row: row),
                severity: try ColumnCoding.decode(AlertSeverity.self, raw: severity, column: "severity", row: row),
                summary: summary, figures: try ColumnCoding.decode([AlertFigure].self, json: figures, column: "figures", row: row),
                labels: try ColumnCoding.decode([String: String].self, json: labels, column: "labels", row: row), link: link,
                startedAt: Timestamp(microseconds: startedAt), firedAt: firedAt.map(Timestamp.init(microseconds:)),
                lastSeenAt: Timestamp(microseconds: lastSeenAt), resolvedAt: resolvedAt.map(Timestamp.init(microseconds:)),
                acknowledgedAt: acknowledgedAt.map(Timestamp.init(microseconds:)), acknowledgedBy: acknowledgedBy,
                history: try ColumnCoding.decode([AlertTransition].self, json: history, column: "history", row: row))
        }
    }

    /// Why saving `alert` failed on the unique index of open alerts.
    static func duplicateOpenAlert(_ alert: Alert) -> StoreError {
        StoreError(
            message:
                "Alert '\(alert.id)' cannot be saved \(alert.state.rawValue): another open alert of rule '\(alert.rule)' has key '\(alert.key)'."
        )
    }

    /// The batch as `saveAlerts` writes it: the last of each id, resolved alerts first, so that a
    /// batch that resolves an alert and opens its successor with the same rule and key never has
    /// both open at once.
    static func writeOrder(_ alerts: [Alert]) -> [Alert] {
        var last: [String: Int] = [:]
        for (index, alert) in alerts.enumerated() { last[alert.id] = index }
        let kept = alerts.enumerated().filter { last[$0.element.id] == $0.offset }.map(\.element)
        return kept.filter { !$0.isOpen } + kept.filter(\.isOpen)
    }
}
