import ArgumentParser
import BurnrateServer

/// Where alert notifications go besides the log, and the address their links point to.
struct NotificationOptions: ParsableArguments {
    @Option(
        name: .customLong("webhook"),
        help: "A URL that gets each alert notification as JSON; repeat for several (env BURNRATE_WEBHOOK_URL, comma-separated).")
    var webhooks: [String] = []

    @Option(
        name: .customLong("slack-webhook"),
        help: "A Slack incoming-webhook URL for alert notifications; repeat for several (env BURNRATE_SLACK_WEBHOOK_URL, comma-separated).")
    var slackWebhooks: [String] = []

    @Option(help: "The URL people reach Burnrate at, for links in notifications (env BURNRATE_PUBLIC_URL). Default: http://HOST:PORT.")
    var publicURL: String?

    /// The channels from the flags and the environment, or else from the config file, each URL
    /// checked.
    func settings(file: ConfigFile? = nil) throws -> NotificationSettings {
        var webhookURLs =
            try checked(webhooks, option: "--webhook") + checked(Environment.list("BURNRATE_WEBHOOK_URL"), option: "BURNRATE_WEBHOOK_URL")
        var slackURLs =
            try checked(slackWebhooks, option: "--slack-webhook")
            + checked(Environment.list("BURNRATE_SLACK_WEBHOOK_URL"), option: "BURNRATE_SLACK_WEBHOOK_URL")
        if webhookURLs.isEmpty, slackURLs.isEmpty, let file {
            webhookURLs = try checked(file.webhooks, option: "notifications.webhooks in the config file")
            slackURLs = try checked(file.slackWebhooks, option: "notifications.slack_webhooks in the config file")
        }
        return NotificationSettings(channels: NotificationSettings.channels(webhooks: webhookURLs, slackWebhooks: slackURLs))
    }

    /// The public URL without a trailing slash, or `nil` to use the listening address.
    func resolvedPublicURL(fileDefault: String? = nil) throws -> String? {
        let environment = Environment.value("BURNRATE_PUBLIC_URL")
        let option = publicURL != nil ? "--public-url" : environment != nil ? "BURNRATE_PUBLIC_URL" : "public_url in the config file"
        guard let url = publicURL ?? environment ?? fileDefault else { return nil }
        var trimmed = try checked([url], option: option)[0]
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    private func checked(_ urls: [String], option: String) throws -> [String] {
        for url in urls where !NotificationChannel.isHTTPURL(url) {
            throw ValidationError("\(option) must be an http:// or https:// URL with a host (got '\(url)').")
        }
        return urls
    }
}
