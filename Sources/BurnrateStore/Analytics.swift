import BurnrateCore

/// Totals over a group of events, as breakdowns and time series report them.
public struct UsageTotals: Sendable, Hashable {
    public var requests: Int64 = 0
    public var errorRequests: Int64 = 0
    public var usage = TokenUsage()
    /// Cost of priced events only; unpriced events are counted separately, never as $0.
    public var cost = CostBreakdown.zero
    public var unpricedRequests: Int64 = 0

    public init() {}

    /// Adds the sums of one row of an aggregate query.
    mutating func add(_ row: AggregateRow) {
        requests += row.requests
        usage = usage + row.usage
        if row.status == EventStatus.error.rawValue { errorRequests += row.requests }
        if row.priced {
            cost = cost + row.cost
        } else {
            unpricedRequests += row.requests
        }
    }
}

/// One group of a breakdown.
public struct BreakdownRow: Sendable, Hashable {
    /// The dimension's value; `nil` for events without one.
    public var key: String?
    public var totals: UsageTotals

    public init(key: String?, totals: UsageTotals) {
        self.key = key
        self.totals = totals
    }
}

/// One bucket of a time series.
public struct TimeseriesPoint: Sendable, Hashable {
    /// The start of the bucket.
    public var start: Timestamp
    public var totals: UsageTotals

    public init(start: Timestamp, totals: UsageTotals) {
        self.start = start
        self.totals = totals
    }
}

/// The width of a time-series bucket, in UTC.
public enum BucketInterval: String, Sendable, Hashable, CaseIterable {
    case hour, day

    /// The bucket width in seconds.
    public var seconds: Int64 { self == .hour ? 3600 : 86_400 }
}

/// What a retention run deleted.
public struct RetentionReport: Sendable, Hashable {
    public var cutoff: Timestamp
    public var eventsDeleted: Int64
    /// Monthly partitions dropped whole (PostgreSQL only).
    public var partitionsDropped: [String]

    public init(cutoff: Timestamp, eventsDeleted: Int64, partitionsDropped: [String] = []) {
        self.cutoff = cutoff
        self.eventsDeleted = eventsDeleted
        self.partitionsDropped = partitionsDropped
    }
}
