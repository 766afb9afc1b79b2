/// One month of a deployment: its fixed cost shared exactly among the groups that used it, the
/// effective price per 1K tokens and what its idle capacity cost.
public enum SelfHostedCost {
    /// The month of `deployment` from its usage per group (feature, tenant...).
    ///
    /// The fixed cost is split by tokens or GPU seconds with largest-remainder rounding, so the
    /// shares add up to it exactly; without any usage it is all idle and unallocated. A month
    /// still running at `end` bears the elapsed part of its fixed cost and capacity only.
    public static func month(
        _ deployment: Deployment, period: Range<Timestamp>, end: Timestamp? = nil, usage: [SelfHostedUsage]
    ) -> SelfHostedMonth {
        let monthSeconds = (period.upperBound.microseconds - period.lowerBound.microseconds) / 1_000_000
        let upper = min(period.upperBound, max(period.lowerBound, end ?? period.upperBound))
        let seconds = (upper.microseconds - period.lowerBound.microseconds) / 1_000_000
        let full = deployment.cost.monthly(hours: monthSeconds / 3600)
        let fixed = seconds == monthSeconds || monthSeconds == 0 ? full : full.scaled(by: seconds, over: monthSeconds)
        var weights: [String: Int64] = [:]
        var tokens: Int64 = 0
        var gpuMicroseconds: Int64 = 0
        var requests: Int64 = 0
        for line in usage {
            let key = line.key ?? Allocation.unallocatedKey
            weights[key, default: 0] += deployment.basis == .tokens ? line.tokens : line.gpuMicroseconds
            tokens += line.tokens
            gpuMicroseconds += line.gpuMicroseconds
            requests += line.requests
        }
        let shares = weights.values.contains { $0 > 0 } ? Allocation.split(fixed, weights: weights) : [:]
        let capacity = deployment.throughputTokensPerSecond.map { $0 * seconds }
        var idle: Money?
        var utilization: Double?
        if let capacity, capacity > 0 {
            let used = min(tokens, capacity)
            utilization = Double(tokens) / Double(capacity)
            idle = fixed.scaled(by: capacity - used, over: capacity)
        }
        return SelfHostedMonth(
            period: period.lowerBound..<upper, monthFixedCost: full, fixedCost: fixed, requests: requests, tokens: tokens,
            gpuMicroseconds: gpuMicroseconds,
            allocations: shares.map { SelfHostedShare(key: $0.key == Allocation.unallocatedKey ? nil : $0.key, cost: $0.value) }
                .sorted { ($0.cost, $1.key ?? "") > ($1.cost, $0.key ?? "") },
            capacityTokens: capacity, utilization: utilization, idleCost: idle)
    }
}

/// One group's use of a deployment in a month.
public struct SelfHostedUsage: Sendable, Hashable {
    public var key: String?
    public var requests: Int64
    /// Input plus output tokens.
    public var tokens: Int64
    public var gpuMicroseconds: Int64

    public init(key: String?, requests: Int64, tokens: Int64, gpuMicroseconds: Int64) {
        self.key = key
        self.requests = requests
        self.tokens = tokens
        self.gpuMicroseconds = gpuMicroseconds
    }
}

/// A group's share of a month's fixed cost.
public struct SelfHostedShare: Sendable, Hashable {
    public var key: String?
    public var cost: Money
}

/// A deployment's month.
public struct SelfHostedMonth: Sendable, Hashable {
    /// The month, or its elapsed part while it runs.
    public var period: Range<Timestamp>
    /// The whole month's fixed cost.
    public var monthFixedCost: Money
    /// The fixed cost of `period`: the whole month's, or its elapsed share.
    public var fixedCost: Money
    public var requests: Int64
    public var tokens: Int64
    public var gpuMicroseconds: Int64
    /// The fixed cost per group, largest first; sums to `fixedCost` when anything ran.
    public var allocations: [SelfHostedShare]
    /// Tokens the declared throughput could serve in the month.
    public var capacityTokens: Int64?
    /// Tokens served ÷ capacity.
    public var utilization: Double?
    /// The fixed cost of the unused capacity: fixed × (capacity − used) ÷ capacity.
    public var idleCost: Money?

    /// The fixed cost per 1,000 tokens actually served; `nil` when none were.
    public var costPerThousandTokens: Money? {
        tokens > 0 ? fixedCost.scaled(by: 1_000, over: tokens) : nil
    }
}
