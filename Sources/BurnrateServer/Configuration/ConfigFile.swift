import BurnrateCatalog
import BurnrateCore
import Foundation
import Yams

/// The optional config file (YAML, or JSON, which is YAML too): the settings `serve` also takes
/// as flags and environment variables, plus what only a file can hold well: budgets, alert rule
/// settings and notification channels. Flags win over the environment, the environment over
/// the file.
///
/// ```yaml
/// port: 8080
/// timezone: Europe/Berlin
/// budgets:
///   - {id: acme-monthly, name: Acme monthly, scope: {tenant: acme-corp}, period: monthly, amount_usd: 1000}
/// alerts:
///   interval_seconds: 60
///   rules:
///     hourly_spike: {factor: 3}
///     category_share: {enabled: false}
/// notifications:
///   webhooks: [http://127.0.0.1:9000/burnrate]
///   slack_webhooks: [https://hooks.slack.com/services/T000/B000/XXXX]
/// metrics:
///   labels: [provider, model, tenant, feature, category]
///   max_series: 10000
/// savings:
///   baselines: [gpt-4o, anthropic/claude-sonnet-4-5]
/// roi:
///   {name: Model routing and caching, investment_usd: 60000, recurring_monthly_usd: 1500, months: 36}
/// recommendations:
///   routing: {gpt-4o: gpt-4o-mini, claude-sonnet-4-5: claude-haiku-4-5}
///   non_interactive_features: [summarization, nightly-digest]
/// otel:
///   dimensions: {tenant: [tenant.id], feature: [service.name], tags: {workflow: traceloop.workflow.name}}
/// ```
public struct ConfigFile: Sendable {
    public var host: String?
    public var port: Int?
    public var database: String?
    public var timezone: String?
    public var logLevel: String?
    public var retentionMonths: Int?
    public var publicURL: String?
    /// Budgets declared in the file; they replace the file's budgets of the previous start.
    public var budgets: [Budget] = []
    public var alertRules = AlertRuleSettings()
    public var alertIntervalSeconds: Int?
    public var webhooks: [String] = []
    public var slackWebhooks: [String] = []
    public var metricsLabels: [String]?
    public var metricsMaxSeries: Int?
    /// The models `GET /api/v1/savings` compares with when the request names none.
    public var savingsBaselines: [String]?
    /// The investment ROI is measured against when a request names none (`roi`).
    public var roi: ROISettings?
    /// The routing map and non-interactive features the recommendations read.
    public var recommendations: RecommendationConfiguration?
    /// Self-hosted deployments (`self_hosted`), for `GET /api/v1/self-hosted`.
    public var deployments: [Deployment] = []
    /// How `POST /v1/traces` reads dimensions from span attributes (`otel.dimensions`).
    public var otelDimensions: DimensionRule?
    /// The proxy's upstreams and virtual keys (`proxy`).
    public var proxy: ProxySettings?

    static let sections: Set<String> = [
        "host", "port", "database", "timezone", "log_level", "retention_months", "public_url", "budgets", "alerts", "notifications",
        "metrics", "savings", "roi", "recommendations", "self_hosted", "otel", "proxy",
    ]

    /// Reads the file at `path`.
    public static func load(path: String, now: Timestamp = .now()) throws(ConfigFileError) -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigFileError(path: path, issues: [FieldIssue(message: "cannot be read (is the path right?)")])
        }
        do {
            return try parse(text, now: now)
        } catch {
            throw ConfigFileError(path: path, issues: error.issues)
        }
    }

    /// Reads a config file's text; every problem is reported at once.
    public static func parse(
        _ text: String, now: Timestamp = .now(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigFileError) -> ConfigFile {
        let node = try document(text)
        var reader = ObjectReader(node)
        reader.rejectUnknownKeys(allowed: sections)
        var file = ConfigFile()
        file.host = reader.string("host")
        file.port = reader.integer("port", in: 1...65_535).map(Int.init)
        file.database = reader.string("database", maxLength: 4_096)
        file.timezone = reader.string("timezone")
        file.logLevel = reader.string("log_level")
        file.retentionMonths = reader.integer("retention_months", in: 0...1_200).map(Int.init)
        file.publicURL = reader.string("public_url", maxLength: 2_048)
        var issues: [FieldIssue] = []
        if let budgets = reader.node("budgets") {
            if let elements = budgets.elements {
                for (index, element) in elements.enumerated() {
                    switch BudgetDecoder.decode(element, source: .config, createdAt: nil, now: now, index: index) {
                    case .success(let budget): file.budgets.append(budget)
                    case .failure(let failure):
                        issues += failure.issues.map { FieldIssue(index: index, field: "budgets." + ($0.field ?? ""), message: $0.message) }
                    }
                }
                for id in Dictionary(grouping: file.budgets, by: \.id).filter({ $0.value.count > 1 }).keys.sorted() {
                    issues.append(FieldIssue(field: "budgets", message: "declare the id '\(id)' more than once"))
                }
            } else {
                issues.append(FieldIssue(field: "budgets", message: "must be a list of budgets"))
            }
        }
        _ = reader.object("alerts") { alerts in
            alerts.rejectUnknownKeys(allowed: ["interval_seconds", "rules"])
            file.alertIntervalSeconds = alerts.integer("interval_seconds", in: 1...86_400).map(Int.init)
            if let rules = alerts.object("rules", { rules in AlertSettingsDecoder.decode(&rules) }) { file.alertRules = rules }
            return ()
        }
        _ = reader.object("notifications") { notifications in
            notifications.rejectUnknownKeys(allowed: ["webhooks", "slack_webhooks"])
            file.webhooks = notifications.strings("webhooks") ?? []
            file.slackWebhooks = notifications.strings("slack_webhooks") ?? []
            return ()
        }
        _ = reader.object("metrics") { metrics in
            metrics.rejectUnknownKeys(allowed: ["labels", "max_series"])
            file.metricsLabels = metrics.strings("labels")
            file.metricsMaxSeries = metrics.integer("max_series", in: 1...10_000_000).map(Int.init)
            return ()
        }
        _ = reader.object("savings") { savings in
            savings.rejectUnknownKeys(allowed: ["baselines"])
            file.savingsBaselines = savings.strings("baselines")
            return ()
        }
        file.roi = reader.object("roi") { ROISettings.read(&$0) }
        _ = reader.object("recommendations") { section in
            section.rejectUnknownKeys(allowed: ["routing", "non_interactive_features"])
            var configuration = RecommendationConfiguration()
            if let routing = section.node("routing") {
                if let members = routing.members {
                    for member in members {
                        if case .string(let target) = member.node.value, !target.isEmpty {
                            configuration.routing[member.key] = target
                        } else {
                            section.report("routing.\(member.key)", "must name the cheaper model, e.g. gpt-4o-mini", line: member.node.line)
                        }
                    }
                } else {
                    section.report("routing", "must map a model to a cheaper model, e.g. {gpt-4o: gpt-4o-mini}", line: routing.line)
                }
            }
            configuration.nonInteractiveFeatures = section.strings("non_interactive_features") ?? []
            file.recommendations = configuration
            return ()
        }
        _ = reader.object("otel") { otel in
            otel.rejectUnknownKeys(allowed: ["dimensions"])
            file.otelDimensions = otel.object("dimensions") { DimensionRule.decode(&$0) }
            return ()
        }
        if let deployments = reader.node("self_hosted") {
            if let elements = deployments.elements {
                for (index, element) in elements.enumerated() {
                    let (deployment, problems) = DeploymentDecoder.decode(
                        element, index: index, gpuRates: try? BuiltinGPURates.shared.get())
                    if let deployment { file.deployments.append(deployment) }
                    issues += problems
                }
            } else {
                issues.append(FieldIssue(field: "self_hosted", message: "must be a list of deployments"))
            }
        }
        file.proxy = reader.object("proxy") { ProxySettingsDecoder.decode(&$0, environment: environment) }
        issues = reader.issues + issues
        guard issues.isEmpty else { throw ConfigFileError(path: nil, issues: issues) }
        return file
    }

    /// The YAML document as the JSON tree the rest of Burnrate reads.
    private static func document(_ text: String) throws(ConfigFileError) -> JSONNode {
        do {
            let loaded = try Yams.load(yaml: text) ?? [String: Any]()
            let data = try JSONSerialization.data(withJSONObject: loaded, options: [.fragmentsAllowed])
            return try JSONParser.parse(Array(data))
        } catch let error as YamlError {
            throw ConfigFileError(path: nil, issues: [FieldIssue(message: "is not valid YAML: \(error)")])
        } catch {
            throw ConfigFileError(path: nil, issues: [FieldIssue(message: "cannot be read as YAML: \(error)")])
        }
    }
}

/// Everything wrong with a config file, by field.
public struct ConfigFileError: Error, Sendable, CustomStringConvertible {
    public var path: String?
    public var issues: [FieldIssue]

    public var description: String {
        "The config file\(path.map { " \($0)" } ?? "") has \(issues.count == 1 ? "a problem" : "\(issues.count) problems"):\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}
