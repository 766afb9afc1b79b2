import BurnrateCore

/// Recommendations as JSON.
enum RecommendationPresenter {
    static func json(
        _ report: RecommendationReport, scope: AnalyticsScope, findings: [Finding] = [], routingProblems: [String] = []
    ) -> JSONValue {
        .fields([
            ("from", .string(scope.range.lowerBound.rfc3339)),
            ("to", .string(scope.range.upperBound.rfc3339)),
            ("monthly_spend_usd", .usd(report.monthlySpend)),
            ("total_monthly_savings_usd", .usd(report.totalMonthlySavings)),
            ("total_monthly_savings_nanos", .int(report.totalMonthlySavings.nanos)),
            ("savings_share_percent", report.savingsShare.map(JSONValue.double) ?? .null),
            ("recommendations", .array(report.recommendations.map(json))),
            ("findings", .array(findings.map(AnalyticsPresenter.finding))),
            ("routing_map_problems", .array(routingProblems.map(JSONValue.string))),
            (
                "method",
                .string(
                    "Savings are estimated from the priced traffic of the window and scaled to an average month (30.44 days). Recommendations with the same overlap_key save on the same traffic and are alternatives: the total counts only the largest of each. Rules and thresholds: docs/savings.md."
                )
            ),
        ])
    }

    static func json(_ recommendation: Recommendation) -> JSONValue {
        .fields([
            ("id", .string(recommendation.id)),
            ("rule", .string(recommendation.rule.rawValue)),
            ("title", .string(recommendation.title)),
            ("action", .string(recommendation.action)),
            ("monthly_savings_usd", .usd(recommendation.monthlySavings)),
            ("monthly_savings_nanos", .int(recommendation.monthlySavings.nanos)),
            ("effort", .string(recommendation.effort.rawValue)),
            ("risk", .string(recommendation.risk.rawValue)),
            ("overlap_key", .string(recommendation.overlapKey)),
            (
                "evidence",
                .fields(recommendation.evidence.map { evidence -> (String, JSONValue?) in (evidence.name, value(evidence.value)) })
            ),
        ])
    }

    static func value(_ value: Evidence.Value) -> JSONValue {
        switch value {
        case .count(let count): .int(count)
        case .ratio(let ratio): .double(ratio)
        case .money(let money): .usd(money)
        case .text(let text): .string(text)
        }
    }
}
