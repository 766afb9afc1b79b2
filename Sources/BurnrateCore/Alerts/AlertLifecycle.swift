/// Turns what the rules saw into alert states and notifications, the same way on every replica:
/// a new condition opens an alert (pending, or firing at once when its rule does not wait), a
/// pending alert fires once its condition has held long enough, and an open alert whose rule was
/// evaluated without seeing it resolves. People are told when an alert fires and when a firing
/// alert resolves: once per crossing, never once per evaluation.
public enum AlertLifecycle {
    /// The alerts that changed and what to tell people.
    public struct Outcome: Sendable, Hashable {
        /// Every alert created or updated, to be stored.
        public var alerts: [Alert]
        public var notifications: [AlertNotification]
    }

    /// Applies one evaluation.
    ///
    /// - Parameters:
    ///   - open: the pending and firing alerts before this evaluation.
    ///   - observations: what the rules saw, at most one per `(rule, key)`.
    ///   - evaluatedRules: the rules that ran to completion; open alerts of other rules (a rule
    ///     that failed or is turned off this time) are left as they are.
    ///   - newID: makes the id of a new alert.
    public static func advance(
        open: [Alert], observations: [AlertObservation], evaluatedRules: Set<String>, now: Timestamp,
        newID: () -> String
    ) -> Outcome {
        var byKey: [String: Alert] = [:]
        for alert in open where alert.isOpen { byKey[alert.rule + "\u{0}" + alert.key] = alert }
        var outcome = Outcome(alerts: [], notifications: [])
        var seen: Set<String> = []
        for observation in observations {
            let identity = observation.rule + "\u{0}" + observation.key
            guard seen.insert(identity).inserted else { continue }
            var alert =
                byKey[identity]
                ?? Alert(
                    id: newID(), rule: observation.rule, key: observation.key, state: .pending, severity: observation.severity,
                    summary: observation.summary, link: observation.link, startedAt: now,
                    history: [AlertTransition(event: AlertState.pending.rawValue, at: now)])
            alert.severity = observation.severity
            alert.summary = observation.summary
            alert.figures = observation.figures
            alert.labels = observation.labels
            alert.link = observation.link
            alert.lastSeenAt = now
            if alert.state == .pending, now.microseconds - alert.startedAt.microseconds >= observation.pendingSeconds * 1_000_000 {
                alert.state = .firing
                alert.firedAt = now
                alert.history.append(AlertTransition(event: AlertState.firing.rawValue, at: now))
                outcome.notifications.append(AlertNotification(event: .firing, alert: alert))
            }
            outcome.alerts.append(alert)
        }
        for (identity, alert) in byKey.sorted(by: { $0.key < $1.key })
        where !seen.contains(identity) && evaluatedRules.contains(alert.rule) {
            var resolved = alert
            let wasFiring = resolved.state == .firing
            resolved.state = .resolved
            resolved.resolvedAt = now
            resolved.history.append(
                AlertTransition(event: AlertState.resolved.rawValue, at: now, note: wasFiring ? nil : "cleared before firing"))
            outcome.alerts.append(resolved)
            if wasFiring { outcome.notifications.append(AlertNotification(event: .resolved, alert: resolved)) }
        }
        return outcome
    }

    /// Records that someone has seen the alert; it changes nothing else, and acknowledging twice
    /// keeps the first acknowledgement.
    public static func acknowledge(_ alert: Alert, by who: String?, now: Timestamp) -> Alert {
        guard alert.acknowledgedAt == nil else { return alert }
        var acknowledged = alert
        acknowledged.acknowledgedAt = now
        acknowledged.acknowledgedBy = who
        acknowledged.history.append(AlertTransition(event: "acknowledged", at: now, note: who))
        return acknowledged
    }
}
