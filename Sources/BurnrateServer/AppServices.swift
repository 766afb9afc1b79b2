import BurnrateCore
import BurnrateStore
import Logging

/// The services one Burnrate application shares, built once from its configuration and its
/// ledger: the HTTP API, the dashboard, the background services and the command line all use
/// these instances, so that every path answers the same question with the same figures and logs
/// at the configured level.
///
/// Building it starts nothing: `buildApplication` runs the long-lived ones (`notifier`, `proxy`,
/// `opportunities`) as services; a router built without an application leaves them idle, so the
/// alerts it evaluates are stored but their notifications are never sent.
public struct AppServices: Sendable {
    /// The settings the services were built with; the router reads its own settings here too.
    public let configuration: AppConfiguration
    /// Events and prices in, priced and stored.
    public let ledger: Ledger
    /// The logger of every service, at `configuration.logLevel`.
    let logger: Logger
    /// Imported provider bills compared with the ledger.
    public let reconciliation: ReconciliationService
    /// The figures behind the analytics endpoints, the dashboard and the reports.
    public let analytics: CostAnalytics
    /// Budgets, their rules and where they stand.
    let budgets: BudgetService
    /// Delivers alert notifications; it sends only while it runs as a service.
    let notifier: NotificationService
    /// Evaluates the alert rules and hands what people must be told to `notifier`.
    let evaluator: AlertEvaluator
    /// The proxy's upstream client, recorder and metrics.
    let proxy: ProxyRuntime
    /// Forwards proxied requests, enforcing the budgets of `budgets`.
    let forwarder: ProxyForwarder
    /// The Executive page's savings opportunities, kept ready when run as a service.
    let opportunities: RefreshingValue<RecommendationReport>

    /// The services of an application with `configuration` over `ledger`.
    ///
    /// - Parameter forwards: whether the proxy gets an upstream client; without one (a router
    ///   built for tests, the command line) the proxy routes answer 503.
    public init(configuration: AppConfiguration, ledger: Ledger, forwards: Bool = false) {
        self.configuration = configuration
        self.ledger = ledger
        var logger = Logger(label: "burnrate")
        logger.logLevel = configuration.logLevel
        self.logger = logger
        let store = ledger.store
        let calendar = ReportingCalendar(timeZone: configuration.timeZone)
        reconciliation = ReconciliationService(ledger: ledger)
        analytics = CostAnalytics(store: store, calendar: calendar, revenue: configuration.revenue, reconciliation: reconciliation)
        budgets = BudgetService(store: store, analytics: analytics)
        let notifier = NotificationService(
            settings: configuration.notifications, publicURL: configuration.resolvedPublicURL, logger: logger,
            record: { try await store.recordDeliveries($0) })
        self.notifier = notifier
        evaluator = AlertEvaluator(budgets: budgets, settings: configuration.alertRules, logger: logger) { notifier.enqueue($0) }
        proxy = ProxyRuntime(settings: configuration.proxy, ledger: ledger, logger: logger, withClient: forwards)
        forwarder = ProxyForwarder(
            runtime: proxy, ledger: ledger,
            enforcer: BudgetEnforcer(budgets: budgets, refreshInterval: configuration.proxy.budgetRefresh, logger: logger),
            access: ProxyAccess(configuration: configuration))
        opportunities = .savingsOpportunities(
            ledger: ledger, analytics: analytics, settings: configuration.recommendationSettings,
            lifetime: configuration.opportunitiesRefresh ?? .seconds(900))
    }

    /// The reporting calendar of `configuration.timeZone`.
    public var calendar: ReportingCalendar { analytics.calendar }
}
