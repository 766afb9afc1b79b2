import BurnrateCore
import BurnrateStore

/// One group of a breakdown: its key values (one per grouping key), its token totals and its
/// share of the cost items.
struct BreakdownLine: Sendable, Hashable {
    var keys: [String?]
    var totals = UsageTotals()
    /// Cost items attributed to the group directly.
    var itemCost = Money.zero
    /// The group's usage-based share of shared cost items.
    var allocatedCost = Money.zero
    /// How many groups an "other" line folds together; `nil` for a real group.
    var folded: Int?

    /// Token cost and cost items together.
    var cost: Money { totals.cost.total + itemCost + allocatedCost }

    static func + (left: BreakdownLine, right: BreakdownLine) -> BreakdownLine {
        BreakdownLine(
            keys: left.keys, totals: left.totals + right.totals, itemCost: left.itemCost + right.itemCost,
            allocatedCost: left.allocatedCost + right.allocatedCost, folded: left.folded)
    }
}

/// Cost and usage per group, costliest first, with the groups past the limit folded into one
/// "other" line so that the lines sum exactly to the total.
struct BreakdownFigures: Sendable {
    var scope: AnalyticsScope
    var keys: [GroupingKey]
    var total: BreakdownLine
    var lines: [BreakdownLine]
    var other: BreakdownLine?
}

extension CostAnalytics {
    /// Groups the scope by `keys` (one or two), keeping the `limit` costliest groups.
    func breakdown(_ scope: AnalyticsScope, by keys: [GroupingKey], limit: Int) async throws -> BreakdownFigures {
        let lines = try await lines(scope, by: keys)
        let none = BreakdownLine(keys: keys.map { _ in nil })
        let total = lines.reduce(none, +)
        let ranked = Ranking.top(
            lines, limit: limit, cost: \.cost, tieBreak: { $0.keys.map { $0 ?? "" }.joined(separator: "\u{1F}") },
            fold: { rest in
                var other = rest.reduce(none, +)
                other.folded = rest.count
                return other
            })
        return BreakdownFigures(scope: scope, keys: keys, total: total, lines: ranked.top, other: ranked.other)
    }

    /// Every group of the scope by `keys`, token costs and cost items together, in no particular
    /// order.
    func lines(_ scope: AnalyticsScope, by keys: [GroupingKey]) async throws -> [BreakdownLine] {
        var lines: [[String?]: BreakdownLine] = [:]
        for group in try await aggregate(scope, by: keys.compactMap(\.storeKey)) {
            var values = group.keys.makeIterator()
            let expanded = keys.map { key in key == .category ? CostCategory.llmAPI.rawValue : values.next() ?? nil }
            lines[expanded, default: BreakdownLine(keys: expanded)].totals =
                lines[expanded, default: BreakdownLine(keys: expanded)].totals + group.totals
        }
        for item in try await itemLines(scope, by: keys) {
            var line = lines[item.keys] ?? BreakdownLine(keys: item.keys)
            if item.allocated { line.allocatedCost += item.amount } else { line.itemCost += item.amount }
            lines[item.keys] = line
        }
        return Array(lines.values)
    }
}
