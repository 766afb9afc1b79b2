/// How well the model forecast weeks it was not shown: fitted on the history before the last
/// whole weeks, then compared with what those weeks actually cost.
public struct Backtest: Sendable, Hashable {
    /// The whole weeks held out at the end of the history.
    public var heldOutWeeks: Int
    /// The days the model was fitted on.
    public var trainingDays: Int
    /// Mean absolute percentage error of the daily forecasts, in percent, over the held-out days
    /// whose actual value is positive; `nil` if none is.
    public var dailyMAPE: Double?
    /// (forecast total − actual total) ÷ actual total over the held-out days, in percent: the error
    /// a month-level forecast of that stretch would have had. `nil` when the actual total is zero.
    public var totalErrorPercent: Double?
    /// The held-out total, actual and forecast.
    public var actualTotal: Double
    public var forecastTotal: Double
    /// Held-out days (index into the held-out weeks) whose actual is more than
    /// ``outlierDeviations`` standard deviations from the forecast: spikes no model of trend and
    /// weekday could foresee.
    public var outlierDays: [Int]
    /// `totalErrorPercent` with the outlier days left out of both totals; `nil` when there are no
    /// outlier days or nothing is left.
    public var totalErrorPercentExcludingOutliers: Double?
    /// The share of held-out days inside the daily 80% and 95% intervals.
    public var coverage80: Double
    public var coverage95: Double

    /// The most weeks a backtest holds out.
    public static let maximumWeeks = 4
    /// How far from the forecast, in daily standard deviations, a held-out day counts as an outlier.
    public static let outlierDeviations = 5.0
    /// The fewest days a backtest fits on.
    public static let minimumTrainingDays = 28

    /// The weeks to hold out from `days` of history: as many as leave ``minimumTrainingDays`` to
    /// fit on, at most ``maximumWeeks``; `nil` when not even one week can be spared.
    public static func weeks(forHistory days: Int) -> Int? {
        let weeks = min(maximumWeeks, (days - minimumTrainingDays) / 7)
        return weeks >= 1 ? weeks : nil
    }

    /// The daily MAPE and the total's error, in percent, of `forecast` against `actual`.
    ///
    /// Days whose actual value is zero have no percentage error and are left out of the MAPE.
    public static func errors(actual: [Double], forecast: [Double]) -> (mape: Double?, totalError: Double?) {
        precondition(actual.count == forecast.count, "one forecast per actual")
        let percentages = zip(actual, forecast).compactMap { actual, forecast in actual > 0 ? abs(forecast - actual) / actual : nil }
        let mape = percentages.isEmpty ? nil : 100 * percentages.reduce(0, +) / Double(percentages.count)
        let actualTotal = actual.reduce(0, +)
        let total = actualTotal > 0 ? 100 * (forecast.reduce(0, +) - actualTotal) / actualTotal : nil
        return (mape, total)
    }

    /// Fits on all but the last `weeks` weeks of `values` and forecasts them.
    ///
    /// - Throws: ``ForecastError/tooShort(days:minimum:)`` when what is left is too short to fit.
    public static func run(values: [Double], weekdays: [Int], weeks: Int) throws(ForecastError) -> Backtest {
        let held = weeks * 7
        let training = values.count - held
        guard training >= minimumTrainingDays else { throw .tooShort(days: training, minimum: minimumTrainingDays) }
        let model = try TrendSeasonalModel.fit(values: Array(values[..<training]), weekdays: Array(weekdays[..<training]))
        var forecasts: [Double] = []
        var inside80 = 0
        var inside95 = 0
        var outliers: [Int] = []
        for index in training..<values.count {
            let (mean, deviation) = model.sum(over: [(index, weekdays[index])])
            forecasts.append(mean)
            let error = abs(values[index] - mean)
            if error > outlierDeviations * deviation { outliers.append(index - training) }
            if error <= ForecastInterval.z80 * deviation { inside80 += 1 }
            if error <= ForecastInterval.z95 * deviation { inside95 += 1 }
        }
        let actual = Array(values[training...])
        let (mape, total) = errors(actual: actual, forecast: forecasts)
        let kept = actual.indices.filter { !outliers.contains($0) }
        let excluding =
            outliers.isEmpty ? nil : errors(actual: kept.map { actual[$0] }, forecast: kept.map { forecasts[$0] }).totalError
        return Backtest(
            heldOutWeeks: weeks, trainingDays: training, dailyMAPE: mape, totalErrorPercent: total,
            actualTotal: actual.reduce(0, +), forecastTotal: forecasts.reduce(0, +), outlierDays: outliers,
            totalErrorPercentExcludingOutliers: excluding, coverage80: Double(inside80) / Double(held),
            coverage95: Double(inside95) / Double(held))
    }
}
