import BurnrateCore
import BurnrateServer
import Foundation
import Logging
import Testing

/// One setting given by a flag, a variable and the config file, each with a different value,
/// and what `read` finds when each is the first one given.
struct PrecedenceCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Sets the flag.
    var flag: @Sendable (inout ServeFlags) -> Void
    var variable: String
    var variableValue: String
    /// The config file that sets it; `nil` for a setting no file holds.
    var file: String?
    /// The setting, as text.
    var read: @Sendable (ServeSettings) -> String
    var expected: (flag: String, variable: String, file: String, fallback: String)

    var testDescription: String { name }

    static let all: [PrecedenceCase] = [
        PrecedenceCase(
            name: "host", flag: { $0.host = "127.0.0.2" }, variable: "BURNRATE_HOST", variableValue: "127.0.0.3", file: "host: 127.0.0.4",
            read: { $0.configuration.host }, expected: ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.1")),
        PrecedenceCase(
            name: "port", flag: { $0.port = 1 }, variable: "BURNRATE_PORT", variableValue: "2", file: "port: 3",
            read: { "\($0.configuration.port)" }, expected: ("1", "2", "3", "8080")),
        PrecedenceCase(
            name: "log level", flag: { $0.logLevel = "debug" }, variable: "BURNRATE_LOG_LEVEL", variableValue: "warning",
            file: "log_level: error", read: { $0.configuration.logLevel.rawValue }, expected: ("debug", "warning", "error", "info")),
        PrecedenceCase(
            name: "retention", flag: { $0.retentionMonths = 1 }, variable: "BURNRATE_RETENTION_MONTHS", variableValue: "2",
            file: "retention_months: 3", read: { $0.configuration.retentionMonths.map(String.init) ?? "all" },
            expected: ("1", "2", "3", "all")),
        PrecedenceCase(
            name: "alert interval", flag: { $0.alertInterval = 10 }, variable: "BURNRATE_ALERT_INTERVAL", variableValue: "20",
            file: "alerts: {interval_seconds: 30}", read: { "\($0.configuration.alertInterval.components.seconds)" },
            expected: ("10", "20", "30", "60")),
        PrecedenceCase(
            name: "time zone", flag: { $0.timeZone = "Europe/Berlin" }, variable: "BURNRATE_TIMEZONE", variableValue: "Asia/Tokyo",
            file: "timezone: America/New_York", read: { $0.configuration.timeZone.identifier },
            expected: ("Europe/Berlin", "Asia/Tokyo", "America/New_York", TimeZone(identifier: "UTC")!.identifier)),
        PrecedenceCase(
            name: "public URL", flag: { $0.publicURL = "https://flag.example/" }, variable: "BURNRATE_PUBLIC_URL",
            variableValue: "https://variable.example", file: "public_url: https://file.example//",
            read: { $0.configuration.publicURL ?? "none" },
            expected: ("https://flag.example", "https://variable.example", "https://file.example", "none")),
        PrecedenceCase(
            name: "metrics labels", flag: { $0.metricsLabels = "model" }, variable: "BURNRATE_METRICS_LABELS", variableValue: "tenant,user",
            file: "metrics: {labels: [team]}", read: { $0.configuration.metrics.labels.map(\.rawValue).joined(separator: ",") },
            expected: ("model", "tenant,user", "team", "provider,model,tenant,feature,category")),
        PrecedenceCase(
            name: "metrics series", flag: { $0.metricsMaxSeries = 10 }, variable: "BURNRATE_METRICS_MAX_SERIES", variableValue: "20",
            file: "metrics: {max_series: 30}", read: { "\($0.configuration.metrics.maxSeries)" }, expected: ("10", "20", "30", "10000")),
        PrecedenceCase(
            name: "database (URL variable)", flag: { $0.database = "flag.sqlite" }, variable: "BURNRATE_DATABASE_URL",
            variableValue: "postgres://u@h/db", file: "database: file.sqlite", read: { $0.database },
            expected: ("flag.sqlite", "postgres://u@h/db", "file.sqlite", "burnrate.sqlite")),
        PrecedenceCase(
            name: "database (path variable)", flag: { $0.database = "flag.sqlite" }, variable: "BURNRATE_DATABASE",
            variableValue: "variable.sqlite", file: "database: file.sqlite", read: { $0.database },
            expected: ("flag.sqlite", "variable.sqlite", "file.sqlite", "burnrate.sqlite")),
        PrecedenceCase(
            name: "GPU rates", flag: { $0.gpuRates = "flag.json" }, variable: "BURNRATE_GPU_RATES", variableValue: "variable.json",
            file: nil,
            read: { $0.gpuRatesPath ?? "built-in" }, expected: ("flag.json", "variable.json", "", "built-in")),
        PrecedenceCase(
            name: "revenue per user", flag: { $0.revenuePerUser = "12.50" }, variable: "BURNRATE_REVENUE_PER_USER", variableValue: "3",
            file: nil, read: { $0.configuration.revenue.perUserPerMonth?.usdString ?? "unset" },
            expected: ("12.500000000", "3.000000000", "", "unset")),
        PrecedenceCase(
            name: "revenue per request", flag: { $0.revenuePerRequest = "0.01" }, variable: "BURNRATE_REVENUE_PER_REQUEST",
            variableValue: "0.02", file: nil, read: { $0.configuration.revenue.perRequest?.usdString ?? "unset" },
            expected: ("0.010000000", "0.020000000", "", "unset")),
        PrecedenceCase(
            name: "OpenAI base URL", flag: { $0.openAIBaseURL = "http://flag/v1" }, variable: "BURNRATE_OPENAI_BASE_URL",
            variableValue: "http://variable/v1", file: "proxy: {upstreams: {openai: {base_url: \"http://file/v1\"}}}",
            read: { $0.configuration.proxy.upstreams["openai"]?.baseURL ?? "none" },
            expected: ("http://flag/v1", "http://variable/v1", "http://file/v1", "https://api.openai.com/v1")),
    ]
}

/// A value that cannot be used, from one source, and the message that says so.
struct InvalidCase: Sendable, CustomTestStringConvertible {
    var flag: @Sendable (inout ServeFlags) -> Void = { _ in }
    var environment: [String: String] = [:]
    var file: String?
    var message: String

    var testDescription: String { message }

    static let port = "is not a port (a number from 0 to 65535)."
    static let level = "is not a log level (trace, debug, info, notice, warning, error or critical)."
    static let zone = "is not a time zone (an IANA name such as UTC, Europe/Berlin or America/New_York)."
    static let url = "is not an http:// or https:// URL with a host."
    static let labels = "is not a list of metrics labels from provider, model, tenant, feature, category, user, team, environment."

    static let all: [InvalidCase] = [
        InvalidCase(environment: ["BURNRATE_PORT": "abc"], message: "BURNRATE_PORT=abc \(port)"),
        InvalidCase(flag: { $0.port = 70_000 }, message: "--port 70000 \(port)"),
        InvalidCase(environment: ["BURNRATE_PORT": "-1"], message: "BURNRATE_PORT=-1 \(port)"),
        InvalidCase(flag: { $0.logLevel = "loud" }, message: "--log-level loud \(level)"),
        InvalidCase(environment: ["BURNRATE_LOG_LEVEL": "loud"], message: "BURNRATE_LOG_LEVEL=loud \(level)"),
        InvalidCase(file: "log_level: loud", message: "log_level: loud in the config file \(level)"),
        InvalidCase(flag: { $0.retentionMonths = -1 }, message: "--retention-months -1 is not a number of months (0 or more)."),
        InvalidCase(
            environment: ["BURNRATE_RETENTION_MONTHS": "soon"],
            message: "BURNRATE_RETENTION_MONTHS=soon is not a number of months (0 or more)."
        ),
        InvalidCase(
            environment: ["BURNRATE_ALERT_INTERVAL": "0"], message: "BURNRATE_ALERT_INTERVAL=0 is not a number of seconds from 1 to 86400."),
        InvalidCase(flag: { $0.alertInterval = 90_000 }, message: "--alert-interval 90000 is not a number of seconds from 1 to 86400."),
        InvalidCase(flag: { $0.timeZone = "Mars/Olympus" }, message: "--timezone Mars/Olympus \(zone)"),
        InvalidCase(environment: ["BURNRATE_TIMEZONE": "Nowhere/Atlantis"], message: "BURNRATE_TIMEZONE=Nowhere/Atlantis \(zone)"),
        InvalidCase(file: "timezone: Mars/Olympus", message: "timezone: Mars/Olympus in the config file \(zone)"),
        InvalidCase(
            environment: ["BURNRATE_REVENUE_PER_USER": "-3"], message: "BURNRATE_REVENUE_PER_USER=-3 is not an amount in USD such as 12.50."
        ),
        InvalidCase(
            flag: { $0.revenuePerRequest = "a lot" }, message: "--revenue-per-request a lot is not an amount in USD such as 12.50."),
        InvalidCase(flag: { $0.webhooks = ["ftp://x"] }, message: "--webhook ftp://x \(url)"),
        InvalidCase(
            environment: ["BURNRATE_SLACK_WEBHOOK_URL": "https://hooks.slack.com/a,hooks"],
            message: "'hooks' in BURNRATE_SLACK_WEBHOOK_URL \(url)"),
        InvalidCase(
            file: "notifications: {webhooks: [\"localhost:9000\"]}",
            message: "'localhost:9000' in the config file's notifications.webhooks \(url)"),
        InvalidCase(environment: ["BURNRATE_PUBLIC_URL": "burnrate.example"], message: "BURNRATE_PUBLIC_URL=burnrate.example \(url)"),
        InvalidCase(
            environment: ["BURNRATE_METRICS_LABELS": "provider,colour"], message: "BURNRATE_METRICS_LABELS=provider,colour \(labels)"),
        InvalidCase(file: "metrics: {labels: [colour]}", message: "metrics.labels: colour in the config file \(labels)"),
        InvalidCase(
            environment: ["BURNRATE_METRICS_MAX_SERIES": "0"], message: "BURNRATE_METRICS_MAX_SERIES=0 is not a number of series above 0."),
        InvalidCase(
            environment: ["BURNRATE_API_KEY": "short"],
            message:
                "A key set with --api-key (or BURNRATE_API_KEY) has 5 characters; keys must have at least 16 characters. Generate one with 'openssl rand -hex 32'."
        ),
        InvalidCase(
            environment: ["BURNRATE_HOST": "0.0.0.0"],
            message: "Refusing to listen on 0.0.0.0 without an API key. Set --api-key (or BURNRATE_API_KEY), or listen on 127.0.0.1."),
    ]
}
