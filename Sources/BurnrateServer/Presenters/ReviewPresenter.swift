import BurnrateCore

/// The JSON shape of a cost review.
enum ReviewPresenter {
    static func review(_ review: CostReview) -> JSONValue {
        .fields([
            ("period", .string(review.label)),
            ("kind", .string(review.kind)),
            ("title", .string(review.title)),
            ("from", .string(review.range.lowerBound.rfc3339)),
            ("to", .string(review.range.upperBound.rfc3339)),
            ("time_zone", .string(review.timeZone)),
            ("generated_at", .string(review.generatedAt.rfc3339)),
            ("partial", .bool(review.isPartial)),
            ("totals", totals(review.current)),
            ("previous", .fields([("title", .string(review.previousTitle))] + totalsFields(review.previous))),
            ("change", AnalyticsPresenter.change(CostChange(current: review.current.cost, previous: review.previous.cost))),
            (
                "breakdowns",
                .fields(
                    review.breakdowns.map { breakdown in
                        (
                            breakdown.title.lowercased(),
                            .array(
                                breakdown.rows.map { row in
                                    .fields([
                                        ("key", .string(row.label)),
                                        ("cost_usd", .usd(row.cost)),
                                        ("share", .double(row.share)),
                                        ("previous_cost_usd", .usd(row.previousCost)),
                                        ("change_percent", AnalyticsPresenter.optionalDouble(row.change.percent)),
                                        ("requests", .int(row.requests)),
                                    ])
                                })
                        )
                    })
            ),
            (
                "trend",
                .array(
                    review.trend.map { point in
                        .fields([("period", .string(point.label)), ("cost_usd", .usd(point.cost)), ("requests", .int(point.requests))])
                    })
            ),
            ("findings", .array(review.findings.map(AnalyticsPresenter.finding))),
            ("unit_economics", review.economics.map(AnalyticsPresenter.economics) ?? .null),
            (
                "outcomes",
                review.outcomes.map { outcomes in
                    .fields([
                        ("definition", .string(OutcomeEconomicsPresenter.definition)),
                        ("total", OutcomeEconomicsPresenter.figures(outcomes.total)),
                        (
                            "features",
                            .array(
                                outcomes.features.map {
                                    .fields([
                                        ("feature", .optionalString($0.feature)),
                                        ("figures", OutcomeEconomicsPresenter.figures($0.figures)),
                                    ])
                                })
                        ),
                    ])
                } ?? .null
            ),
        ])
    }

    static func totals(_ totals: ReviewTotals) -> JSONValue { .fields(totalsFields(totals)) }

    static func totalsFields(_ totals: ReviewTotals) -> [(String, JSONValue?)] {
        [
            ("cost_usd", .usd(totals.cost)),
            ("cost_nanos", .int(totals.cost.nanos)),
            ("token_cost_usd", .usd(totals.tokenCost)),
            ("other_cost_usd", .usd(totals.otherCost)),
            ("requests", .int(totals.requests)),
            ("tokens", .int(totals.pricedTokens)),
            ("active_users", .int(totals.activeUsers)),
            ("cost_per_request_usd", AnalyticsPresenter.optionalUSD(totals.costPerRequest)),
            ("cost_per_1k_tokens_usd", AnalyticsPresenter.optionalUSD(totals.costPerThousandTokens)),
            ("cost_per_active_user_usd", AnalyticsPresenter.optionalUSD(totals.costPerUser)),
            ("cache_hit_rate", AnalyticsPresenter.optionalDouble(totals.cacheHitRate)),
            ("failed_requests_cost_usd", .usd(totals.failedCost)),
            ("unpriced_requests", .int(totals.unpricedRequests)),
        ]
    }
}

extension CostReview {
    /// The review as the JSON `GET /api/v1/reports/{period}` returns.
    public var jsonText: String { ReviewPresenter.review(self).serialized(indent: 2) + "\n" }
}
