import BurnrateCore
import BurnrateServer
import BurnrateTestSupport
import Foundation
import Testing

/// The exported alerting rules, checked and exercised by Prometheus's own promtool.
@Suite struct PrometheusRulesTests {
    /// A temporary directory holding `files`, removed after `body`.
    static func withFiles<T>(_ files: [String: String], _ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        return try await body(directory)
    }

    @Test(
        .tags(.prometheus),
        arguments: [
            AlertRuleThresholds(),
            AlertRuleThresholds(forecastPercent: 125, spikeFactor: 2.5, dailySpikeFactor: 4, costPerRequest: Money(usd: "0.0125")!),
        ])
    func theRulesPassPromtoolCheck(_ thresholds: AlertRuleThresholds) async throws {
        let rules = PrometheusRules.yaml(thresholds)
        let result = try await Self.withFiles(["rules.yml": rules]) { directory in
            try await TestPrometheus.promtool(["check", "rules", directory.appendingPathComponent("rules.yml").path])
        }
        #expect(result.status == 0, "\(result.output)\n\(rules)")
        #expect(result.output.contains("SUCCESS: 7 rules found"), "\(result.output)")
    }

    @Test func theThresholdsAreTheOptionsGiven() {
        let rules = PrometheusRules.yaml(
            AlertRuleThresholds(forecastPercent: 125, spikeFactor: 2.5, dailySpikeFactor: 4, costPerRequest: Money(usd: "0.0125")!))
        #expect(rules.contains("burnrate_budget_projected_spend_usd > 1.25 * burnrate_budget_amount_usd"))
        #expect(rules.contains("> 2.5 * avg_over_time(sum(increase(burnrate_cost_usd_total[1h]))[24h:1h] offset 1h)"))
        #expect(rules.contains("> 4 * avg_over_time(sum by (tenant) (increase(burnrate_cost_usd_total[1d]))[7d:1d] offset 1d)"))
        #expect(rules.contains("sum(increase(burnrate_requests_total[1h])) > 0.0125"))
    }

    /// promtool's unit tests: given series, which alerts fire with which labels and annotations.
    static let unitTests = """
        rule_files: [rules.yml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'burnrate_budget_utilization_ratio{budget="b1",name="Search",period="monthly"}'
                values: '0.5 0.79 0.8 0.95 1 1.2'
              - series: 'burnrate_budget_amount_usd{budget="b1",name="Search",period="monthly"}'
                values: '100x5'
              - series: 'burnrate_budget_projected_spend_usd{budget="b1",name="Search",period="monthly"}'
                values: '100 110 111 111 111 111'
            alert_rule_test:
              - eval_time: 1m
                alertname: BurnrateBudgetWarning
                exp_alerts: []
              - eval_time: 2m
                alertname: BurnrateBudgetWarning
                exp_alerts:
                  - exp_labels: {severity: warning, budget: b1, name: Search, period: monthly}
                    exp_annotations:
                      summary: Budget Search is 80% used
                      description: The monthly budget Search (b1) has used 80% of its amount; warnings start at 80%.
              - eval_time: 4m
                alertname: BurnrateBudgetWarning
                exp_alerts: []
              - eval_time: 3m
                alertname: BurnrateBudgetExceeded
                exp_alerts: []
              - eval_time: 4m
                alertname: BurnrateBudgetExceeded
                exp_alerts:
                  - exp_labels: {severity: critical, budget: b1, name: Search, period: monthly}
                    exp_annotations:
                      summary: Budget Search is exceeded
                      description: The monthly budget Search (b1) has used 100% of its amount.
              - eval_time: 1m
                alertname: BurnrateBudgetForecastExceeded
                exp_alerts: []
              - eval_time: 2m
                alertname: BurnrateBudgetForecastExceeded
                exp_alerts:
                  - exp_labels: {severity: warning, budget: b1, name: Search, period: monthly}
                    exp_annotations:
                      summary: Budget Search is projected to reach 111.00 USD
                      description: The monthly budget Search (b1) is projected to spend 111.00 USD by the end of its period, more than 110% of its amount.
          - interval: 1m
            input_series:
              - series: 'burnrate_cost_usd_total{category="llm_api",tenant="acme"}'
                values: '0+1x1800 1805+5x60'
              - series: 'burnrate_requests_total{tenant="acme"}'
                values: '0+2x1861'
            alert_rule_test:
              - eval_time: 30h
                alertname: BurnrateHourlyCostSpike
                exp_alerts: []
              - eval_time: 31h
                alertname: BurnrateHourlyCostSpike
                exp_alerts:
                  - exp_labels: {severity: warning}
                    exp_annotations:
                      summary: Burnrate recorded 300.00 USD in the last hour
                      description: The last hour cost 300.00 USD, more than 2 times the hourly average of the 24 hours before.
              - eval_time: 30h
                alertname: BurnrateCostPerRequestHigh
                exp_alerts: []
              - eval_time: 31h
                alertname: BurnrateCostPerRequestHigh
                exp_alerts:
                  - exp_labels: {severity: warning}
                    exp_annotations:
                      summary: LLM requests cost 2.5000 USD each over the last hour
                      description: The average LLM request of the last hour cost 2.5000 USD, above the 0.5 USD threshold.
          - interval: 1h
            input_series:
              - series: 'burnrate_cost_usd_total{category="llm_api",tenant="acme",feature="search"}'
                values: '0+1x192 196+4x23'
              - series: 'burnrate_cost_usd_total{category="llm_api",tenant="globex",feature="chat"}'
                values: '0+1x216'
            alert_rule_test:
              - eval_time: 8d
                alertname: BurnrateTenantCostSpike
                exp_alerts: []
              - eval_time: 9d
                alertname: BurnrateTenantCostSpike
                exp_alerts:
                  - exp_labels: {severity: warning, tenant: acme}
                    exp_annotations:
                      summary: acme spent 96.00 USD in the last 24 hours
                      description: The tenant acme spent 96.00 USD in the last 24 hours, more than 3 times its daily average of the 7 days before.
              - eval_time: 9d
                alertname: BurnrateFeatureCostSpike
                exp_alerts:
                  - exp_labels: {severity: warning, feature: search}
                    exp_annotations:
                      summary: search spent 96.00 USD in the last 24 hours
                      description: The feature search spent 96.00 USD in the last 24 hours, more than 3 times its daily average of the 7 days before.

        """

    @Test(.tags(.prometheus)) func theRulesFireAtTheirThresholds() async throws {
        let result = try await Self.withFiles(["rules.yml": PrometheusRules.yaml(), "tests.yml": Self.unitTests]) { directory in
            try await TestPrometheus.promtool(["test", "rules", directory.appendingPathComponent("tests.yml").path])
        }
        #expect(result.status == 0, "\(result.output)")
    }
}
