import BurnrateCore
import BurnrateStore
import Foundation

/// The JSON shapes of the analytics endpoints.
enum AnalyticsPresenter {
    static func summary(_ figures: SummaryFigures, calendar: ReportingCalendar) -> JSONValue {
        let current = figures.current
        let totals = current.totals
        let cost = current.cost
        let tokens = totals.usage.totalTokens
        return .fields([
            ("from", .string(figures.scope.range.lowerBound.rfc3339)),
            ("to", .string(figures.scope.range.upperBound.rfc3339)),
            ("time_zone", .string(calendar.zoneName)),
            ("cost_usd", .usd(cost)),
            ("cost_nanos", .int(cost.nanos)),
            ("token_cost_usd", .usd(totals.cost.total)),
            ("non_token_cost_usd", .usd(current.itemCost)),
            (
                "by_category",
                .array(
                    current.categoryCosts.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map { category, amount in
                        .fields([
                            ("category", .string(category.rawValue)), ("cost_usd", .usd(amount)),
                            ("share", .double(Ranking.share(amount, of: cost))),
                        ])
                    })
            ),
            ("cost", EventPresenter.cost(totals.cost)),
            ("requests", .int(totals.requests)),
            ("error_requests", .int(totals.errorRequests)),
            ("tokens", SummaryPresenter.tokens(totals.usage)),
            ("active_users", .int(current.activeUsers)),
            (
                "unit_costs",
                .fields([
                    (
                        "per_request_usd",
                        optionalUSD(UnitCost.perRequest(totals.cost.total, requests: totals.requests - totals.unpricedRequests))
                    ),
                    (
                        "per_1k_tokens_usd",
                        optionalUSD(UnitCost.perThousandTokens(totals.cost.total, tokens: tokens - totals.unpricedUsage.totalTokens))
                    ),
                    ("per_active_user_usd", optionalUSD(UnitCost.perUser(cost, users: current.activeUsers))),
                ])
            ),
            (
                "failed_requests",
                .fields([
                    ("requests", .int(current.failed.requests)),
                    ("cost_usd", .usd(current.failed.cost.total)),
                    ("share_of_cost", .double(Ranking.share(current.failed.cost.total, of: cost))),
                ])
            ),
            ("unpriced", SummaryPresenter.unpriced(totals: totals, models: current.unpricedModels)),
            ("partially_priced", SummaryPresenter.partiallyPriced(current.partiallyPricedModels)),
            (
                "previous_period",
                .fields([
                    ("from", .string(figures.previous.range.lowerBound.rfc3339)),
                    ("to", .string(figures.previous.range.upperBound.rfc3339)),
                    ("cost_usd", .usd(figures.previous.cost)),
                    ("requests", .int(figures.previous.totals.requests)),
                    ("tokens", .int(figures.previous.totals.usage.totalTokens)),
                    ("active_users", .int(figures.previous.activeUsers)),
                ])
            ),
            ("change", change(figures.change)),
            (
                "growth",
                .fields([
                    ("cost_percent", optionalDouble(figures.growth.costPercent)),
                    ("usage_percent", optionalDouble(figures.growth.usagePercent)),
                    ("unit_cost_percent", optionalDouble(figures.growth.unitCostPercent)),
                    ("verdict", .string(figures.growth.verdict.rawValue)),
                    ("flagged", .bool(figures.growth.verdict == .costFasterThanUsage)),
                ])
            ),
            ("unit_economics", figures.economics.map(economics) ?? .null),
            ("findings", .array(figures.findings.map(finding))),
        ])
    }

    static func change(_ change: CostChange) -> JSONValue {
        .fields([
            ("cost_usd", .usd(change.absolute)),
            ("cost_nanos", .int(change.absolute.nanos)),
            ("percent", optionalDouble(change.percent)),
        ])
    }

    static func economics(_ economics: UnitEconomics) -> JSONValue {
        .fields([
            ("revenue_usd", .usd(economics.revenue)),
            ("cost_usd", .usd(economics.cost)),
            ("margin_usd", .usd(economics.margin)),
            ("return", optionalDouble(economics.returnOnCost)),
            ("revenue_per_user_usd", optionalUSD(economics.revenuePerUser)),
            ("cost_per_user_usd", optionalUSD(economics.costPerUser)),
            ("margin_per_user_usd", optionalUSD(economics.marginPerUser)),
        ])
    }

    static func finding(_ finding: Finding) -> JSONValue {
        .fields([
            ("code", .string(finding.code)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
            ("action", finding.action.map(JSONValue.string)),
        ])
    }

    /// The figures of one group: cost (tokens and cost items), share of the total, requests,
    /// tokens and unit costs.
    static func line(_ line: BreakdownLine, of whole: Money) -> [(String, JSONValue?)] {
        let totals = line.totals
        let tokenCost = totals.cost.total
        return [
            ("cost_usd", .usd(line.cost)),
            ("cost_nanos", .int(line.cost.nanos)),
            ("share", .double(Ranking.share(line.cost, of: whole))),
            ("token_cost_usd", .usd(tokenCost)),
            ("item_cost_usd", .usd(line.itemCost)),
            ("allocated_cost_usd", .usd(line.allocatedCost)),
            ("requests", .int(totals.requests)),
            ("tokens", .int(totals.usage.totalTokens)),
            ("input_tokens", .int(totals.usage.inputTokens)),
            ("output_tokens", .int(totals.usage.outputTokens)),
            ("cost_per_request_usd", optionalUSD(UnitCost.perRequest(tokenCost, requests: totals.requests - totals.unpricedRequests))),
            (
                "cost_per_1k_tokens_usd",
                optionalUSD(UnitCost.perThousandTokens(tokenCost, tokens: totals.usage.totalTokens - totals.unpricedUsage.totalTokens))
            ),
            ("unpriced_requests", .int(totals.unpricedRequests)),
        ]
    }

    static func breakdown(_ figures: BreakdownFigures) -> JSONValue {
        let whole = figures.total.cost
        func row(_ line: BreakdownLine) -> JSONValue {
            var fields: [(String, JSONValue?)] = []
            if let folded = line.folded {
                fields.append(("other", .bool(true)))
                fields.append(("groups", .int(folded)))
            } else {
                fields.append(("key", .fields(zip(figures.keys, line.keys).map { ($0.description, $1.map(JSONValue.string) ?? .null) })))
            }
            return .fields(fields + self.line(line, of: whole))
        }
        return .fields([
            ("from", .string(figures.scope.range.lowerBound.rfc3339)),
            ("to", .string(figures.scope.range.upperBound.rfc3339)),
            ("by", .array(figures.keys.map { .string($0.description) })),
            ("total", .fields(line(figures.total, of: whole))),
            ("rows", .array(figures.lines.map(row) + (figures.other.map { [row($0)] } ?? []))),
        ])
    }

    static func timeseries(_ figures: TimeseriesFigures, calendar: ReportingCalendar) -> JSONValue {
        func point(_ index: Int, _ line: BreakdownLine) -> JSONValue {
            .fields([
                ("start", .string(figures.periods[index].lowerBound.rfc3339)),
                ("end", .string(figures.periods[index].upperBound.rfc3339)),
                ("label", .string(figures.labels[index])),
                ("cost_usd", .usd(line.cost)),
                ("cost_nanos", .int(line.cost.nanos)),
                ("token_cost_usd", .usd(line.totals.cost.total)),
                ("requests", .int(line.totals.requests)),
                ("tokens", .int(line.totals.usage.totalTokens)),
                ("unpriced_requests", .int(line.totals.unpricedRequests)),
            ])
        }
        return .fields([
            ("from", .string(figures.scope.range.lowerBound.rfc3339)),
            ("to", .string(figures.scope.range.upperBound.rfc3339)),
            ("interval", .string(figures.interval.rawValue)),
            ("time_zone", .string(calendar.zoneName)),
            ("by", figures.key.map { .string($0.description) }),
            (
                "series",
                .array(
                    figures.series.map { series in
                        .fields([
                            ("key", series.isOther ? .string("other") : series.key.map(JSONValue.string) ?? .null),
                            ("other", series.isOther ? .bool(true) : nil),
                            ("cost_usd", .usd(series.cost)),
                            ("points", .array(series.points.enumerated().map { point($0.offset, $0.element) })),
                        ])
                    })
            ),
        ])
    }

    static func top(_ figures: TopFigures) -> JSONValue {
        let increase = figures.total.absolute
        func mover(_ mover: Mover) -> JSONValue {
            .fields([
                ("key", mover.key.map(JSONValue.string) ?? .null),
                ("cost_usd", .usd(mover.change.current)),
                ("previous_cost_usd", .usd(mover.change.previous)),
                ("change_usd", .usd(mover.change.absolute)),
                ("change_percent", optionalDouble(mover.change.percent)),
                (
                    "share_of_change",
                    increase == .zero ? nil : .double(Double(mover.change.absolute.nanos) / Double(increase.nanos))
                ),
            ])
        }
        return .fields([
            ("from", .string(figures.scope.range.lowerBound.rfc3339)),
            ("to", .string(figures.scope.range.upperBound.rfc3339)),
            ("previous_from", .string(figures.previousRange.lowerBound.rfc3339)),
            ("previous_to", .string(figures.previousRange.upperBound.rfc3339)),
            ("by", .string(figures.key.description)),
            ("cost_usd", .usd(figures.total.current)),
            ("previous_cost_usd", .usd(figures.total.previous)),
            ("change", change(figures.total)),
            (
                "top_spenders",
                .array(
                    figures.spenders.map { line in
                        .fields([("key", line.keys[0].map(JSONValue.string) ?? .null)] + self.line(line, of: figures.total.current))
                    })
            ),
            ("top_risers", .array(figures.risers.map(mover))),
            ("top_fallers", .array(figures.fallers.map(mover))),
        ])
    }

    static func whatIf(_ figures: WhatIfFigures) -> JSONValue {
        func line(_ line: WhatIfLine) -> [(String, JSONValue?)] {
            [
                ("requests", .int(line.requests)),
                ("input_tokens", .int(line.usage.inputTokens)),
                ("cached_input_tokens", .int(line.usage.cacheReadTokens)),
                ("output_tokens", .int(line.usage.outputTokens)),
                ("actual_usd", optionalUSD(line.actual)),
                ("projected_usd", .usd(line.projected)),
                ("difference_usd", optionalUSD(line.difference)),
                (
                    "difference_percent",
                    line.actual.flatMap { Growth.percent(current: line.projected.nanos, previous: $0.nanos) }.map(JSONValue.double)
                ),
            ]
        }
        return .fields([
            ("from", .string(figures.scope.range.lowerBound.rfc3339)),
            ("to", .string(figures.scope.range.upperBound.rfc3339)),
            (
                "target",
                .fields([
                    ("provider", .string(figures.target.provider)),
                    ("model", .string(figures.target.model)),
                    ("price_id", .string(figures.target.id)),
                ])
            ),
            ("by", .string(figures.key.description)),
            ("total", .fields(line(figures.total))),
            ("rows", .array(figures.lines.map { .fields([("key", $0.key.map(JSONValue.string) ?? .null)] + line($0)) })),
            ("unpriced_requests_excluded", .int(figures.unpricedRequests)),
            (
                "method",
                .string(
                    "The priced requests of the filter, with their recorded token mix (input, cached input, cache writes, output), priced at the target's standard list rates; batch and service-tier discounts are not applied, and long-context rates apply when a group's average input exceeds the target's threshold."
                )
            ),
        ])
    }

    static func optionalUSD(_ money: Money?) -> JSONValue { money.map(JSONValue.usd) ?? .null }
    static func optionalDouble(_ value: Double?) -> JSONValue { value.flatMap { $0.isFinite ? JSONValue.double($0) : nil } ?? .null }
}
