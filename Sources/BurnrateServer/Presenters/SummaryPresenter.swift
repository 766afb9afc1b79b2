import BurnrateCore
import BurnrateStore

/// The JSON shape of a ledger summary.
enum SummaryPresenter {
    static func summary(_ summary: LedgerSummary, filter: EventFilter) -> JSONValue {
        let usage = summary.usage
        return .fields([
            ("from", filter.from.map { .string($0.rfc3339) }),
            ("to", filter.to.map { .string($0.rfc3339) }),
            ("requests", .int(summary.requests)),
            ("error_requests", .int(summary.errorRequests)),
            ("tokens", tokens(usage)),
            ("cost", EventPresenter.cost(summary.cost)),
            (
                "unpriced",
                .fields([
                    ("requests", .int(summary.unpricedRequests)),
                    ("input_tokens", .int(summary.unpricedUsage.inputTokens)),
                    ("output_tokens", .int(summary.unpricedUsage.outputTokens)),
                    (
                        "models",
                        .array(
                            summary.unpricedModels.map { model in
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
            ),
        ])
    }

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
}
