import BurnrateCore
import BurnrateStore

/// The ledger's totals as the series of the cost, request, token and unpriced-event families,
/// summed over the labels the configuration leaves out.
///
/// Everything is read from the store at scrape time, in exact nano-dollars and counts.
struct LedgerSeries: Sendable, Hashable {
    var cost: SeriesSet
    var requests: SeriesSet
    var tokens: SeriesSet
    var unpricedEvents: SeriesSet

    /// The token types of `burnrate_tokens_total`, with the count each takes from a usage.
    static let tokenTypes: [(name: String, count: @Sendable (TokenUsage) -> Int64)] = [
        ("input", \TokenUsage.inputTokens), ("output", \TokenUsage.outputTokens), ("cache_read", \TokenUsage.cacheReadTokens),
        ("cache_write", \TokenUsage.cacheWriteTokens), ("reasoning", \TokenUsage.reasoningTokens),
    ]

    /// Reads every event total (one aggregate, which a rollup answers for the default labels) and
    /// the cost items' amounts from their start to `now`.
    static func read(from store: any LedgerStore, labels: [MetricLabel], now: Timestamp) async throws -> LedgerSeries {
        let eventLabels = labels.filter { $0.dimension != nil }
        let unpricedLabels = eventLabels.filter { $0 == .provider || $0 == .model }
        var series = LedgerSeries(
            cost: SeriesSet(labelNames: labels.map(\.rawValue)),
            requests: SeriesSet(labelNames: eventLabels.map(\.rawValue)),
            tokens: SeriesSet(labelNames: ["type"] + eventLabels.map(\.rawValue), fixedLabelCount: 1),
            unpricedEvents: SeriesSet(labelNames: unpricedLabels.map(\.rawValue)))
        let groups = try await store.aggregate(EventFilter(), by: eventLabels.compactMap { $0.dimension.map(GroupKey.dimension) })
        for group in groups {
            let values = group.keys.map { $0 ?? "" }
            let byLabel = Dictionary(uniqueKeysWithValues: zip(eventLabels, values))
            let totals = group.totals
            series.cost.add(totals.cost.total.nanos, labels.map { byLabel[$0] ?? CostCategory.llmAPI.rawValue })
            series.requests.add(totals.requests, values)
            for type in tokenTypes {
                series.tokens.add(type.count(totals.usage), [type.name] + values)
            }
            series.unpricedEvents.add(totals.unpricedRequests, unpricedLabels.compactMap { byLabel[$0] })
        }
        for item in try await store.costItems(overlapping: nil, to: now) {
            let amount = CostSpread.amount(of: item, from: item.periodStart, to: now)
            series.cost.add(
                amount.nanos,
                labels.map { label in
                    label.dimension.map { CostAnalytics.value(of: item, $0) ?? "" } ?? item.category.rawValue
                })
        }
        return series
    }

    /// Each family capped at `limit` series, with how many series each folded, by family name.
    func capped(at limit: Int) -> (series: LedgerSeries, folded: [String: Int]) {
        let cost = cost.capped(at: limit)
        let requests = requests.capped(at: limit)
        let tokens = tokens.capped(at: limit)
        let unpriced = unpricedEvents.capped(at: limit)
        return (
            LedgerSeries(cost: cost.series, requests: requests.series, tokens: tokens.series, unpricedEvents: unpriced.series),
            [
                MetricNames.cost.name: cost.folded, MetricNames.requests.name: requests.folded,
                MetricNames.tokens.name: tokens.folded, MetricNames.unpricedEvents.name: unpriced.folded,
            ]
        )
    }
}
