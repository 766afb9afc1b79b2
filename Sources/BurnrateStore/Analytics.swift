import BurnrateCore

/// Totals over a group of events, as aggregates, breakdowns and time series report them.
public struct UsageTotals: Sendable, Hashable {
    public var requests: Int64 = 0
    public var errorRequests: Int64 = 0
    /// Tokens of every event, priced or not.
    public var usage = TokenUsage()
    /// Cost of priced events only; unpriced events are counted separately, never as $0.
    public var cost = CostBreakdown.zero
    public var unpricedRequests: Int64 = 0
    /// Tokens of the unpriced events (included in `usage`).
    public var unpricedUsage = TokenUsage()
    /// The sum of the events' `gpu_seconds`, each rounded to the microsecond, in microseconds: an
    /// exact integer, so that totals come out the same whichever rollup answers.
    public var gpuMicroseconds: Int64 = 0

    public init() {}

    /// The sum of the events' `gpu_seconds` (used to allocate shared GPU costs).
    public var gpuSeconds: Double { Double(gpuMicroseconds) / 1_000_000 }

    /// The totals of two disjoint groups together, e.g. hours folded into a local day.
    public static func + (left: UsageTotals, right: UsageTotals) -> UsageTotals {
        var sum = left
        sum.requests += right.requests
        sum.errorRequests += right.errorRequests
        sum.usage = sum.usage + right.usage
        sum.cost = sum.cost + right.cost
        sum.unpricedRequests += right.unpricedRequests
        sum.unpricedUsage = sum.unpricedUsage + right.unpricedUsage
        sum.gpuMicroseconds += right.gpuMicroseconds
        return sum
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

/// The width of a time bucket, aligned on UTC (and the Unix epoch).
///
/// Quarter hours let calendar periods in zones with :30 or :45 offsets be built from them.
public enum BucketInterval: String, Sendable, Hashable, CaseIterable {
    case quarterHour, hour, day

    /// The bucket width in seconds.
    public var seconds: Int64 {
        switch self {
        case .quarterHour: 900
        case .hour: 3600
        case .day: 86_400
        }
    }
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
