import Foundation

/// A daily series fitted as a straight-line trend times a day-of-week factor:
/// `value(t) = (level + slope × (t − t̄)) × factor[weekday(t)] × (1 + noise)`.
///
/// Fitting alternates two least-squares steps until they settle: the trend is the ordinary
/// least-squares line through the values divided by their weekday factors, and each weekday factor
/// is the ratio of that weekday's values to the trend, scaled so the seven factors average 1. A
/// first fit takes the median ratio and caps days further than four robust standard deviations
/// (1.4826 × MAD) from it, so one runaway day neither bends the trend nor widens every interval;
/// the final fit takes the mean ratio over the capped values.
///
/// Multiplicative weekday factors suit spend, where weekends are a share of weekdays whatever the
/// level. The noise is measured relative to the fitted value, so intervals scale with the level.
public struct TrendSeasonalModel: Sendable, Hashable {
    /// How many days the model was fitted on.
    public let dayCount: Int
    /// The deseasonalized trend at the middle of the history.
    public let level: Double
    /// The trend's change per day.
    public let slope: Double
    /// The factor of each weekday, Monday first (index 0 is Monday); they average 1.
    public let weekdayFactors: [Double]
    /// The standard deviation of the deseasonalized residuals, in the series' unit.
    public let residualDeviation: Double
    /// The standard deviation of the residuals relative to the trend (0.05 is ±5% a day).
    public let relativeDeviation: Double
    /// The lag-1 autocorrelation of the residuals, clamped to 0...0.8; it widens the intervals of
    /// sums of consecutive days, since days that run high together do not cancel out.
    public let autocorrelation: Double
    /// The days whose value was capped as an outlier, by index into the history.
    public let outlierDays: [Int]

    /// The fewest days a fit accepts: two of each weekday.
    public static let minimumDays = 14
    /// The mean length of a month in days, used to turn monthly growth into daily growth.
    public static let daysPerMonth = 30.436875

    /// The middle of the history in day indexes, which the trend is centred on.
    var centre: Double { Double(dayCount - 1) / 2 }
    /// The sum of squared distances of the day indexes from the centre.
    var spread: Double { Double(dayCount) * (Double(dayCount * dayCount) - 1) / 12 }

    /// Fits the model to consecutive daily `values`; `weekdays` gives each day's weekday (1 is
    /// Monday, 7 is Sunday).
    ///
    /// - Throws: ``ForecastError/tooShort(days:minimum:)`` with fewer than ``minimumDays`` days.
    public static func fit(values: [Double], weekdays: [Int]) throws(ForecastError) -> TrendSeasonalModel {
        precondition(values.count == weekdays.count, "one weekday per value")
        guard values.count >= minimumDays else { throw .tooShort(days: values.count, minimum: minimumDays) }
        var working = values
        var fit = Self.solve(working, weekdays: weekdays)
        let residuals = fit.residuals(values, weekdays: weekdays)
        let deviations = residuals.map(abs).sorted()
        let mad = deviations[deviations.count / 2]
        var outliers: [Int] = []
        if mad > 0 {
            let limit = 4 * 1.4826 * mad
            for (index, residual) in residuals.enumerated() where abs(residual) > limit {
                outliers.append(index)
                let factor = fit.factors[weekdays[index] - 1]
                working[index] = max(0, (fit.trend(index) + (residual > 0 ? limit : -limit)) * factor)
            }
        }
        fit = Self.solve(working, weekdays: weekdays, robust: false)
        let final = fit.residuals(working, weekdays: weekdays)
        let n = Double(values.count)
        let deviation = (final.reduce(0) { $0 + $1 * $1 } / (n - 2)).squareRoot()
        let relative = zip(final.indices, final).compactMap { index, residual -> Double? in
            let trend = fit.trend(index)
            return trend > 0 ? residual / trend : nil
        }
        let relativeDeviation =
            relative.count > 2 ? (relative.reduce(0) { $0 + $1 * $1 } / Double(relative.count - 2)).squareRoot() : 0
        let sumSquares = final.reduce(0) { $0 + $1 * $1 }
        let lagged = zip(final.dropLast(), final.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        let rho = sumSquares > 0 ? min(0.8, max(0, lagged / sumSquares)) : 0
        return TrendSeasonalModel(
            dayCount: values.count, level: fit.level, slope: fit.slope, weekdayFactors: fit.factors,
            residualDeviation: deviation, relativeDeviation: relativeDeviation, autocorrelation: rho, outlierDays: outliers)
    }

    /// The fitted trend at day `index` (0 is the first day of the history; later days extrapolate).
    public func trend(at index: Int) -> Double { level + slope * (Double(index) - centre) }

    /// The trend at day `index` under an explicit monthly growth rate: the fitted trend at the last
    /// day of the history, compounded by `monthlyGrowth` per month from there.
    public func trend(at index: Int, monthlyGrowth: Double?) -> Double {
        guard let monthlyGrowth else { return max(0, trend(at: index)) }
        let last = dayCount - 1
        let months = Double(index - last) / Self.daysPerMonth
        return max(0, trend(at: last)) * pow(1 + monthlyGrowth, months)
    }

    /// The expected value of day `index`, a `weekday` (1 is Monday), never below zero.
    public func expected(at index: Int, weekday: Int, monthlyGrowth: Double? = nil) -> Double {
        trend(at: index, monthlyGrowth: monthlyGrowth) * weekdayFactors[weekday - 1]
    }

    /// The fitted trend's growth over a month, relative to the trend at the last day of the
    /// history (0.08 is +8% a month); `nil` when that trend is not positive.
    public var monthlyGrowth: Double? {
        let last = trend(at: dayCount - 1)
        return last > 0 ? slope * Self.daysPerMonth / last : nil
    }

    /// The forecast sum over `days` (index and weekday each), with its standard deviation.
    ///
    /// The variance adds the noise of each day (relative deviation × expected value), widened by
    /// (1 + ρ) / (1 − ρ) for sums of several days, and the uncertainty of the fitted line, which
    /// grows with the distance from the middle of the history:
    /// σ² × ((Σ fᵢ)² / n + (Σ fᵢ (tᵢ − t̄))² / Σ(t − t̄)²), fᵢ the weekday factors. With an explicit
    /// growth rate the interval keeps the fitted model's width, centred on the assumption.
    public func sum(over days: [(index: Int, weekday: Int)], monthlyGrowth: Double? = nil) -> (mean: Double, deviation: Double) {
        guard !days.isEmpty else { return (0, 0) }
        var mean = 0.0
        var noise = 0.0
        var factorSum = 0.0
        var leverage = 0.0
        for day in days {
            let expected = expected(at: day.index, weekday: day.weekday, monthlyGrowth: monthlyGrowth)
            let factor = weekdayFactors[day.weekday - 1]
            mean += expected
            noise += pow(expected * relativeDeviation, 2)
            factorSum += factor
            leverage += factor * (Double(day.index) - centre)
        }
        let inflation = days.count > 1 ? (1 + autocorrelation) / (1 - autocorrelation) : 1
        let parameters = pow(residualDeviation, 2) * (factorSum * factorSum / Double(dayCount) + leverage * leverage / spread)
        return (mean, (noise * inflation + parameters).squareRoot())
    }

    /// One least-squares fit of trend and weekday factors.
    struct Solution {
        var level: Double
        var slope: Double
        var factors: [Double]
        var count: Int

        func trend(_ index: Int) -> Double { level + slope * (Double(index) - Double(count - 1) / 2) }

        /// Each day's deseasonalized value minus the trend.
        func residuals(_ values: [Double], weekdays: [Int]) -> [Double] {
            values.indices.map { values[$0] / factors[weekdays[$0] - 1] - trend($0) }
        }
    }

    static func solve(_ values: [Double], weekdays: [Int], robust: Bool = true) -> Solution {
        let n = values.count
        let centre = Double(n - 1) / 2
        let spread = Double(n) * (Double(n * n) - 1) / 12
        var solution = Solution(level: 0, slope: 0, factors: Array(repeating: 1, count: 7), count: n)
        for _ in 0..<8 {
            let adjusted = values.indices.map { values[$0] / solution.factors[weekdays[$0] - 1] }
            solution.level = adjusted.reduce(0, +) / Double(n)
            solution.slope = adjusted.indices.reduce(0) { $0 + (Double($1) - centre) * adjusted[$1] } / spread
            var ratios = Array(repeating: [Double](), count: 7)
            for index in values.indices {
                let trend = solution.trend(index)
                guard trend > 0 else { continue }
                ratios[weekdays[index] - 1].append(values[index] / trend)
            }
            // Robust: the median ratio, so that one runaway day does not lift its weekday's factor;
            // then, with outliers capped, the more precise mean.
            var factors = ratios.map { $0.isEmpty ? 1 : robust ? median($0) : $0.reduce(0, +) / Double($0.count) }
            let mean = factors.reduce(0, +) / 7
            // A weekday with no activity at all keeps a tiny factor so that dividing by it stays finite.
            factors = mean > 0 ? factors.map { max($0 / mean, 1e-6) } : Array(repeating: 1, count: 7)
            solution.factors = factors
        }
        return solution
    }
}

/// The middle value, or the mean of the two middle values.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Why a forecast could not be made.
public enum ForecastError: Error, Sendable, Hashable {
    /// Fewer days of history than the model needs.
    case tooShort(days: Int, minimum: Int)
}
