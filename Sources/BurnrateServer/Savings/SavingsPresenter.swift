import BurnrateCore

/// Savings against baselines as JSON.
enum SavingsPresenter {
    static func json(_ figures: SavingsFigures, source: String) -> JSONValue {
        .fields([
            ("from", .string(figures.scope.range.lowerBound.rfc3339)),
            ("to", .string(figures.scope.range.upperBound.rfc3339)),
            ("by", .string(figures.key.description)),
            ("baseline_source", .string(source)),
            (
                "baselines",
                .array(
                    figures.baselines.map { baseline, report in
                        .fields([
                            ("baseline", .string(baseline.name)),
                            ("provider", .string(baseline.provider)),
                            ("model", .string(baseline.model)),
                            ("price_ids", .array(report.priceIDs.map(JSONValue.string))),
                            ("total", .fields(line(report.total))),
                            ("rows", .array(report.lines.map { .fields([("key", $0.key.map(JSONValue.string) ?? .null)] + line($0)) })),
                            ("requests_before_baseline_priced", .int(report.uncoveredRequests)),
                        ])
                    })
            ),
            ("unpriced_requests_excluded", .int(figures.unpricedRequests)),
            (
                "method",
                .string(
                    "Each group's priced requests, per UTC day, repriced at the baseline's standard list rates in effect that day (prices change at UTC midnight, so the dated price is exact per day) with the same token mix (input, cached input, cache writes, output). Savings = baseline - actual; savings_percent = savings / baseline; efficiency_multiple = baseline / actual; tokens per dollar = input + output tokens / cost. Batch and service-tier discounts are not applied to the baseline; long-context rates apply when a group-day's average input exceeds the baseline's threshold. Unpriced requests are left out and counted."
                )
            ),
        ])
    }

    static func line(_ line: SavingsLine) -> [(String, JSONValue?)] {
        [
            ("requests", .int(line.requests)),
            ("input_tokens", .int(line.usage.inputTokens)),
            ("cached_input_tokens", .int(line.usage.cacheReadTokens)),
            ("output_tokens", .int(line.usage.outputTokens)),
            ("actual_usd", .usd(line.actual)),
            ("actual_nanos", .int(line.actual.nanos)),
            ("baseline_usd", .usd(line.baseline)),
            ("baseline_nanos", .int(line.baseline.nanos)),
            ("savings_usd", .usd(line.savings)),
            ("savings_nanos", .int(line.savings.nanos)),
            ("savings_percent", line.savingsPercent.map(JSONValue.double) ?? .null),
            ("tokens_per_dollar_actual", line.tokensPerDollarActual.map(JSONValue.double) ?? .null),
            ("tokens_per_dollar_baseline", line.tokensPerDollarBaseline.map(JSONValue.double) ?? .null),
            ("efficiency_multiple", line.efficiencyMultiple.map(JSONValue.double) ?? .null),
        ]
    }
}
