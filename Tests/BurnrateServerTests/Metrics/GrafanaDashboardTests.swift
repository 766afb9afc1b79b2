import BurnrateCore
import BurnrateServer
import BurnrateTestSupport
import Foundation
import Testing

/// The exported dashboards: valid Grafana models whose every query parses and reads only
/// Burnrate's metrics.
@Suite struct GrafanaDashboardTests {
    static func dashboards() throws -> [(name: String, model: [String: Any])] {
        try GrafanaDashboards.files().map { file in
            (file.name, try #require(try JSONSerialization.jsonObject(with: Data(file.json.utf8)) as? [String: Any]))
        }
    }

    /// Every `expr` of every panel.
    static func expressions() throws -> [String] {
        try dashboards().flatMap { dashboard in
            (dashboard.model["panels"] as? [[String: Any]] ?? []).flatMap { panel in
                (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
            }
        }
    }

    /// Grafana's range variables replaced by durations, as Grafana does before querying.
    static func withDurations(_ expression: String) -> String {
        expression.replacingOccurrences(of: "$__rate_interval", with: "4m").replacingOccurrences(of: "$__interval", with: "1m")
            .replacingOccurrences(of: "$__range", with: "1h")
    }

    /// The metric names an expression reads: identifiers that are not functions, keywords,
    /// grouping labels, label matchers, strings or durations.
    static func metricNames(in expression: String) -> Set<String> {
        var text = expression
        for pattern in [#""[^"]*""#, #"\{[^}]*\}"#, #"\[[^\]]*\]"#, #"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let keywords: Set<String> = ["and", "or", "unless", "offset", "bool"]
        var names: Set<String> = []
        let identifier = try! Regex(#"\b[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?"#)
        for match in text.matches(of: identifier) {
            let token = String(text[match.range])
            guard !token.hasSuffix("("), !keywords.contains(token), !(token.first?.isNumber ?? false) else { continue }
            names.insert(token)
        }
        return names
    }

    @Test func bothDashboardsHaveADatasourceVariableUsedByEveryPanel() throws {
        let dashboards = try Self.dashboards()
        #expect(dashboards.map(\.name) == ["burnrate-executive.json", "burnrate-operations.json"])
        for (name, model) in dashboards {
            #expect((model["schemaVersion"] as? Int ?? 0) >= 36, "\(name)")
            let variables = try #require((model["templating"] as? [String: Any])?["list"] as? [[String: Any]])
            #expect(
                variables.contains {
                    $0["name"] as? String == "datasource" && $0["type"] as? String == "datasource" && $0["query"] as? String == "prometheus"
                })
            let panels = try #require(model["panels"] as? [[String: Any]])
            #expect(panels.count >= 6, "\(name)")
            #expect(Set(panels.compactMap { $0["id"] as? Int }).count == panels.count)
            for panel in panels {
                let sources = [panel["datasource"]] + (panel["targets"] as? [[String: Any]] ?? []).map { $0["datasource"] }
                for source in sources {
                    #expect((source as? [String: String]) == ["type": "prometheus", "uid": "${datasource}"], "\(panel["title"] ?? "")")
                }
            }
        }
        let titles = dashboards.flatMap { ($0.model["panels"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String } }
        for required in [
            "Month-to-date cost", "Cost against budget", "Daily cost by category", "Cost by model", "Top tenants", "Cost per request",
            "Budget forecast", "Cost per 1K tokens", "Hourly cost", "Firing alerts", "Unpriced events", "Ingest latency p95",
        ] {
            #expect(titles.contains(required), "\(required)")
        }
    }

    @Test func everyExpressionReadsOnlyBurnrateMetrics() throws {
        let exported = Set(MetricNames.all.flatMap(\.sampleNames))
        let expressions = try Self.expressions()
        #expect(expressions.count >= 14)
        for expression in expressions {
            let names = Self.metricNames(in: expression)
            #expect(!names.isEmpty, "\(expression)")
            #expect(names.isSubset(of: exported), "\(expression) reads \(names.subtracting(exported).sorted())")
        }
        #expect(Self.metricNames(in: #"sum by (le) (rate(foo_bucket{a="b"}[5m])) and on (x) bar offset 1h"#) == ["foo_bucket", "bar"])
    }

    @Test(.tags(.prometheus)) func everyExpressionParses() async throws {
        let rules = try Self.expressions().enumerated().map { index, expression in
            "      - record: dashboard:expression_\(index)\n        expr: \(JSONValue.string(Self.withDurations(expression)).serialized())\n"
        }
        let file = "groups:\n  - name: dashboards\n    rules:\n" + rules.joined()
        let result = try await PrometheusRulesTests.withFiles(["dashboards.yml": file]) { directory in
            try await TestPrometheus.promtool(["check", "rules", directory.appendingPathComponent("dashboards.yml").path])
        }
        #expect(result.status == 0, "\(result.output)\n\(file)")
        #expect(result.output.contains("SUCCESS: \(rules.count) rules found"), "\(result.output)")
    }
}
