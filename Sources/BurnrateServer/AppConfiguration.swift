import BurnrateCore
import Foundation
import Logging

/// Everything `buildApplication` needs to know, resolved from flags, environment and defaults.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Keys that may call every API route.
    public var adminKeys: [String]
    /// Keys that may only send usage (`POST /api/v1/events`, `POST /v1/traces`).
    public var ingestKeys: [String]
    /// Keys that may sign in to the dashboard to read it, but change nothing.
    public var viewerKeys: [String] = []
    /// Keys that may only scrape `GET /metrics`, so that Prometheus needs no admin key.
    public var metricsKeys: [String] = []
    /// Host names besides loopback and `host` that a browser may use to reach a server without
    /// keys, such as the name of a reverse proxy in front of it (`BrowserGuardMiddleware`).
    public var allowedHosts: [String] = []
    public var logLevel: Logger.Level
    /// Whole months of events kept besides the current one; `nil` keeps everything.
    public var retentionMonths: Int?
    /// The GPU rates the cost helper uses; `nil` for the built-in table.
    public var gpuRates: GPURateTable?
    /// The time zone days, weeks and months are reported in.
    public var timeZone: TimeZone
    /// What the product earns, for margin and return; unset leaves them out.
    public var revenue: RevenueModel
    /// The built-in alert rules' settings.
    public var alertRules = AlertRuleSettings()
    /// How often the background service evaluates the alert rules.
    public var alertInterval = Duration.seconds(60)
    /// Budgets declared in the config file, stored at start in place of the file's previous ones.
    public var configBudgets: [Budget] = []
    /// Where alert notifications go besides the log, and how they are retried.
    public var notifications: NotificationSettings
    /// The address people reach Burnrate at, for the links in notifications; `nil` for
    /// `http://HOST:PORT`.
    public var publicURL: String?
    /// The labels and series cap of `/metrics`.
    public var metrics: MetricsConfiguration
    /// The models `GET /api/v1/savings` compares with when the request names none
    /// (`savings.baselines` in the config file).
    public var savingsBaselines = ["openai/gpt-4o"]
    /// The investment the ROI page and `GET /api/v1/roi` measure the savings against when the
    /// request names none (`roi` in the config file); none by default.
    public var roi = ROISettings()
    /// The routing map and non-interactive features of `GET /api/v1/recommendations`.
    public var recommendations = RecommendationConfiguration()
    /// Self-hosted deployments, from the config file's `self_hosted` section.
    public var deployments: [Deployment] = []
    /// How `POST /v1/traces` maps span and resource attributes to dimensions.
    public var otelDimensions = DimensionRule.default
    /// The proxy's upstreams, virtual keys and limits (`proxy` in the config file).
    public var proxy = ProxySettings()
    /// How often the server recomputes the Executive page's savings opportunities in the
    /// background, starting as it starts; `nil` computes them when the page first needs them (and
    /// in the background when the page finds them 15 minutes old). `burnrate serve` sets 15 minutes.
    public var opportunitiesRefresh: Duration?
    /// How long a client's failed dashboard sign-ins count against it (10 within the window, 100
    /// from everyone, and sign-in waits).
    public var signInWindow = Duration.seconds(60)

    public init(
        host: String = "127.0.0.1", port: Int = 8080, adminKeys: [String] = [], ingestKeys: [String] = [],
        logLevel: Logger.Level = .info, retentionMonths: Int? = nil, gpuRates: GPURateTable? = nil,
        timeZone: TimeZone = TimeZone(identifier: "UTC")!, revenue: RevenueModel = RevenueModel(),
        notifications: NotificationSettings = NotificationSettings(), publicURL: String? = nil,
        metrics: MetricsConfiguration = MetricsConfiguration()
    ) {
        self.host = host
        self.port = port
        self.adminKeys = adminKeys
        self.ingestKeys = ingestKeys
        self.logLevel = logLevel
        self.retentionMonths = retentionMonths
        self.gpuRates = gpuRates
        self.timeZone = timeZone
        self.revenue = revenue
        self.notifications = notifications
        self.publicURL = publicURL
        self.metrics = metrics
    }

    /// `publicURL`, or the address the server listens on.
    public var resolvedPublicURL: String {
        publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// Whether any API key is configured; without one the API is open and must stay on loopback.
    public var requiresAuthentication: Bool {
        !adminKeys.isEmpty || !ingestKeys.isEmpty || !viewerKeys.isEmpty || !metricsKeys.isEmpty
    }

    /// Whether `host` only accepts connections from this machine.
    public var isLoopbackOnly: Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension AppConfiguration {
    /// The recommendations' configuration with the self-hosted deployments.
    var recommendationSettings: RecommendationConfiguration {
        var settings = recommendations
        settings.deployments = deployments
        return settings
    }
}
