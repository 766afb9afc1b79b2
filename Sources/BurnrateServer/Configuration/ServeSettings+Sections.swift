import BurnrateCore
import Foundation

/// The settings of `ServeSettings.resolve` that take more than a range check. The time zone and
/// the revenue are also `burnrate report`'s, which resolves them the same way.
extension ServeSettings {
    /// The time zone days, weeks and months are reported in: flag, `BURNRATE_TIMEZONE`, the
    /// config file's `timezone`, then UTC.
    public static func timeZone(flag: String?, environment: EnvironmentVariables, file: String?) throws(ConfigurationError) -> TimeZone {
        try SettingSources(environment: environment).text(flag: flag, "--timezone", variable: "BURNRATE_TIMEZONE", file: file, "timezone")?
            .converted("a time zone (an IANA name such as UTC, Europe/Berlin or America/New_York)") { TimeZone(identifier: $0) }
            ?? TimeZone(identifier: "UTC")!
    }

    /// Revenue per user and month and per request, each from its flag or else its variable
    /// (`BURNRATE_REVENUE_PER_USER`, `BURNRATE_REVENUE_PER_REQUEST`); unset without either.
    public static func revenue(
        perUser: String?, perRequest: String?, environment: EnvironmentVariables
    ) throws(ConfigurationError) -> RevenueModel {
        let sources = SettingSources(environment: environment)
        func amount(_ flag: String?, _ flagName: String, _ variable: String) throws(ConfigurationError) -> Money? {
            try sources.text(flag: flag, flagName, variable: variable, file: nil, "")?
                .converted("an amount in USD such as 12.50") { text in Money(usd: text).flatMap { $0 >= .zero ? $0 : nil } }
        }
        return RevenueModel(
            perUserPerMonth: try amount(perUser, "--revenue-per-user", "BURNRATE_REVENUE_PER_USER"),
            perRequest: try amount(perRequest, "--revenue-per-request", "BURNRATE_REVENUE_PER_REQUEST"))
    }

    /// Webhook and Slack channels from the flags and the environment together, or else from the
    /// config file's `notifications`; each URL checked.
    static func notifications(
        flags: ServeFlags, sources: SettingSources, file: ConfigFile?
    ) throws(ConfigurationError) -> NotificationSettings {
        var webhooks = try sources.urls(flags: flags.webhooks, "--webhook", variable: "BURNRATE_WEBHOOK_URL")
        var slack = try sources.urls(flags: flags.slackWebhooks, "--slack-webhook", variable: "BURNRATE_SLACK_WEBHOOK_URL")
        if webhooks.isEmpty, slack.isEmpty, let file {
            webhooks = try SettingSources.checkedURLs(file.webhooks) { "'\($0)' in the config file's notifications.webhooks" }
            slack = try SettingSources.checkedURLs(file.slackWebhooks) { "'\($0)' in the config file's notifications.slack_webhooks" }
        }
        return NotificationSettings(channels: NotificationSettings.channels(webhooks: webhooks, slackWebhooks: slack))
    }

    /// The address links in notifications point to, without a trailing slash; `nil` for the
    /// listening address.
    static func publicURL(flags: ServeFlags, sources: SettingSources, file: ConfigFile?) throws(ConfigurationError) -> String? {
        guard
            var url = try sources.text(
                flag: flags.publicURL, "--public-url", variable: "BURNRATE_PUBLIC_URL", file: file?.publicURL, "public_url")?
                .checked("an http:// or https:// URL with a host", NotificationChannel.isHTTPURL)
        else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// The labels and series cap of `/metrics`: flags, `BURNRATE_METRICS_LABELS` and
    /// `BURNRATE_METRICS_MAX_SERIES`, the config file's `metrics`, then the defaults.
    static func metrics(flags: ServeFlags, sources: SettingSources, file: ConfigFile?) throws(ConfigurationError) -> MetricsConfiguration {
        let labels = sources.text(
            flag: flags.metricsLabels, "--metrics-labels", variable: "BURNRATE_METRICS_LABELS",
            file: file?.metricsLabels?.joined(separator: ","), "metrics.labels")
        let names = MetricLabel.allCases.map(\.rawValue).joined(separator: ", ")
        let expected = "a number of series above 0"
        let maxSeries = try sources.integer(
            flag: flags.metricsMaxSeries, "--metrics-max-series", variable: "BURNRATE_METRICS_MAX_SERIES", file: file?.metricsMaxSeries,
            "metrics.max_series", expected: expected
        )?.checked(expected) { $0 > 0 }
        return MetricsConfiguration(
            labels: try labels?.converted("a list of metrics labels from \(names)") { try? MetricsConfiguration.labels(parsing: $0) }
                ?? MetricsConfiguration.defaultLabels,
            maxSeries: maxSeries ?? MetricsConfiguration.defaultMaxSeries)
    }
}
