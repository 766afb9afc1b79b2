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
        let settings = try resolvedSettings(file: file)
        var configuration = settings.configuration
        var ledgerOptions = ledgerOptions
        ledgerOptions.database = settings.database
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

    /// The settings from the flags, the environment and the config file, with the GPU rates file
    /// read; an unusable setting is a usage error naming where it came from.
    func resolvedSettings(file: ConfigFile? = nil) throws -> ServeSettings {
        var settings: ServeSettings
        do {
            settings = try ServeSettings.resolve(flags: flags, environment: EnvironmentVariables(), file: file)
        } catch {
            throw ValidationError(error.description)
        }
        settings.configuration.gpuRates = try GPURatesFile.table(path: settings.gpuRatesPath)
        return settings
    }
}
