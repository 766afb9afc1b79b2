import BurnrateCore
import BurnrateStore

/// Observed traffic priced on another model, per group.
struct WhatIfFigures: Sendable {
    var scope: AnalyticsScope
    var target: PriceEntry
    var key: GroupingKey
    var lines: [WhatIfLine]
    var total: WhatIfLine
    /// Requests left out because they have no recorded cost to compare with.
    var unpricedRequests: Int64
}

extension CostAnalytics {
    /// Prices the priced traffic of the scope, grouped by `key`, with `target`'s rates.
    func whatIf(_ scope: AnalyticsScope, target: PriceEntry, by key: GroupingKey) async throws -> WhatIfFigures {
        var lines: [WhatIfLine] = []
        var unpriced: Int64 = 0
        for line in try await self.lines(scope, by: [key]) {
            let totals = line.totals
            unpriced += totals.unpricedRequests
            let requests = totals.requests - totals.unpricedRequests
            guard requests > 0 else { continue }
            let usage = Self.subtract(totals.unpricedUsage, from: totals.usage)
            lines.append(
                WhatIfLine(
                    key: line.keys[0], requests: requests, usage: usage, actual: totals.cost.total,
                    projected: WhatIf.cost(of: usage, requests: requests, on: target)))
        }
        lines.sort { ($0.actual ?? .zero, $1.key ?? "") > ($1.actual ?? .zero, $0.key ?? "") }
        let total = lines.reduce(WhatIfLine(key: nil, requests: 0, usage: TokenUsage(), actual: .zero, projected: .zero)) { sum, line in
            WhatIfLine(
                key: nil, requests: sum.requests + line.requests, usage: sum.usage + line.usage,
                actual: (sum.actual ?? .zero) + (line.actual ?? .zero), projected: sum.projected + line.projected)
        }
        return WhatIfFigures(scope: scope, target: target, key: key, lines: lines, total: total, unpricedRequests: unpriced)
    }

    static func subtract(_ part: TokenUsage, from whole: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: whole.inputTokens - part.inputTokens, outputTokens: whole.outputTokens - part.outputTokens,
            cacheReadTokens: whole.cacheReadTokens - part.cacheReadTokens, cacheWriteTokens: whole.cacheWriteTokens - part.cacheWriteTokens,
            cacheWrite1hTokens: whole.cacheWrite1hTokens - part.cacheWrite1hTokens,
            reasoningTokens: whole.reasoningTokens - part.reasoningTokens)
    }
}
