import BurnrateCore

/// The thresholds of the exported alerting rules; the defaults are those of the built-in rules.
public struct AlertRuleThresholds: Sendable, Hashable {
    /// Budget utilization from which the warning fires.
    public var budgetWarningRatio: Double
    /// Projected period-end spend, in percent of the budget, above which the forecast alert fires.
    public var forecastPercent: Int
    /// How many times the trailing 24-hour hourly average the last hour must exceed.
    public var spikeFactor: Double
    /// How many times its trailing 7-day daily average a tenant's or feature's last day must exceed.
    public var dailySpikeFactor: Double
    /// The LLM cost per request above which the cost-per-request alert fires.
    public var costPerRequest: Money

    public init(
        budgetWarningRatio: Double = 0.8, forecastPercent: Int = 110, spikeFactor: Double = 2, dailySpikeFactor: Double = 3,
        costPerRequest: Money = Money(nanos: Money.nanosPerDollar / 2)
    ) {
        self.budgetWarningRatio = budgetWarningRatio
        self.forecastPercent = forecastPercent
        self.spikeFactor = spikeFactor
        self.dailySpikeFactor = dailySpikeFactor
        self.costPerRequest = costPerRequest
    }
}

/// Prometheus alerting rules equivalent to Burnrate's built-in ones, over the metrics of
/// `/metrics`, for teams that route alerts through their own Alertmanager.
public enum PrometheusRules {
    /// One alerting rule.
    struct Rule {
        var alert: String
        var expr: String
        var duration: String?
        var severity: String
        var summary: String
        var description: String

        var json: JSONValue {
            .fields([
                ("alert", .string(alert)),
                ("expr", .string(expr)),
                ("for", duration.map(JSONValue.string)),
                ("labels", .fields([("severity", .string(severity))])),
                ("annotations", .fields([("summary", .string(summary)), ("description", .string(description))])),
            ])
        }
    }

    /// The rules file: one group named `burnrate`.
    public static func yaml(_ thresholds: AlertRuleThresholds = AlertRuleThresholds()) -> String {
        let group = JSONValue.fields([("name", .string("burnrate")), ("rules", .array(rules(thresholds).map(\.json)))])
        return "# Burnrate alerting rules, written by `burnrate export prometheus-rules`.\n"
            + JSONValue.fields([("groups", .array([group]))]).yaml()
    }

    static func rules(_ thresholds: AlertRuleThresholds) -> [Rule] {
        let utilization = MetricNames.budgetUtilization.name
        let cost = MetricNames.cost.name
        let tokenCost = "\(cost){category=\"llm_api\"}"
        let budget = "{{ $labels.period }} budget {{ $labels.name }} ({{ $labels.budget }})"
        let warning = PromQL.number(thresholds.budgetWarningRatio)
        let forecast = PromQL.number(Double(thresholds.forecastPercent) / 100)
        let spike = PromQL.number(thresholds.spikeFactor)
        let daily = PromQL.number(thresholds.dailySpikeFactor)
        let perRequest = PromQL.number(thresholds.costPerRequest.usd)
        func dailySpike(_ label: String, _ name: String) -> Rule {
            let lastDay = "sum by (\(label)) (increase(\(cost)[1d]))"
            return Rule(
                alert: "Burnrate\(name)CostSpike", expr: "\(lastDay) > \(daily) * avg_over_time(\(lastDay)[7d:1d] offset 1d)",
                duration: "15m", severity: "warning",
                summary: "{{ $labels.\(label) }} spent {{ printf \"%.2f\" $value }} USD in the last 24 hours",
                description:
                    "The \(label) {{ $labels.\(label) }} spent {{ printf \"%.2f\" $value }} USD in the last 24 hours, more than \(daily) times its daily average of the 7 days before."
            )
        }
        return [
            Rule(
                alert: "BurnrateBudgetWarning", expr: "\(utilization) >= \(warning) and \(utilization) < 1", severity: "warning",
                summary: "Budget {{ $labels.name }} is {{ $value | humanizePercentage }} used",
                description:
                    "The \(budget) has used {{ $value | humanizePercentage }} of its amount; warnings start at \(PromQL.number(thresholds.budgetWarningRatio * 100))%."
            ),
            Rule(
                alert: "BurnrateBudgetExceeded", expr: "\(utilization) >= 1", severity: "critical",
                summary: "Budget {{ $labels.name }} is exceeded",
                description: "The \(budget) has used {{ $value | humanizePercentage }} of its amount."),
            Rule(
                alert: "BurnrateBudgetForecastExceeded",
                expr: "\(MetricNames.budgetProjectedSpend.name) > \(forecast) * \(MetricNames.budgetAmount.name)", severity: "warning",
                summary: "Budget {{ $labels.name }} is projected to reach {{ printf \"%.2f\" $value }} USD",
                description:
                    "The \(budget) is projected to spend {{ printf \"%.2f\" $value }} USD by the end of its period, more than \(thresholds.forecastPercent)% of its amount."
            ),
            Rule(
                alert: "BurnrateHourlyCostSpike",
                expr: "sum(increase(\(cost)[1h])) > \(spike) * avg_over_time(sum(increase(\(cost)[1h]))[24h:1h] offset 1h)",
                duration: "5m", severity: "warning",
                summary: "Burnrate recorded {{ printf \"%.2f\" $value }} USD in the last hour",
                description:
                    "The last hour cost {{ printf \"%.2f\" $value }} USD, more than \(spike) times the hourly average of the 24 hours before."
            ),
            dailySpike("tenant", "Tenant"),
            dailySpike("feature", "Feature"),
            Rule(
                alert: "BurnrateCostPerRequestHigh",
                expr: "sum(increase(\(tokenCost)[1h])) / sum(increase(\(MetricNames.requests.name)[1h])) > \(perRequest)",
                duration: "15m", severity: "warning",
                summary: "LLM requests cost {{ printf \"%.4f\" $value }} USD each over the last hour",
                description:
                    "The average LLM request of the last hour cost {{ printf \"%.4f\" $value }} USD, above the \(perRequest) USD threshold."
            ),
        ]
    }
}
