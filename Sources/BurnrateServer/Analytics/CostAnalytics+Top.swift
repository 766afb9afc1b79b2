import BurnrateCore
import BurnrateStore

/// Who or what spends most, and who or what drives the change against the previous period.
struct TopFigures: Sendable {
    var scope: AnalyticsScope
    var previousRange: Range<Timestamp>
    var key: GroupingKey
    var total: CostChange
    /// The costliest groups of the period.
    var spenders: [BreakdownLine]
    /// Groups whose cost rose, largest increase first.
    var risers: [Mover]
    /// Groups whose cost fell, largest fall first.
    var fallers: [Mover]
}

extension CostAnalytics {
    func top(_ scope: AnalyticsScope, by key: GroupingKey, limit: Int) async throws -> TopFigures {
        let previousRange = previousPeriod(of: scope.range)
        let current = try await lines(scope, by: [key])
        let previous = try await lines(scope.over(previousRange), by: [key])
        func costs(_ lines: [BreakdownLine]) -> [String?: Money] {
            Dictionary(lines.map { ($0.keys[0], $0.cost) }, uniquingKeysWith: +)
        }
        let movers = Movers.rank(current: costs(current), previous: costs(previous))
        let total = CostChange(
            current: current.reduce(Money.zero) { $0 + $1.cost },
            previous: previous.reduce(Money.zero) { $0 + $1.cost })
        let spenders = Ranking.top(current, limit: limit, cost: \.cost, tieBreak: { $0.keys[0] ?? "" }, fold: { $0[0] }).top
        return TopFigures(
            scope: scope, previousRange: previousRange, key: key, total: total, spenders: spenders,
            risers: Array(movers.filter { $0.change.absolute > .zero }.prefix(limit)),
            fallers: Array(movers.filter { $0.change.absolute < .zero }.reversed().prefix(limit)))
    }
}
