import BurnrateCore
import BurnrateStore
import Foundation
import Logging

/// Evaluates every alert rule, moves the alerts through their lifecycle, stores them and hands
/// the notifications to `notify`. One evaluation at a time per process; across replicas the
/// background service runs it on one replica per interval, and the store refuses a second open
/// alert for the same condition.
public actor AlertEvaluator {
    let budgets: BudgetService
    let settings: AlertRuleSettings
    let notify: @Sendable ([AlertNotification]) -> Void
    let logger: Logger
    /// The runaway rule's baselines and when they were taken (see `runawaySessions(now:)`).
    var runawayBaselineCache: (takenAt: Timestamp, baselines: [String?: SessionBaseline])?

    var store: any LedgerStore { budgets.store }
    var analytics: CostAnalytics { budgets.analytics }
    var calendar: ReportingCalendar { budgets.calendar }

    /// An evaluator over `store`, judging calendar days and budget periods in `calendar`'s time
    /// zone and handing what people must be told to `notify` (which must not block).
    public init(
        store: any LedgerStore, calendar: ReportingCalendar, settings: AlertRuleSettings, logger: Logger,
        notify: @escaping @Sendable ([AlertNotification]) -> Void
    ) {
        self.init(
            budgets: BudgetService(store: store, analytics: CostAnalytics(store: store, calendar: calendar)), settings: settings,
            logger: logger, notify: notify)
    }

    init(budgets: BudgetService, settings: AlertRuleSettings, logger: Logger, notify: @escaping @Sendable ([AlertNotification]) -> Void) {
        self.budgets = budgets
        self.settings = settings
        self.logger = logger
        self.notify = notify
    }

    /// Runs every enabled rule at `now` and applies what they saw.
    @discardableResult
    public func evaluate(now: Timestamp = .now()) async throws -> AlertEvaluation {
        var observations: [AlertObservation] = []
        var evaluated: Set<String> = []
        var failures: [String: String] = [:]
        for rule in AlertRuleID.allCases where isEnabled(rule) {
            do {
                observations += try await observe(rule, now: now)
                evaluated.insert(rule.rawValue)
            } catch {
                failures[rule.rawValue] = "\(error)"
                logger.warning("Alert rule \(rule.rawValue) failed; its alerts stay as they are", metadata: ["error": "\(error)"])
            }
        }
        let outcome = AlertLifecycle.advance(
            open: try await store.openAlerts(), observations: observations, evaluatedRules: evaluated, now: now,
            newID: RandomID.make)
        try await store.saveAlerts(outcome.alerts)
        let notifications = BudgetAlertRules.collapse(outcome.notifications)
        if !notifications.isEmpty { notify(notifications) }
        return AlertEvaluation(
            at: now, evaluatedRules: evaluated.sorted(), failedRules: failures, observations: observations.count,
            changed: outcome.alerts, notifications: notifications)
    }

    func isEnabled(_ rule: AlertRuleID) -> Bool {
        switch rule {
        case .budgetThreshold: settings.budgetThreshold
        case .budgetForecast: settings.budgetForecast
        case .dailyAnomaly: settings.dailyAnomaly.enabled
        case .hourlySpike: settings.hourlySpike.enabled
        case .dimensionSpike: settings.dimensionSpike.enabled
        case .levelShift: settings.levelShift.enabled
        case .drift: settings.drift.enabled
        case .costPerRequest: settings.costPerRequest.enabled
        case .unpricedModel: settings.unpricedModel
        case .categoryShare: settings.categoryShare
        case .runawaySession: settings.runawaySession.enabled
        }
    }
}

/// What one evaluation did.
public struct AlertEvaluation: Sendable {
    public var at: Timestamp
    public var evaluatedRules: [String]
    /// Rules that could not be evaluated, with why; their alerts were left as they were.
    public var failedRules: [String: String]
    public var observations: Int
    /// The alerts opened, updated or resolved.
    public var changed: [Alert]
    public var notifications: [AlertNotification]
}
