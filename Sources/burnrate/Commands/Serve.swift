import ArgumentParser
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import Hummingbird
import Logging

/// `burnrate serve`: the JSON API, optionally seeded with demo history.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the Burnrate API.")

    @OptionGroup var ledgerOptions: LedgerOptions

    @OptionGroup var reportingOptions: ReportingOptions

    @OptionGroup var notificationOptions: NotificationOptions

    @OptionGroup var metricsOptions: MetricsOptions

    @Option(help: "Address to listen on (env BURNRATE_HOST). Without an API key only loopback is allowed.")
    var host: String?

    @Option(help: "Port to listen on (env BURNRATE_PORT).")
    var port: Int?

    @Option(name: .customLong("api-key"), help: "An admin API key; repeat for several (env BURNRATE_API_KEY, comma-separated).")
    var apiKeys: [String] = []

    @Option(
        name: .customLong("ingest-key"),
        help: "A key that may only send events and OTLP traces; repeat for several (env BURNRATE_INGEST_KEY).")
    var ingestKeys: [String] = []

    @Option(
        name: .customLong("viewer-key"),
        help: "A key that may sign in to the dashboard to read it, not change it; repeat for several (env BURNRATE_VIEWER_KEY).")
    var viewerKeys: [String] = []

    @Option(
        name: .customLong("metrics-key"),
        help: "A key that may only scrape GET /metrics, for Prometheus; repeat for several (env BURNRATE_METRICS_KEY).")
    var metricsKeys: [String] = []

    @Option(
        name: .customLong("allowed-host"),
        help:
            "Without keys: a host name browsers may reach Burnrate by besides loopback, e.g. a reverse proxy's; repeat for several (env BURNRATE_ALLOWED_HOSTS)."
    )
    var allowedHosts: [String] = []

    @Flag(help: "Seed an empty database with demo history before serving.")
    var demo = false

    @Option(help: "Days of demo history to seed with --demo.")
    var demoDays = 180

    @Option(
        help:
            "Months of events to keep besides the current one; older months are deleted (env BURNRATE_RETENTION_MONTHS). Default: keep all."
    )
    var retentionMonths: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error (env BURNRATE_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "A GPU rates file replacing built-in rates of the same GPU and cloud (env BURNRATE_GPU_RATES).")
    var gpuRates: String?

    @Option(help: "A YAML config file: settings, budgets, alert rules, notification channels (env BURNRATE_CONFIG).")
    var config: String?

    @Option(help: "Seconds between evaluations of the alert rules (env BURNRATE_ALERT_INTERVAL). Default: 60.")
    var alertInterval: Int?

    @Option(help: "Base URL the proxy's OpenAI routes forward to (env BURNRATE_OPENAI_BASE_URL). Default: https://api.openai.com/v1.")
    var openaiBaseUrl: String?

    @Option(help: "Base URL /v1/messages forwards to (env BURNRATE_ANTHROPIC_BASE_URL). Default: https://api.anthropic.com.")
    var anthropicBaseUrl: String?

    func run() async throws {
        LoggingSystem.bootstrap { DeferredMetadataLogHandler(label: $0) }
        let file = try configFile()
        var configuration = try resolvedConfiguration(file: file)
        var ledgerOptions = ledgerOptions
        if ledgerOptions.database == nil, Environment.value("BURNRATE_DATABASE_URL") == nil, Environment.value("BURNRATE_DATABASE") == nil {
            ledgerOptions.database = file?.database
        }
        try await ledgerOptions.withLedger { ledger in
            if demo {
                let existing = try await ledger.store.summary(.init()).requests
                let calendar = ReportingCalendar(timeZone: configuration.timeZone)
                if existing == 0 {
                    try await DemoSeeder.seed(ledger, days: demoDays, seed: 42, calendar: calendar, alertRules: configuration.alertRules)
                } else {
                    print("The database already holds \(existing) events; not adding demo data.")
                }
                if file?.roi == nil,
                    let investment = try await ledger.demoInvestment(calendar: calendar, baselines: configuration.savingsBaselines)
                {
                    configuration.roi = investment
                    print(
                        "ROI is measured against the demo's investment: \(Figures.usd(investment.investment)) once and \(Figures.usd(investment.recurringCost)) a month (the config file's roi section replaces it)."
                    )
                }
            }
            let budgets = try await ConfigBudgets.sync(configuration.configBudgets, store: ledger.store)
            if !budgets.saved.isEmpty || !budgets.removed.isEmpty {
                print("Budgets from the config file: \(budgets.saved.count) saved, \(budgets.removed.count) removed.")
            }
            for id in budgets.replaced {
                print("Budget '\(id)' is declared in the config file, which now manages it in place of the API.")
            }
            let app = buildApplication(configuration: configuration, ledger: ledger)
            print("Burnrate is serving \(ledgerOptions.databaseDescription) on http://\(configuration.host):\(configuration.port)")
            if !configuration.requiresAuthentication {
                print("No API key is set: the API runs without authentication and listens on \(configuration.host) only.")
            }
            fflush(nil)
            try await app.runService()
        }
    }

    /// The config file named by `--config` or `BURNRATE_CONFIG`, if any.
    func configFile() throws -> ConfigFile? {
        guard let path = config ?? Environment.value("BURNRATE_CONFIG") else { return nil }
        do {
            return try ConfigFile.load(path: path)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func resolvedConfiguration(file: ConfigFile? = nil) throws -> AppConfiguration {
        let levelName = logLevel ?? Environment.value("BURNRATE_LOG_LEVEL") ?? file?.logLevel ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ValidationError("Unknown log level '\(levelName)'.")
        }
        let portText = Environment.value("BURNRATE_PORT")
        guard let resolvedPort = port ?? (portText.map { Int($0) } ?? file?.port ?? 8080), (0...65_535).contains(resolvedPort) else {
            throw ValidationError(
                "The port (--port, BURNRATE_PORT or the config file's port) must be a number from 0 to 65535 (got \(port.map(String.init) ?? portText ?? file?.port.map(String.init) ?? ""))."
            )
        }
        let retentionText = Environment.value("BURNRATE_RETENTION_MONTHS")
        let retention = retentionMonths ?? retentionText.flatMap { Int($0) } ?? file?.retentionMonths
        if let retention, retention < 0 {
            throw ValidationError("--retention-months must be 0 or more (got \(retention)).")
        }
        if retentionMonths == nil, let retentionText, Int(retentionText) == nil {
            throw ValidationError("BURNRATE_RETENTION_MONTHS must be a number of months (got \(retentionText)).")
        }
        let intervalText = Environment.value("BURNRATE_ALERT_INTERVAL")
        guard let interval = alertInterval ?? (intervalText.map { Int($0) } ?? file?.alertIntervalSeconds ?? 60),
            (1...86_400).contains(interval)
        else {
            throw ValidationError(
                "--alert-interval (or BURNRATE_ALERT_INTERVAL) must be a number of seconds from 1 to 86400 (got \(alertInterval.map(String.init) ?? intervalText ?? ""))."
            )
        }
        var configuration = AppConfiguration(
            host: host ?? Environment.value("BURNRATE_HOST") ?? file?.host ?? "127.0.0.1",
            port: resolvedPort,
            adminKeys: apiKeys + Environment.keys("BURNRATE_API_KEY"),
            ingestKeys: ingestKeys + Environment.keys("BURNRATE_INGEST_KEY"),
            logLevel: level,
            retentionMonths: retention,
            gpuRates: try GPURatesFile.table(path: gpuRates ?? Environment.value("BURNRATE_GPU_RATES")),
            timeZone: try reportingOptions.timeZone(fileDefault: file?.timezone),
            revenue: try reportingOptions.revenue(),
            notifications: try notificationOptions.settings(file: file),
            publicURL: try notificationOptions.resolvedPublicURL(fileDefault: file?.publicURL),
            metrics: try metricsOptions.configuration(file: file)
        )
        configuration.viewerKeys = viewerKeys + Environment.keys("BURNRATE_VIEWER_KEY")
        configuration.metricsKeys = metricsKeys + Environment.keys("BURNRATE_METRICS_KEY")
        configuration.allowedHosts = allowedHosts + Environment.list("BURNRATE_ALLOWED_HOSTS")
        do {
            try configuration.validateKeys()
        } catch {
            throw ValidationError(error.description)
        }
        configuration.alertInterval = .seconds(interval)
        configuration.alertRules = file?.alertRules ?? AlertRuleSettings()
        configuration.configBudgets = file?.budgets ?? []
        if let baselines = file?.savingsBaselines { configuration.savingsBaselines = baselines }
        configuration.roi = file?.roi ?? ROISettings()
        if let recommendations = file?.recommendations { configuration.recommendations = recommendations }
        configuration.deployments = file?.deployments ?? []
        configuration.opportunitiesRefresh = .seconds(900)
        configuration.otelDimensions = file?.otelDimensions ?? .default
        configuration.proxy = file?.proxy ?? ProxySettings()
        if let url = openaiBaseUrl ?? Environment.value("BURNRATE_OPENAI_BASE_URL") {
            configuration.proxy.upstreams["openai"] = ProxyUpstream(
                name: "openai", kind: .openAI, baseURL: url, apiKey: configuration.proxy.upstreams["openai"]?.apiKey)
        }
        if let url = anthropicBaseUrl ?? Environment.value("BURNRATE_ANTHROPIC_BASE_URL") {
            configuration.proxy.upstreams["anthropic"] = ProxyUpstream(
                name: "anthropic", kind: .anthropic, baseURL: url, apiKey: configuration.proxy.upstreams["anthropic"]?.apiKey)
        }
        if !configuration.requiresAuthentication, !configuration.isLoopbackOnly {
            throw ValidationError(
                "Refusing to listen on \(configuration.host) without an API key. Set --api-key (or BURNRATE_API_KEY), or listen on 127.0.0.1."
            )
        }
        return configuration
    }
}
