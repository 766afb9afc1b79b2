/// The settings `burnrate serve` takes on its command line, as parsed: `nil` or empty where a
/// flag was not given. `ServeSettings.resolve` lays them over the environment and the config file.
public struct ServeFlags: Sendable {
    /// `--database`: a SQLite file or a PostgreSQL URL.
    public var database: String?
    public var host: String?
    public var port: Int?
    /// `--api-key`, repeated.
    public var apiKeys: [String] = []
    /// `--ingest-key`, repeated.
    public var ingestKeys: [String] = []
    /// `--viewer-key`, repeated.
    public var viewerKeys: [String] = []
    /// `--metrics-key`, repeated.
    public var metricsKeys: [String] = []
    /// `--allowed-host`, repeated.
    public var allowedHosts: [String] = []
    public var retentionMonths: Int?
    /// `--log-level`, as typed.
    public var logLevel: String?
    /// `--gpu-rates`: the path of a GPU rates file.
    public var gpuRates: String?
    /// `--alert-interval`, in seconds.
    public var alertInterval: Int?
    public var openAIBaseURL: String?
    public var anthropicBaseURL: String?
    /// `--timezone`, as typed.
    public var timeZone: String?
    /// `--revenue-per-user`, as typed.
    public var revenuePerUser: String?
    /// `--revenue-per-request`, as typed.
    public var revenuePerRequest: String?
    /// `--webhook`, repeated.
    public var webhooks: [String] = []
    /// `--slack-webhook`, repeated.
    public var slackWebhooks: [String] = []
    public var publicURL: String?
    /// `--metrics-labels`, comma-separated as typed.
    public var metricsLabels: String?
    public var metricsMaxSeries: Int?

    /// No flags: every setting comes from the environment, the config file or its default.
    public init() {}
}
