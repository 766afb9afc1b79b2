import BurnrateCore

/// The sums of one group of an aggregate while its rows are folded: priced and unpriced rows
/// apart, each sum of `RollupTotals.columns` in 128 bits, so that rows taken away (see
/// `AggregatePlan.Piece.subtracted`) and totals beyond the range of `Int64` fold exactly,
/// whatever the order of the rows, and are clamped once at the end.
struct AggregateSums {
    private var priced = [Int128](repeating: 0, count: RollupTotals.columns.count)
    private var unpriced = [Int128](repeating: 0, count: RollupTotals.columns.count)

    /// Adds one row of an aggregate statement: bucket, priced flag, then the sums of
    /// `RollupTotals.columns`.
    mutating func add(_ numbers: [Int64]) {
        if numbers[1] != 0 {
            for index in priced.indices { priced[index] += Int128(numbers[index + 2]) }
        } else {
            for index in unpriced.indices { unpriced[index] += Int128(numbers[index + 2]) }
        }
    }

    /// Whether every event of the group was taken away again.
    var isEmpty: Bool { priced[0] + unpriced[0] == 0 }

    /// The totals; a sum beyond the range of `Int64` stops at its end, as `Money` does.
    var totals: UsageTotals {
        func clamped(_ sum: Int128) -> Int64 { Int64(clamping: sum) }
        func usage(_ sums: [Int128]) -> TokenUsage {
            TokenUsage(
                inputTokens: clamped(sums[2]), outputTokens: clamped(sums[3]), cacheReadTokens: clamped(sums[4]),
                cacheWriteTokens: clamped(sums[5]), cacheWrite1hTokens: clamped(sums[6]), reasoningTokens: clamped(sums[7]))
        }
        let all = zip(priced, unpriced).map { $0 + $1 }
        var totals = UsageTotals()
        totals.requests = clamped(all[0])
        totals.errorRequests = clamped(all[1])
        totals.usage = usage(all)
        totals.cost = CostBreakdown(
            uncachedInput: Money(clamping: priced[8]), cacheRead: Money(clamping: priced[9]), cacheWrite: Money(clamping: priced[10]),
            output: Money(clamping: priced[11]))
        totals.unpricedRequests = clamped(unpriced[0])
        totals.unpricedUsage = usage(unpriced)
        totals.gpuMicroseconds = clamped(all[12])
        return totals
    }
}
