/// A forecast of spend and usage by calendar month, with the evidence of how good it is.
public struct CostForecast: Sendable, Hashable {
    /// How far the forecast can be trusted.
    public enum Confidence: String, Sendable, Hashable {
        /// Too little history: no forecast is made.
        case unavailable
        /// Enough to fit, too little to backtest (fewer than five weeks).
        case low
        /// Fitted and backtested.
        case normal
    }

    /// The days the model was fitted on (after dropping leading days with no activity).
    public var fitted: Range<Timestamp>?
    public var fittedDays: Int
    public var confidence: Confidence
    /// Why the confidence is not normal, in words.
    public var note: String?
    /// The cost model, when one could be fitted.
    public var model: TrendSeasonalModel?
    /// The explicit monthly growth assumption that replaced the fitted trend, if any.
    public var assumedMonthlyGrowth: Double?
    /// The current month's weekday-aware run-rate projection.
    public var projection: PeriodEndProjection?
    /// The previous month (actual), the current month and the months after it.
    public var months: [MonthForecast]
    public var backtest: Backtest?
    /// Why there is no backtest, when there is none.
    public var backtestNote: String?
}

/// One calendar month of a forecast.
public struct MonthForecast: Sendable, Hashable {
    /// Whether the month is over, under way or entirely ahead.
    public enum Kind: String, Sendable, Hashable {
        case actual, partial, forecast
    }

    public var month: Range<Timestamp>
    public var kind: Kind
    /// Days observed and days forecast.
    public var observedDays: Int
    public var forecastDays: Int
    /// The cost of the observed days.
    public var actual: Money
    /// Actual plus forecast, with intervals (all equal to `actual` for a finished month).
    public var cost: ForecastInterval
    /// Requests and tokens, actual plus forecast.
    public var requests: Int64
    public var tokens: Int64
}

/// Builds a ``CostForecast`` from daily history.
public enum CostForecaster {
    /// Forecasts `months` calendar months, starting with the month that holds `end`.
    ///
    /// - Parameters:
    ///   - days: consecutive local days, oldest first, ending just before `end`; they should reach
    ///     back to the start of the previous month so that month and the current month's actual
    ///     to date are complete.
    ///   - fitFrom: the first day the model may fit on (earlier days only give actuals).
    ///   - end: the start of the first day to forecast (the end of the last complete day).
    ///   - months: how many months to forecast, the current one included (1 to 12).
    ///   - monthlyGrowth: an explicit growth rate per month that replaces the fitted trend.
    public static func forecast(
        days: [DailyActual], fitFrom: Timestamp, end: Timestamp, months: Int, monthlyGrowth: Double? = nil,
        calendar: ReportingCalendar
    ) -> CostForecast {
        var window = days.filter { $0.day.lowerBound >= fitFrom && $0.day.upperBound <= end }
        if let first = window.firstIndex(where: \.isActive) { window.removeFirst(first) } else { window = [] }
        let weekdays = window.map { calendar.weekday(of: $0.day.lowerBound) }
        let fitted = window.isEmpty ? nil : window[0].day.lowerBound..<window[window.count - 1].day.upperBound
        let current =
            calendar.start(of: .month, containing: end)..<calendar.next(.month, after: calendar.start(of: .month, containing: end))

        // The days ahead, to the end of the last month forecast, with their index after the history.
        var future: [(day: Range<Timestamp>, index: Int, weekday: Int)] = []
        var monthRanges = [current]
        while monthRanges.count < months {
            monthRanges.append(
                monthRanges[monthRanges.count - 1].upperBound..<calendar.next(.month, after: monthRanges[monthRanges.count - 1].upperBound))
        }
        var start = end
        while start < monthRanges[monthRanges.count - 1].upperBound {
            let next = calendar.next(.day, after: start)
            future.append((start..<next, window.count + future.count, calendar.weekday(of: start)))
            start = next
        }
        let projection = PeriodEndProjection.project(
            month: current, history: days.filter { $0.day.upperBound <= end },
            remainingWeekdays: future.filter { current.contains($0.day.lowerBound) }.map(\.weekday), calendar: calendar)

        var result = CostForecast(
            fitted: fitted, fittedDays: window.count, confidence: .unavailable, note: nil, model: nil,
            assumedMonthlyGrowth: monthlyGrowth, projection: projection, months: [], backtest: nil, backtestNote: nil)
        let model: TrendSeasonalModel
        do {
            model = try TrendSeasonalModel.fit(values: window.map(\.cost.usd), weekdays: weekdays)
        } catch {
            result.note =
                "A forecast needs at least \(TrendSeasonalModel.minimumDays) days of history (two of each weekday); there are \(window.count)."
            result.backtestNote = result.note
            return result
        }
        result.model = model
        let requestModel = try? TrendSeasonalModel.fit(values: window.map { Double($0.requests) }, weekdays: weekdays)
        let tokenModel = try? TrendSeasonalModel.fit(values: window.map { Double($0.tokens) }, weekdays: weekdays)

        let previous = calendar.start(of: .month, containing: current.lowerBound.adding(seconds: -1))..<current.lowerBound
        if let first = days.first, first.day.lowerBound <= previous.lowerBound {
            let inside = days.filter { previous.contains($0.day.lowerBound) }
            let cost = inside.reduce(Money.zero) { $0 + $1.cost }
            result.months.append(
                MonthForecast(
                    month: previous, kind: .actual, observedDays: inside.count, forecastDays: 0, actual: cost,
                    cost: ForecastInterval(exactly: cost), requests: inside.reduce(0) { $0 + $1.requests },
                    tokens: inside.reduce(0) { $0 + $1.tokens }))
        }
        for month in monthRanges {
            let observed = days.filter { month.contains($0.day.lowerBound) && $0.day.upperBound <= end }
            let ahead = future.filter { month.contains($0.day.lowerBound) }.map { (index: $0.index, weekday: $0.weekday) }
            let actual = observed.reduce(Money.zero) { $0 + $1.cost }
            let (mean, deviation) = model.sum(over: ahead, monthlyGrowth: monthlyGrowth)
            func usage(_ model: TrendSeasonalModel?, _ value: KeyPath<DailyActual, Int64>) -> Int64 {
                let forecast = model.map { $0.sum(over: ahead, monthlyGrowth: monthlyGrowth).mean } ?? 0
                return observed.reduce(0) { $0 + $1[keyPath: value] } + Int64(forecast.rounded())
            }
            result.months.append(
                MonthForecast(
                    month: month, kind: observed.isEmpty ? .forecast : .partial, observedDays: observed.count,
                    forecastDays: ahead.count, actual: actual, cost: ForecastInterval(actual: actual, mean: mean, deviation: deviation),
                    requests: usage(requestModel, \.requests), tokens: usage(tokenModel, \.tokens)))
        }

        if let weeks = Backtest.weeks(forHistory: window.count) {
            result.backtest = try? Backtest.run(values: window.map(\.cost.usd), weekdays: weekdays, weeks: weeks)
            result.confidence = .normal
        } else {
            result.confidence = .low
            result.note =
                "Only \(window.count) days of history: the forecast is fitted but cannot be backtested (that needs \(Backtest.minimumTrainingDays + 7) days); treat it as rough."
            result.backtestNote = result.note
        }
        return result
    }
}
