import ArgumentParser

/// Where alert notifications go besides the log, and the address their links point to, as given
/// on the command line; `ServeSettings.resolve` adds the environment and the config file.
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
}
