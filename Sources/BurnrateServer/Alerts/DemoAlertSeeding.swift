import BurnrateCore
import BurnrateStore
import Logging

extension Ledger {
    /// Days of demo history the alert rules are replayed over: the runaway agent loop ten days
    /// back, with quiet days before and after it. Each replayed day costs about a third of a
    /// second (release build, 2 cores), so the demo replays two weeks rather than its whole history.
    public static let demoAlertDays: Int64 = 14

    /// Stores the alerts the rules with `settings` would have raised over the last
    /// `demoAlertDays` days up to `now`, evaluated hour by hour (`AlertReplay`), so that a first
    /// look at the demo shows alerts that fired and resolved.
    public func seedDemoAlerts(
        settings: AlertRuleSettings, calendar: ReportingCalendar, now: Timestamp = .now(), logger: Logger
    ) async throws -> [Alert] {
        try await AlertReplay.run(
            store: store, calendar: calendar, settings: settings, over: now.adding(seconds: -Self.demoAlertDays * 86_400)..<now,
            logger: logger)
    }
}
