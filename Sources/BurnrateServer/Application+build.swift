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
    buildApplication(services: AppServices(configuration: configuration, ledger: ledger, forwards: true), monitoring: monitoring)
}

/// The Burnrate HTTP application over `services` (built with `forwards: true` for a proxy that
/// forwards), running its long-lived services in the application's service group.
public func buildApplication(services: AppServices, monitoring: (any MonitoringSource)? = nil) -> some ApplicationProtocol {
    let configuration = services.configuration
    let serverName = "burnrate"
    var app = Application(
        router: buildRouter(services: services, monitoring: monitoring),
        server: .pinnedHTTP1(proxy: services.forwarder, serverName: serverName, admits: configuration.proxyAdmits),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        logger: services.logger
    )
    app.addServices(
        MaintenanceService(store: services.ledger.store, retentionMonths: configuration.retentionMonths, logger: services.logger),
        services.notifier,
        AlertService(
            evaluator: services.evaluator, store: services.ledger.store, interval: configuration.alertInterval, logger: services.logger),
        services.proxy.recorder, services.proxy)
    if configuration.opportunitiesRefresh != nil { app.addServices(services.opportunities) }
    return app
}

/// Routes and middleware over services of their own (see `buildRouter(services:monitoring:)`),
/// for tests that need a router without an application.
public func buildRouter(
    configuration: AppConfiguration, ledger: Ledger, monitoring: (any MonitoringSource)? = nil
) -> Router<BasicRequestContext> {
    buildRouter(services: AppServices(configuration: configuration, ledger: ledger), monitoring: monitoring)
}

/// Routes and middleware: request logging, problem+json errors, API keys, then the controllers,
/// and 405 with `Allow` for a served path asked with a method it does not serve.
/// Each router has a metrics registry of its own.
///
/// Without `monitoring`, `/metrics` reads budgets and alerts from the store. Without the
/// background refresh of `buildApplication` (`opportunitiesRefresh`), the Executive page computes
/// its savings opportunities when first shown.
public func buildRouter(services: AppServices, monitoring: (any MonitoringSource)? = nil) -> Router<BasicRequestContext> {
    let configuration = services.configuration
    let ledger = services.ledger
    let analytics = services.analytics
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
    let metrics = BurnrateMetrics(
        configuration: configuration.metrics, store: ledger.store, monitoring: monitoring ?? StoreMonitoring(budgets: services.budgets),
        proxy: services.proxy.metrics)
    MetricsController(metrics: metrics).addRoutes(to: router)
    TracesController(ledger: ledger, configuration: configuration, metrics: metrics.telemetry).addRoutes(to: router)
    let api = router.group("api/v1")
    EventsController(ledger: ledger, ingestMetrics: metrics.ingest).addRoutes(to: api)
    AnalyticsController(ledger: ledger, analytics: analytics).addRoutes(to: api)
    SessionsController(ledger: ledger, calendar: analytics.calendar).addRoutes(to: api)
    ForecastController(analytics: analytics).addRoutes(to: api)
    ChargebackController(analytics: analytics).addRoutes(to: api)
    FocusExportController(analytics: analytics).addRoutes(to: api)
    ReportsController(analytics: analytics).addRoutes(to: api)
    PricesController(ledger: ledger).addRoutes(to: api)
    RepriceController(ledger: ledger).addRoutes(to: api)
    CostsController(ledger: ledger, gpuRates: configuration.gpuRates).addRoutes(to: api)
    OutcomesController(ledger: ledger, analytics: analytics).addRoutes(to: api)
    EventExportController(ledger: ledger).addRoutes(to: api)
    ReconciliationController(service: services.reconciliation).addRoutes(to: api)
    BudgetsController(budgets: services.budgets).addRoutes(to: api)
    RoiController(ledger: ledger, analytics: analytics, baselines: configuration.savingsBaselines, roi: configuration.roi).addRoutes(
        to: api)
    SavingsController(ledger: ledger, analytics: analytics, baselines: configuration.savingsBaselines).addRoutes(to: api)
    RecommendationsController(ledger: ledger, analytics: analytics, configuration: configuration.recommendationSettings).addRoutes(to: api)
    SelfHostedController(analytics: analytics, deployments: configuration.deployments).addRoutes(to: api)
    AlertsController(evaluator: services.evaluator, settings: configuration.alertRules, interval: configuration.alertInterval)
        .addRoutes(to: api)
    ProxyController(forwarder: services.forwarder).addRoutes(to: router)
    services.forwarder.access.warnIfOpen(services.logger)
    WebController(services: services).addRoutes(to: router)
    // Last, so that it wraps only the not-found responder: a known path with another method is a 405.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}
