import BurnrateCore
import BurnrateStore

/// Cost and usage per calendar period, every period present, optionally one series per group.
struct TimeseriesFigures: Sendable {
    struct Series: Sendable {
        /// The group's value; `nil` for events without one, or for the total and "other" series.
        var key: String?
        var isOther: Bool
        var points: [BreakdownLine]

        var cost: Money { points.reduce(Money.zero) { $0 + $1.cost } }
    }

    var scope: AnalyticsScope
    var interval: CalendarInterval
    var key: GroupingKey?
    /// The calendar periods, clipped to the scope's range.
    var periods: [Range<Timestamp>]
    /// The label of each period in the reporting time zone.
    var labels: [String]
    var series: [Series]
}

extension CostAnalytics {
    /// The scope per period of `interval`; with `key`, one series for each of the `limit`
    /// costliest groups and one for the rest.
    func timeseries(
        _ scope: AnalyticsScope, interval: CalendarInterval, by key: GroupingKey?, limit: Int
    ) async throws
        -> TimeseriesFigures
    {
        let keys = key.map { [$0] } ?? []
        let (periods, groups) = try await periods(scope, interval: interval, by: keys.compactMap(\.storeKey))
        let clipped = periods.map { max($0.lowerBound, scope.range.lowerBound)..<min($0.upperBound, scope.range.upperBound) }
        let empty = Array(repeating: BreakdownLine(keys: keys.map { _ in nil }), count: periods.count)
        var series: [[String?]: [BreakdownLine]] = [:]
        for (groupKeys, totals) in groups {
            let expanded = key == .category ? [CostCategory.llmAPI.rawValue] : groupKeys
            series[expanded, default: empty] = zip(series[expanded, default: empty], totals).map { line, totals in
                var line = line
                line.totals = line.totals + totals
                return line
            }
        }
        let items = try await store.costItems(overlapping: scope.range.lowerBound, to: scope.range.upperBound)
        if !items.isEmpty {
            for (index, period) in clipped.enumerated() {
                for item in try await itemLines(scope.over(period), by: keys, of: items) {
                    var points = series[item.keys, default: empty]
                    if item.allocated { points[index].allocatedCost += item.amount } else { points[index].itemCost += item.amount }
                    series[item.keys] = points
                }
            }
        }
        let all = series.map { TimeseriesFigures.Series(key: key == nil ? nil : $0.key.first ?? nil, isOther: false, points: $0.value) }
        let ranked = Ranking.top(
            all, limit: key == nil ? 1 : limit, cost: \.cost, tieBreak: { $0.key ?? "" },
            fold: { rest in
                TimeseriesFigures.Series(key: nil, isOther: true, points: rest.reduce(empty) { zip($0, $1.points).map { $0 + $1 } })
            })
        let lines = ranked.top + (ranked.other.map { [$0] } ?? [])
        return TimeseriesFigures(
            scope: scope, interval: interval, key: key, periods: clipped,
            labels: periods.map { calendar.label(interval, start: $0.lowerBound) },
            series: lines.isEmpty ? [TimeseriesFigures.Series(key: nil, isOther: false, points: empty)] : lines)
    }
}
