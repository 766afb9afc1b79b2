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
                "compression",
                .fields([
                    ("total", .fields(compression(figures.compression.total))),
                    (
                        "rows",
                        .array(
                            figures.compression.lines.map { .fields([("key", $0.key.map(JSONValue.string) ?? .null)] + compression($0)) })
                    ),
                    ("requests_with_retired_price", .int(figures.compression.unvaluedRequests)),
                    (
                        "method",
                        .string(
                            "Events that report original_input_tokens (the prompt's size before client-side compression or optimization): removed tokens = original_input_tokens - input_tokens, valued at the uncached input rate of the price entry, tier and context length each request was billed at. Only priced events count."
                        )
                    ),
                ])
            ),
            (
                "method",
                .string(
                    "Each group's priced requests, per UTC day, repriced at the baseline's standard list rates in effect that day (prices change at UTC midnight, so the dated price is exact per day) with the same token mix (input, cached input, cache writes, output). Savings = baseline - actual; savings_percent = savings / baseline; efficiency_multiple = baseline / actual; tokens per dollar = input + output tokens / cost. Batch and service-tier discounts are not applied to the baseline; long-context rates apply when a group-day's average input exceeds the baseline's threshold. Unpriced requests are left out and counted."
                )
            ),
        ])
    }

    static func compression(_ line: CompressionLine) -> [(String, JSONValue?)] {
        [
            ("requests", .int(line.requests)),
            ("original_input_tokens", .int(line.originalInputTokens)),
            ("sent_input_tokens", .int(line.sentInputTokens)),
            ("removed_tokens", .int(line.removedTokens)),
            ("reduction_percent", line.reduction.map { .double($0 * 100) } ?? .null),
            ("savings_usd", .usd(line.savings)),
            ("savings_nanos", .int(line.savings.nanos)),
        ]
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
