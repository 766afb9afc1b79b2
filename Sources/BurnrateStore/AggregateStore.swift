import BurnrateCore

/// Totals of events grouped any way the analytics need, read from rollups kept at ingest.
///
/// Every implementation answers exactly what a fold over its raw events would: rollups cover the
/// whole buckets of a range and raw events the partial ones at either end.
public protocol AggregateStore: Sendable {
    /// Totals of the events matching `filter` per combination of `keys` (at most one `.time`
    /// key); groups in no particular order; an empty `keys` gives one group (or none without
    /// events).
    func aggregate(_ filter: EventFilter, by keys: [GroupKey]) async throws -> [AggregateGroup]

    /// How many distinct users have events matching `filter` (events without a user not counted).
    func activeUsers(_ filter: EventFilter) async throws -> Int64

    /// The models of the partially priced events matching `filter` (see `UnbilledRates`), most
    /// events first.
    func partiallyPriced(_ filter: EventFilter) async throws -> [PartiallyPricedModel]
}

/// What an aggregate groups events by.
public enum GroupKey: Sendable, Hashable {
    /// The value of a dimension.
    case dimension(Dimension)
    /// The value of the tag `KEY`.
    case tag(String)
    /// UTC-aligned buckets.
    case time(BucketInterval)
}

/// One group of an aggregate.
public struct AggregateGroup: Sendable, Hashable {
    /// One value per non-time key, in the order of the keys; `nil` for events without a value.
    public var keys: [String?]
    /// The bucket start when grouping by time (UTC-aligned), else `nil`.
    public var bucket: Timestamp?
    public var totals: UsageTotals

    public init(keys: [String?], bucket: Timestamp?, totals: UsageTotals) {
        self.keys = keys
        self.bucket = bucket
        self.totals = totals
    }
}

extension AggregateStore {
    /// Totals of the events matching `filter`, with the models that had no price.
    public func summary(_ filter: EventFilter) async throws -> LedgerSummary {
        let groups = try await aggregate(filter, by: [.dimension(.provider), .dimension(.model)])
        var summary = LedgerSummary()
        for group in groups {
            let totals = group.totals
            summary.requests += totals.requests
            summary.errorRequests += totals.errorRequests
            summary.usage = summary.usage + totals.usage
            summary.cost = summary.cost + totals.cost
            summary.unpricedRequests += totals.unpricedRequests
            summary.unpricedUsage = summary.unpricedUsage + totals.unpricedUsage
            if totals.unpricedRequests > 0 {
                summary.unpricedModels.append(
                    UnpricedModel(
                        provider: group.keys[0] ?? "", model: group.keys[1] ?? "", requests: totals.unpricedRequests,
                        inputTokens: totals.unpricedUsage.inputTokens, outputTokens: totals.unpricedUsage.outputTokens))
            }
        }
        summary.unpricedModels.sort { ($0.requests, $1.provider, $1.model) > ($1.requests, $0.provider, $0.model) }
        summary.partiallyPricedModels = try await partiallyPriced(filter)
        summary.partiallyPricedRequests = summary.partiallyPricedModels.reduce(0) { $0 + $1.requests }
        return summary
    }

    /// Totals of the events matching `filter` per value of `dimension`, costliest first (then most
    /// requests, then by key), at most `limit` groups; events without a value form the group with a
    /// `nil` key.
    public func breakdown(_ filter: EventFilter, by dimension: Dimension, limit: Int) async throws -> [BreakdownRow] {
        let groups = try await aggregate(filter, by: [.dimension(dimension)])
        let sorted = groups.sorted { left, right in
            (left.totals.cost.total.nanos, left.totals.requests, right.keys[0] ?? "")
                > (right.totals.cost.total.nanos, right.totals.requests, left.keys[0] ?? "")
        }
        return sorted.prefix(max(0, limit)).map { BreakdownRow(key: $0.keys[0], totals: $0.totals) }
    }

    /// Totals of the events matching `filter` per UTC bucket, oldest first; buckets without events
    /// are left out.
    public func timeseries(_ filter: EventFilter, interval: BucketInterval) async throws -> [TimeseriesPoint] {
        try await aggregate(filter, by: [.time(interval)])
            .compactMap { group in group.bucket.map { TimeseriesPoint(start: $0, totals: group.totals) } }
            .sorted { $0.start < $1.start }
    }
}

extension AggregateStore {
    /// `filter` starting at the hour from which on its newest `limit` events lie, read from the
    /// rollups' hourly request counts, or `nil` when no event matches: so that listing the latest
    /// events of a rare filter reads a few hours of raw events, not its whole range. The counts of
    /// the last day are read first, and those of the whole range only when it holds fewer.
    func narrowedToLatest(_ filter: EventFilter, limit: Int) async throws -> EventFilter? {
        var windows = [filter]
        if let to = filter.to {
            let hour: Int64 = 3_600_000_000
            let dayBefore = Timestamp(microseconds: to.adding(seconds: -86_400).microseconds.floorDiv(hour) * hour)
            if filter.from.map({ $0 < dayBefore }) ?? true {
                var lastDay = filter
                lastDay.from = dayBefore
                windows.insert(lastDay, at: 0)
            }
        }
        var matched: Int64 = 0
        for window in windows {
            let hours = try await aggregate(window, by: [.time(.hour)])
                .compactMap { group in group.bucket.map { (start: $0, requests: group.totals.requests) } }
                .sorted { $0.start > $1.start }
            matched = 0
            for hour in hours {
                matched += hour.requests
                guard matched >= limit else { continue }
                var narrowed = filter
                narrowed.from = max(hour.start, window.from ?? hour.start)
                return narrowed
            }
        }
        return matched > 0 ? filter : nil
    }
}
