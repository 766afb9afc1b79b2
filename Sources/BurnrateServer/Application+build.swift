import BurnrateCore
import BurnrateStore
import Hummingbird
import HummingbirdCore
import Logging

/// The Burnrate HTTP application, used alike by `burnrate serve` and the tests, with the
/// background services every replica runs: maintenance, alert evaluation and notification
/// delivery. `/metrics` reads budgets and alerts from `monitoring`, by default from the store.
public func buildApplication(
    configuration: AppConfiguration, ledger: Ledger, monitoring: (any MonitoringSource)? = nil
) -> some ApplicationProtocol {
    var logger = Logger(label: "burnrate")
    logger.logLevel = configuration.logLevel
    let store = ledger.store
    let notifier = NotificationService(
        settings: configuration.notifications, publicURL: configuration.resolvedPublicURL, logger: logger,
        record: { try await store.recordDeliveries($0) })
    let evaluator = AlertEvaluator(
        store: store, calendar: ReportingCalendar(timeZone: configuration.timeZone), settings: configuration.alertRules,
        logger: logger
    ) { notifier.enqueue($0) }
    let proxy = ProxyRuntime(settings: configuration.proxy, ledger: ledger, logger: logger, withClient: true)
    let forwarder = ProxyForwarder(configuration: configuration, ledger: ledger, runtime: proxy)
    let serverName = "burnrate"
    let opportunities = configuration.opportunitiesRefresh.map { interval in
        RefreshingValue.savingsOpportunities(
            ledger: ledger, analytics: CostAnalytics(configuration: configuration, ledger: ledger),
            settings: configuration.recommendationSettings, lifetime: interval)
    }
    var app = Application(
        router: makeRouter(
            configuration: configuration, ledger: ledger, evaluator: evaluator, monitoring: monitoring, proxy: forwarder,
            opportunities: opportunities),
        server: .pinnedHTTP1(proxy: forwarder, serverName: serverName, admits: configuration.proxyAdmits),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        logger: logger
    )
    app.addServices(
        MaintenanceService(store: ledger.store, retentionMonths: configuration.retentionMonths, logger: logger),
        notifier,
        AlertService(evaluator: evaluator, store: ledger.store, interval: configuration.alertInterval, logger: logger),
        proxy.recorder, proxy)
    if let opportunities { app.addServices(opportunities) }
    return app
}

/// Routes and middleware: request logging, problem+json errors, API keys, then the controllers,
/// and 405 with `Allow` for a served path asked with a method it does not serve.
/// Each router has a metrics registry of its own.
///
/// Without an `evaluator`, `POST /api/v1/alerts/evaluate` uses one that stores alerts but sends
/// no notifications; without `monitoring`, `/metrics` reads budgets and alerts from the store.
/// Without the background refresh of `buildApplication` (`opportunitiesRefresh`), the Executive
/// page computes its savings opportunities when first shown.
public func buildRouter(
    configuration: AppConfiguration, ledger: Ledger, evaluator: AlertEvaluator? = nil,
    monitoring: (any MonitoringSource)? = nil, proxy: ProxyRuntime? = nil
) -> Router<BasicRequestContext> {
    let proxy = proxy.map { ProxyForwarder(configuration: configuration, ledger: ledger, runtime: $0) }
    return makeRouter(
        configuration: configuration, ledger: ledger, evaluator: evaluator, monitoring: monitoring, proxy: proxy, opportunities: nil)
}

/// `buildRouter`, with the Executive page's opportunities kept ready by `opportunities`.
func makeRouter(
    configuration: AppConfiguration, ledger: Ledger, evaluator: AlertEvaluator?, monitoring: (any MonitoringSource)?,
    proxy: ProxyForwarder?, opportunities: RefreshingValue<RecommendationReport>?
) -> Router<BasicRequestContext> {
    let proxy =
        proxy
        ?? ProxyForwarder(
            configuration: configuration, ledger: ledger,
            runtime: ProxyRuntime(settings: configuration.proxy, ledger: ledger, logger: Logger(label: "burnrate"), withClient: false))
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: OffEventLoopMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ProblemMiddleware())
    if configuration.requiresAuthentication {
        router.add(
            middleware: APIKeyMiddleware(
                adminKeys: configuration.adminKeys, ingestKeys: configuration.ingestKeys, metricsKeys: configuration.metricsKeys))
    } else {
        router.add(middleware: BrowserGuardMiddleware(configuration: configuration))
    }
    HealthController(ledger: ledger).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    let analytics = CostAnalytics(configuration: configuration, ledger: ledger)
    let budgets = BudgetService(store: ledger.store, analytics: analytics)
    let metrics = BurnrateMetrics(
        configuration: configuration.metrics, store: ledger.store, monitoring: monitoring ?? StoreMonitoring(budgets: budgets),
        proxy: proxy.runtime.metrics)
    MetricsController(metrics: metrics).addRoutes(to: router)
    TracesController(ledger: ledger, configuration: configuration, metrics: metrics.telemetry).addRoutes(to: router)
    let api = router.group("api/v1")
    EventsController(ledger: ledger, ingestMetrics: metrics.ingest).addRoutes(to: api)
    AnalyticsController(ledger: ledger, analytics: analytics).addRoutes(to: api)
    ForecastController(analytics: analytics).addRoutes(to: api)
    ChargebackController(analytics: analytics).addRoutes(to: api)
    FocusExportController(analytics: analytics).addRoutes(to: api)
    ReportsController(analytics: analytics).addRoutes(to: api)
    PricesController(ledger: ledger).addRoutes(to: api)
    RepriceController(ledger: ledger).addRoutes(to: api)
    CostsController(ledger: ledger, gpuRates: configuration.gpuRates).addRoutes(to: api)
    EventExportController(ledger: ledger).addRoutes(to: api)
    ReconciliationController(service: ReconciliationService(ledger: ledger)).addRoutes(to: api)
    BudgetsController(budgets: budgets).addRoutes(to: api)
    RoiController(ledger: ledger, analytics: analytics, baselines: configuration.savingsBaselines, roi: configuration.roi).addRoutes(
        to: api)
    SavingsController(ledger: ledger, analytics: analytics, baselines: configuration.savingsBaselines).addRoutes(to: api)
    RecommendationsController(ledger: ledger, analytics: analytics, configuration: configuration.recommendationSettings).addRoutes(to: api)
    SelfHostedController(analytics: analytics, deployments: configuration.deployments).addRoutes(to: api)
    let evaluator =
        evaluator
        ?? AlertEvaluator(
            store: ledger.store, calendar: analytics.calendar, settings: configuration.alertRules, logger: Logger(label: "burnrate")
        ) { _ in }
    AlertsController(evaluator: evaluator, settings: configuration.alertRules, interval: configuration.alertInterval).addRoutes(to: api)
    ProxyController(forwarder: proxy).addRoutes(to: router)
    WebController(
        configuration: configuration, ledger: ledger, analytics: analytics, budgets: budgets, evaluator: evaluator,
        opportunities: opportunities
            ?? .savingsOpportunities(ledger: ledger, analytics: analytics, settings: configuration.recommendationSettings)
    ).addRoutes(to: router)
    // Last, so that it wraps only the not-found responder: a known path with another method is a 405.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

extension ProxyForwarder {
    /// The proxy of a server with `configuration` over `ledger`, enforcing its budgets.
    init(configuration: AppConfiguration, ledger: Ledger, runtime: ProxyRuntime) {
        let budgets = BudgetService(store: ledger.store, analytics: CostAnalytics(configuration: configuration, ledger: ledger))
        self.init(
            runtime: runtime, ledger: ledger,
            enforcer: BudgetEnforcer(budgets: budgets, refreshInterval: configuration.proxy.budgetRefresh, logger: runtime.logger),
            access: ProxyAccess(configuration: configuration))
        access.warnIfOpen(runtime.logger)
    }
}

extension CostAnalytics {
    /// The analytics of a server with `configuration` over `ledger`.
    init(configuration: AppConfiguration, ledger: Ledger) {
        self.init(
            store: ledger.store, calendar: ReportingCalendar(timeZone: configuration.timeZone), revenue: configuration.revenue,
            reconciliation: ReconciliationService(ledger: ledger))
    }
}
