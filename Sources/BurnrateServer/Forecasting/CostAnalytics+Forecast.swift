import BurnrateCore
import BurnrateStore

/// A forecast of the scope's total and, with `by`, of each of its costliest groups.
struct ForecastFigures: Sendable {
    /// One group's forecast; `key` is `nil` for events without the group's value and for "other".
    struct Group: Sendable {
        var key: String?
        var isOther: Bool
        var forecast: CostForecast
    }

    var scope: AnalyticsScope
    /// The start of the first forecast day: the end of the last complete day in the scope.
    var end: Timestamp
    var months: Int
    var total: CostForecast
    var key: GroupingKey?
    var groups: [Group]
}

/// What a forecast request asks for besides the scope.
struct ForecastOptions: Sendable, Hashable {
    /// Calendar months to forecast, the current one included.
    var months = 3
    /// Days of history to fit on before the end of the scope; `nil` to fit from the scope's `from`.
    var historyDays: Int? = 90
    /// An explicit monthly growth rate replacing the fitted trend.
    var monthlyGrowth: Double?
    var key: GroupingKey?
    /// How many groups get their own forecast before the rest are folded into "other".
    var limit = 5
}

extension CostAnalytics {
    /// Forecasts the scope from its daily cost and usage (the day time series), ending at the last
    /// complete local day before the scope's end, or before `now` if the scope ends later: days
    /// not yet lived are not zeros to fit.
    func forecast(_ scope: AnalyticsScope, options: ForecastOptions, now: Timestamp = .now()) async throws -> ForecastFigures {
        let end = calendar.start(of: .day, containing: min(scope.range.upperBound, now))
        let fitFrom: Timestamp
        if let days = options.historyDays {
            fitFrom = calendar.start(of: .day, containing: end.adding(seconds: -Int64(days) * 86_400 + 43_200))
        } else {
            fitFrom = calendar.start(of: .day, containing: scope.range.lowerBound)
        }
        // Reach back to the previous month's start, for its actual total and this month's to date.
        let currentMonth = calendar.start(of: .month, containing: end)
        let previousMonth = calendar.start(of: .month, containing: currentMonth.adding(seconds: -1))
        let figures = try await timeseries(
            scope.over(min(fitFrom, previousMonth)..<end), interval: .day, by: options.key, limit: options.limit)
        func forecast(_ points: [BreakdownLine]) -> CostForecast {
            let days = zip(figures.periods, points).map { period, line in
                DailyActual(day: period, cost: line.cost, requests: line.totals.requests, tokens: line.totals.usage.totalTokens)
            }
            return CostForecaster.forecast(
                days: days, fitFrom: fitFrom, end: end, months: options.months, monthlyGrowth: options.monthlyGrowth,
                calendar: calendar)
        }
        let total = figures.series.dropFirst().reduce(figures.series[0].points) { zip($0, $1.points).map { $0 + $1 } }
        let groups =
            options.key == nil
            ? [] : figures.series.map { ForecastFigures.Group(key: $0.key, isOther: $0.isOther, forecast: forecast($0.points)) }
        return ForecastFigures(
            scope: scope, end: end, months: options.months, total: forecast(total), key: options.key, groups: groups)
    }
}
