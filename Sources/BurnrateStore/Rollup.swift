import BurnrateCore

/// One cell of the hourly rollup: an hour and a combination of dimensions.
///
/// Rollups hold sums of events so that aggregates never scan raw events; every backend keeps them
/// in the same transaction as the events they sum.
struct RollupKey: Hashable {
    var bucket: Int64
    var provider: String
    var model: String
    var tenant: String
    var feature: String
    var team: String
    var environment: String
    var status: String
    var priced: Bool

    init(_ priced: PricedEvent) {
        let event = priced.event
        bucket = event.timestamp.microseconds.floorDiv(3_600_000_000) * 3600
        provider = priced.event.provider
        model = event.model
        tenant = event.attribution.tenant ?? ""
        feature = event.attribution.feature ?? ""
        team = event.attribution.team ?? ""
        environment = event.attribution.environment ?? ""
        status = event.status.rawValue
        self.priced = priced.isPriced
    }
}

/// Sums kept per rollup cell; a negative `requests` removes events (used when repricing).
struct RollupTotals {
    var requests: Int64 = 0
    var usage = TokenUsage()
    var cost = CostBreakdown.zero

    mutating func add(_ priced: PricedEvent, sign: Int64 = 1) {
        requests += sign
        let usage = priced.event.usage
        self.usage =
            self.usage
            + TokenUsage(
                inputTokens: sign * usage.inputTokens, outputTokens: sign * usage.outputTokens,
                cacheReadTokens: sign * usage.cacheReadTokens, cacheWriteTokens: sign * usage.cacheWriteTokens,
                cacheWrite1hTokens: sign * usage.cacheWrite1hTokens, reasoningTokens: sign * usage.reasoningTokens)
        let cost = priced.cost
        self.cost =
            self.cost
            + CostBreakdown(
                uncachedInput: Money(nanos: sign * cost.uncachedInput.nanos), cacheRead: Money(nanos: sign * cost.cacheRead.nanos),
                cacheWrite: Money(nanos: sign * cost.cacheWrite.nanos), output: Money(nanos: sign * cost.output.nanos))
    }
}

/// Accumulates rollup changes for a batch so that each cell is written once.
struct RollupBatch {
    private(set) var cells: [RollupKey: RollupTotals] = [:]

    mutating func add(_ priced: PricedEvent, sign: Int64 = 1) {
        cells[RollupKey(priced), default: RollupTotals()].add(priced, sign: sign)
    }
}
