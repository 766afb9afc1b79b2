import BurnrateCore
import BurnrateStore

/// JSON parts shared by the summary and the reports: token counts and unpriced usage.
enum SummaryPresenter {
    static func tokens(_ usage: TokenUsage) -> JSONValue {
        .fields([
            ("input", .int(usage.inputTokens)),
            ("output", .int(usage.outputTokens)),
            ("cache_read", .int(usage.cacheReadTokens)),
            ("cache_write", .int(usage.cacheWriteTokens)),
            ("reasoning", .int(usage.reasoningTokens)),
            ("total", .int(usage.totalTokens)),
        ])
    }

    /// Priced events that used something their price has no rate for, per model.
    static func partiallyPriced(_ models: [PartiallyPricedModel]) -> JSONValue {
        .fields([
            ("requests", .int(models.reduce(0) { $0 + $1.requests })),
            (
                "models",
                .array(
                    models.map { model in
                        .fields([
                            ("provider", .string(model.provider)),
                            ("model", .string(model.model)),
                            ("requests", .int(model.requests)),
                            ("unbilled", .array(model.unbilled.names.map(JSONValue.string))),
                        ])
                    })
            ),
        ])
    }

    /// Events without a price: counted apart, never as free, with the models to price.
    static func unpriced(totals: UsageTotals, models: [UnpricedModel]) -> JSONValue {
        .fields([
            ("requests", .int(totals.unpricedRequests)),
            ("input_tokens", .int(totals.unpricedUsage.inputTokens)),
            ("output_tokens", .int(totals.unpricedUsage.outputTokens)),
            (
                "models",
                .array(
                    models.map { model in
                        .fields([
                            ("provider", .string(model.provider)),
                            ("model", .string(model.model)),
                            ("requests", .int(model.requests)),
                            ("input_tokens", .int(model.inputTokens)),
                            ("output_tokens", .int(model.outputTokens)),
                        ])
                    })
            ),
        ])
    }
}
