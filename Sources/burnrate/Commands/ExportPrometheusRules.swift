import ArgumentParser
import BurnrateCore
import BurnrateServer
import Foundation

/// `burnrate export prometheus-rules`: alerting rules equivalent to the built-in ones.
struct ExportPrometheusRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prometheus-rules",
        abstract: "Write Prometheus alerting rules equivalent to Burnrate's built-in alerts.",
        discussion: "Add the file to rule_files in prometheus.yml; check it with `promtool check rules FILE`."
    )

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: "Alert when a budget's projected period-end spend exceeds this percentage of its amount.")
    var forecastPercent = AlertRuleThresholds().forecastPercent

    @Option(help: "Alert when the last hour costs this many times the hourly average of the 24 hours before.")
    var spikeFactor = AlertRuleThresholds().spikeFactor

    @Option(help: "Alert when a tenant's or feature's last day costs this many times its daily average of the 7 days before.")
    var tenantSpikeFactor = AlertRuleThresholds().dailySpikeFactor

    @Option(help: "Alert when the average LLM request of the last hour costs more than this, in USD.")
    var costPerRequest = String(AlertRuleThresholds().costPerRequest.usd)

    func validate() throws {
        guard forecastPercent > 0 else { throw ValidationError("--forecast-percent must be above 0 (got \(forecastPercent)).") }
        guard spikeFactor > 0, tenantSpikeFactor > 0 else {
            throw ValidationError("--spike-factor and --tenant-spike-factor must be above 0.")
        }
        guard let amount = Money(usd: costPerRequest), amount > .zero else {
            throw ValidationError("--cost-per-request must be an amount in USD above 0, such as 0.50 (got \(costPerRequest)).")
        }
    }

    func run() throws {
        let thresholds = AlertRuleThresholds(
            forecastPercent: forecastPercent, spikeFactor: spikeFactor, dailySpikeFactor: tenantSpikeFactor,
            costPerRequest: Money(usd: costPerRequest) ?? AlertRuleThresholds().costPerRequest)
        let text = PrometheusRules.yaml(thresholds)
        guard let output else {
            print(text, terminator: "")
            return
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        print("Wrote the Burnrate alerting rules to \(output).")
    }
}
