import BurnrateCore
import BurnrateStore
import Logging

/// Runs the alert rules at past instants as the background service would have run them then, so
/// that a ledger given its history at once (the demo) also holds the alerts that history raised:
/// each opened, fired and resolved at the hour an evaluation saw it, by the same rules and
/// settings as the live evaluator. Nobody is notified: these alerts are history, not news.
public enum AlertReplay {
    /// Evaluates every enabled rule at each whole hour of `range` (in `calendar`'s time zone),
    /// oldest first, storing the alerts as `AlertEvaluator` does. A store that already holds alerts
    /// is left alone, so that a replay never writes history before alerts that exist.
    ///
    /// - Returns: the alerts the replay stored, each as the replay left it, by start time.
    public static func run(
        store: any LedgerStore, calendar: ReportingCalendar, settings: AlertRuleSettings, over range: Range<Timestamp>,
        logger: Logger
    ) async throws -> [Alert] {
        guard try await store.alerts(state: nil, rule: nil, before: nil, limit: 1).isEmpty else { return [] }
        let evaluator = AlertEvaluator(store: ReplayStore(store), calendar: calendar, settings: settings, logger: logger) { _ in }
        var latest: [String: Alert] = [:]
        var hour = calendar.start(of: .hour, containing: range.lowerBound)
        if hour < range.lowerBound { hour = hour.adding(seconds: 3_600) }
        while hour < range.upperBound {
            for alert in try await evaluator.evaluate(now: hour).changed { latest[alert.id] = alert }
            hour = hour.adding(seconds: 3_600)
            // The replay store answers from memory without suspending: without a yield, the
            // replay's seconds of rule arithmetic would hold a thread of the cooperative pool.
            await Task.yield()
        }
        return latest.values.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    }
}
