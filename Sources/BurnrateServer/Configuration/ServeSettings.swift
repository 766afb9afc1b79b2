import BurnrateCore
import Foundation
import Logging

/// What `burnrate serve` runs with, resolved from its flags, the environment and the config file
/// by `resolve`, a pure function that tests call with any of the three.
public struct ServeSettings: Sendable {
    /// Everything `buildApplication` needs, except the GPU rates, which are read from
    /// `gpuRatesPath` (I/O that the caller does).
    public var configuration: AppConfiguration
    /// The database: a SQLite file path or a PostgreSQL URL.
    public var database: String
    /// The GPU rates file to lay over the built-in table, if any.
    public var gpuRatesPath: String?

    /// The settings, each from the first source that gives it: flag, then environment variable
    /// (`BURNRATE_*`; an empty value counts as unset), then config file, then default. Keys and
    /// URL lists add the flags' and the variable's values; notification channels come from the
    /// file only when neither gives one. Only the winning value of a setting is checked.
    ///
    /// - Throws: `ConfigurationError` naming the source and the value that cannot be used
    ///   (`BURNRATE_PORT=abc is not a port (a number from 0 to 65535).`), a key that is too short,
    ///   or a non-loopback address without any key.
    public static func resolve(
        flags: ServeFlags, environment: EnvironmentVariables, file: ConfigFile?
    ) throws(ConfigurationError) -> ServeSettings {
        let sources = SettingSources(environment: environment)
        let levels = Logger.Level.allCases.map(\.rawValue)
        let level =
            try sources.text(flag: flags.logLevel, "--log-level", variable: "BURNRATE_LOG_LEVEL", file: file?.logLevel, "log_level")?
            .converted("a log level (\(levels.dropLast().joined(separator: ", ")) or \(levels.last!))") { Logger.Level(rawValue: $0) }
            ?? .info
        let port =
            try sources.integer(
                flag: flags.port, "--port", variable: "BURNRATE_PORT", file: file?.port, "port", expected: Self.portExpectation
            )?.checked(Self.portExpectation) { (0...65_535).contains($0) } ?? 8080
        let months = "a number of months (0 or more)"
        let retention = try sources.integer(
            flag: flags.retentionMonths, "--retention-months", variable: "BURNRATE_RETENTION_MONTHS", file: file?.retentionMonths,
            "retention_months", expected: months
        )?.checked(months) { $0 >= 0 }
        let seconds = "a number of seconds from 1 to 86400"
        let interval =
            try sources.integer(
                flag: flags.alertInterval, "--alert-interval", variable: "BURNRATE_ALERT_INTERVAL", file: file?.alertIntervalSeconds,
                "alerts.interval_seconds", expected: seconds
            )?.checked(seconds) { (1...86_400).contains($0) } ?? 60
        var configuration = AppConfiguration(
            host: sources.text(flag: flags.host, "--host", variable: "BURNRATE_HOST", file: file?.host, "host")?.value ?? "127.0.0.1",
            port: port,
            adminKeys: flags.apiKeys + environment.keys("BURNRATE_API_KEY"),
            ingestKeys: flags.ingestKeys + environment.keys("BURNRATE_INGEST_KEY"),
            logLevel: level,
            retentionMonths: retention,
            timeZone: try timeZone(flag: flags.timeZone, environment: environment, file: file?.timezone),
            revenue: try revenue(perUser: flags.revenuePerUser, perRequest: flags.revenuePerRequest, environment: environment),
            notifications: try notifications(flags: flags, sources: sources, file: file),
            publicURL: try publicURL(flags: flags, sources: sources, file: file),
            metrics: try metrics(flags: flags, sources: sources, file: file)
        )
        configuration.viewerKeys = flags.viewerKeys + environment.keys("BURNRATE_VIEWER_KEY")
        configuration.metricsKeys = flags.metricsKeys + environment.keys("BURNRATE_METRICS_KEY")
        configuration.allowedHosts = flags.allowedHosts + environment.list("BURNRATE_ALLOWED_HOSTS")
        do {
            try configuration.validateKeys()
        } catch {
            throw ConfigurationError(source: "", problem: error.description)
        }
        configuration.alertInterval = .seconds(interval)
        configuration.apply(file)
        configuration.proxy.override(
            openAI: flags.openAIBaseURL ?? environment.value("BURNRATE_OPENAI_BASE_URL"),
            anthropic: flags.anthropicBaseURL ?? environment.value("BURNRATE_ANTHROPIC_BASE_URL"))
        if !configuration.requiresAuthentication, !configuration.isLoopbackOnly {
            throw ConfigurationError(
                source: "",
                problem:
                    "Refusing to listen on \(configuration.host) without an API key. Set --api-key (or BURNRATE_API_KEY), or listen on 127.0.0.1."
            )
        }
        let database =
            flags.database ?? environment.value("BURNRATE_DATABASE_URL") ?? environment.value("BURNRATE_DATABASE") ?? file?.database
            ?? "burnrate.sqlite"
        let gpuRates = sources.text(flag: flags.gpuRates, "--gpu-rates", variable: "BURNRATE_GPU_RATES", file: nil, "")?.value
        return ServeSettings(configuration: configuration, database: database, gpuRatesPath: gpuRates)
    }

    static let portExpectation = "a port (a number from 0 to 65535)"
}

extension AppConfiguration {
    /// The settings only the config file holds: alert rules, budgets, savings baselines, ROI,
    /// recommendations, deployments, OpenTelemetry dimensions and the proxy; defaults without one.
    mutating func apply(_ file: ConfigFile?) {
        alertRules = file?.alertRules ?? AlertRuleSettings()
        configBudgets = file?.budgets ?? []
        if let baselines = file?.savingsBaselines { savingsBaselines = baselines }
        roi = file?.roi ?? ROISettings()
        if let recommendations = file?.recommendations { self.recommendations = recommendations }
        deployments = file?.deployments ?? []
        opportunitiesRefresh = .seconds(900)
        otelDimensions = file?.otelDimensions ?? .default
        proxy = file?.proxy ?? ProxySettings()
    }
}

extension ProxySettings {
    /// Points the `openai` and `anthropic` upstreams at the base URLs given, keeping their keys.
    mutating func override(openAI: String?, anthropic: String?) {
        if let openAI {
            upstreams["openai"] = ProxyUpstream(name: "openai", kind: .openAI, baseURL: openAI, apiKey: upstreams["openai"]?.apiKey)
        }
        if let anthropic {
            upstreams["anthropic"] = ProxyUpstream(
                name: "anthropic", kind: .anthropic, baseURL: anthropic, apiKey: upstreams["anthropic"]?.apiKey)
        }
    }
}
