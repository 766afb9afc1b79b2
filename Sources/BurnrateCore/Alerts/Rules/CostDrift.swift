import Foundation

/// Cost creeping up a little every day: no hour and no day stands out, yet after two weeks the
/// bill is half as large again. Prompts that grow, a context that is never trimmed, a slow leak
/// of traffic to a dearer model.
///
/// Each of the last `windowDays` days is measured against its seasonal baseline (its hours against
/// the same hours of earlier weeks, as `SeasonalSpike` takes them), so weekly rhythm and holidays
/// are not growth. The daily growth is the Theil–Sen slope of the logarithms of those ratios (the
/// median of the slopes between every pair of days), which one odd day does not move. It is a
/// drift when that growth is at least `minimumDailyGrowth`, when it adds up to at least
/// `minimumRise` over the window and the last days sit that high, when a straight line fits the
/// days better than a single step does (a step is a level shift, reported as one), and when the
/// extra cost of the last day is at least `minimumExcess`.
public struct CostDrift: Sendable, Hashable {
    /// Growth per day, as a fraction: 0.03 is 3% a day.
    public var dailyGrowth: Double
    /// How far the last days sit above their baseline (median of the last 3 days' ratios).
    public var ratio: Double
    /// The cost of the last 24 hours, and what its baseline was.
    public var actual: Money
    public var expected: Money
    /// The days the growth was measured over.
    public var days: Int
    public var isDrift: Bool

    /// Judges the `settings.windowDays` days (24-hour blocks) ending with hour `index` of
    /// `costs`. Nil while any of them lacks a baseline.
    public static func evaluate(_ costs: [Money], at index: Int, settings: DriftSettings) -> CostDrift? {
        guard costs.indices.contains(index) else { return nil }
        return evaluate(costs, hours: index..<(index + 1), settings: settings)[0]
    }

    /// Judges every hour of `hours` as `evaluate(_:at:settings:)` does, taking each hour's
    /// baseline once.
    public static func evaluate(_ costs: [Money], hours: Range<Int>, settings: DriftSettings) -> [CostDrift?] {
        SeasonalSpike.fromFirstCost(costs, hours: hours) { costs, hours in judgeAll(costs, hours: hours, settings: settings) }
    }

    static func judgeAll(_ costs: [Money], hours: Range<Int>, settings: DriftSettings) -> [CostDrift?] {
        let first = max(0, hours.lowerBound - settings.windowDays * 24 + 1)
        // Running sums from `first`: cost, baseline, and hours without a baseline.
        var actualSums = [0.0]
        var expectedSums = [0.0]
        var missingSums = [0]
        for hour in first..<hours.upperBound {
            let base = SeasonalSpike.weeklyBaseline(costs, at: hour, minimumWeeks: SeasonalSpike.levelWeeks)
            actualSums.append(actualSums[actualSums.count - 1] + costs[hour].ratioValue)
            expectedSums.append(expectedSums[expectedSums.count - 1] + (base?.ratioValue ?? 0))
            missingSums.append(missingSums[missingSums.count - 1] + (base == nil ? 1 : 0))
        }
        return hours.map { index in
            let days = settings.windowDays
            guard index + 1 >= days * 24 else { return nil }
            var logs: [Double] = []
            var last = (actual: 0.0, expected: 0.0)
            for day in 0..<days {
                let end = index - 24 * (days - 1 - day) + 1 - first
                let begin = end - 24
                let actual = actualSums[end] - actualSums[begin]
                let expected = expectedSums[end] - expectedSums[begin]
                guard missingSums[end] == missingSums[begin], actual > 0, expected > 0 else { return nil }
                logs.append(log(actual / expected))
                last = (actual, expected)
            }
            return judge(logs, last: last, settings: settings)
        }
    }

    /// The judgement of the days whose log ratios are `logs`, oldest first.
    static func judge(_ logs: [Double], last: (actual: Double, expected: Double), settings: DriftSettings) -> CostDrift {
        let slope = theilSenSlope(logs)
        let level = SeasonalSpike.medianOf(Array(logs.suffix(3))) ?? 0
        let rise = log(settings.minimumRise)
        let growth = log(1 + settings.minimumDailyGrowth)
        let excess = Money(approximateNanos: last.actual - last.expected, rounding: .towardZero)
        return CostDrift(
            dailyGrowth: exp(slope) - 1, ratio: exp(level),
            actual: Money(approximateNanos: last.actual, rounding: .toNearestOrAwayFromZero),
            expected: Money(approximateNanos: last.expected, rounding: .toNearestOrAwayFromZero), days: logs.count,
            isDrift: slope >= growth && slope * Double(logs.count - 1) >= rise && level >= rise
                && lineFitsBetterThanStep(logs, slope: slope)
                && excess >= settings.minimumExcess)
    }

    /// The median of the slopes between every pair of points (x is the position).
    static func theilSenSlope(_ values: [Double]) -> Double {
        var slopes: [Double] = []
        for i in values.indices {
            for j in values.indices where j > i { slopes.append((values[j] - values[i]) / Double(j - i)) }
        }
        return SeasonalSpike.medianOf(slopes) ?? 0
    }

    /// Whether the line through the points' median with `slope` leaves smaller absolute residuals
    /// than the best split into two flat levels (each at its median).
    static func lineFitsBetterThanStep(_ values: [Double], slope: Double) -> Bool {
        let intercept = SeasonalSpike.medianOf(values.indices.map { values[$0] - slope * Double($0) }) ?? 0
        let lineError = values.indices.reduce(0.0) { $0 + abs(values[$1] - intercept - slope * Double($1)) }
        func flatError(_ part: ArraySlice<Double>) -> Double {
            let center = SeasonalSpike.medianOf(Array(part)) ?? 0
            return part.reduce(0.0) { $0 + abs($1 - center) }
        }
        let stepError = (2..<(values.count - 1)).map { flatError(values[..<$0]) + flatError(values[$0...]) }.min() ?? .infinity
        return lineError < stepError
    }
}
