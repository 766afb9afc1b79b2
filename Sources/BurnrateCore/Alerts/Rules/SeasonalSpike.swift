import Foundation

/// An hour's cost judged against the same hour of earlier weeks, the way people read their
/// traffic: a Monday 10:00 is compared with the Mondays 10:00 before it, not with the night.
///
/// The baseline is the median of those hours and the spread their median absolute deviation, so
/// one unusual week (a holiday, an earlier incident) moves neither. Where fewer than
/// `SeasonalSpike.minimumWeeks` weeks of history exist, the same hour of the previous days is used
/// instead, and with less than `minimumDays` of those the hour is not judged at all.
public struct SeasonalSpike: Sendable, Hashable {
    /// What the hour is compared with.
    public enum Comparison: Sendable, Hashable {
        /// The same hour of the week, `count` weeks back.
        case sameHourOfWeek(count: Int)
        /// The same hour of the day, `count` days back.
        case sameHourOfDay(count: Int)
    }

    public var actual: Money
    /// What the hour was expected to cost: the median of the compared hours, times the recent
    /// level when the last day ran above its own baselines.
    public var baseline: Money
    /// The highest cost that is not a spike: above it, and only above it, the hour is one.
    public var upperBound: Money
    public var comparison: Comparison
    /// `actual ÷ baseline` (infinite when the baseline is zero and the hour is not).
    public var ratio: Double
    public var isSpike: Bool

    /// Weeks of the same hour the baseline takes at most.
    public static let weeks = 4
    /// Weeks of history needed before hours are compared week to week.
    public static let minimumWeeks = 2
    /// Days of the same hour the daily fallback takes at most, and needs at least: a whole week,
    /// or a Monday morning is judged against a median of weekend mornings.
    public static let days = 7
    public static let minimumDays = 7
    /// How many robust standard deviations above the baseline a spike must be.
    public static let deviations = 4.0
    /// The hours whose level against their baselines sets the recent level: a day, so that a
    /// runaway loop of up to 11 hours cannot move its median and stays a spike while it runs.
    public static let levelHours = 24

    /// Judges `costs[index]`, where `costs` are consecutive hours, oldest first.
    ///
    /// The expected cost is the seasonal baseline times the recent level: the median, over the
    /// day before, of each hour against its own baseline (never below 1, so a quiet holiday does not
    /// make the next ordinary morning look like a spike). A new steady level or a slow drift thus
    /// raises what is expected within a day instead of firing hour after hour. A spike is at
    /// least `factor` times the expected cost, at least `minimumExcess` above it, and beyond what
    /// the last week's noise explains (`deviations` robust standard deviations of the logarithm
    /// of actual over baseline, estimated from its hour-to-hour changes so that a new level does
    /// not count as noise). Nil without enough history.
    public static func evaluate(_ costs: [Money], at index: Int, factor: Double, minimumExcess: Money) -> SeasonalSpike? {
        guard costs.indices.contains(index) else { return nil }
        return evaluate(costs, hours: index..<(index + 1), factor: factor, minimumExcess: minimumExcess)[0]
    }

    /// Judges every hour of `hours` as `evaluate(_:at:factor:minimumExcess:)` does, computing each
    /// hour's baseline once rather than once for every later hour whose week it falls in.
    public static func evaluate(_ costs: [Money], hours: Range<Int>, factor: Double, minimumExcess: Money) -> [SeasonalSpike?] {
        fromFirstCost(costs, hours: hours) { costs, hours in
            judge(costs, hours: hours, factor: factor, minimumExcess: minimumExcess)
        }
    }

    /// Judges `hours` of `series` from the first hour with a cost on: the hours before it are no
    /// history (a ledger, or a tenant, that began on a Tuesday has no Monday before it, not a
    /// Monday that cost nothing), and are not judged. `judge` sees the series from that hour and
    /// the hours asked for, counted from it.
    static func fromFirstCost<Judgement>(
        _ series: [Money], hours: Range<Int>, judge: ([Money], Range<Int>) -> [Judgement?]
    ) -> [Judgement?] {
        let hours = hours.clamped(to: series.indices)
        let first = series.firstIndex { $0.nanos > 0 } ?? series.count
        let shifted = (max(hours.lowerBound, first) - first)..<(max(hours.upperBound, first) - first)
        let judged = judge(Array(series[first...]), shifted)
        return hours.map { $0 < first ? nil : judged[$0 - first - shifted.lowerBound] }
    }

    static func judge(_ costs: [Money], hours: Range<Int>, factor: Double, minimumExcess: Money) -> [SeasonalSpike?] {
        let first = max(0, hours.lowerBound - 168)
        let baselines = (first..<hours.upperBound).map { baseline(costs, at: $0) }
        // Each hour against its own baseline, where both are above zero.
        let ratios: [Double?] = (first..<hours.upperBound).map { hour in
            guard let (base, _) = baselines[hour - first], base.nanos > 0, costs[hour].nanos > 0 else { return nil }
            return Double(costs[hour].nanos) / Double(base.nanos)
        }
        return hours.map { index in
            guard let (seasonal, comparison) = baselines[index - first] else { return nil }
            let window = ratios[(max(first, index - 168) - first)..<(index - first)]
            let logRatios = window.compactMap { $0.map(log) }
            let level = max(1, medianOf(ratios[(max(first, index - Self.levelHours) - first)..<(index - first)].compactMap { $0 }) ?? 1)
            // Hour-to-hour changes of the log ratio: a new level moves one of them, not the spread.
            let changes = zip(logRatios.dropFirst(), logRatios).map { $0 - $1 }
            let center = medianOf(changes) ?? 0
            let noise = max(0.05, 1.4826 * (medianOf(changes.map { abs($0 - center) }) ?? 0) / 2.squareRoot())
            let expected = Double(seasonal.nanos) * level
            let threshold = max(expected * max(factor, exp(deviations * noise)), expected + Double(minimumExcess.nanos))
            let actual = costs[index]
            let upperBound = Money(approximateNanos: threshold, rounding: .up)
            let ratio = expected > 0 ? Double(actual.nanos) / expected : (actual.nanos > 0 ? .infinity : 1)
            return SeasonalSpike(
                actual: actual, baseline: Money(approximateNanos: expected, rounding: .toNearestOrAwayFromZero), upperBound: upperBound,
                comparison: comparison, ratio: ratio, isSpike: actual > upperBound)
        }
    }

    /// The median of the same hour in earlier weeks, or in earlier days while fewer than
    /// `minimumWeeks` weeks exist; nil with less history than that.
    /// The same for any hourly series: requests as well as cost.
    static func baseline<Value: Comparable>(_ values: [Value], at index: Int) -> (Value, Comparison)? {
        if let weekly = weeklyBaseline(values, at: index) { return (weekly, .sameHourOfWeek(count: min(weeks, index / 168))) }
        let daily = stride(from: index - 24, through: max(0, index - 24 * days), by: -24).filter { $0 >= 0 }
        guard daily.count >= minimumDays else { return nil }
        return (upperMedian(daily.map { values[$0] }), .sameHourOfDay(count: daily.count))
    }

    /// The median of the same hour on earlier weeks only; nil with fewer than `minimumWeeks`.
    /// The rules that compare levels over days ask for 3 weeks (`levelWeeks`): against earlier
    /// days a Monday looks high after a weekend, and the larger of two weeks is a high median.
    static func weeklyBaseline<Value: Comparable>(_ values: [Value], at index: Int, minimumWeeks: Int = minimumWeeks) -> Value? {
        let weekly = stride(from: index - 168, through: max(0, index - 168 * weeks), by: -168).filter { $0 >= 0 }
        return weekly.count >= minimumWeeks ? upperMedian(weekly.map { values[$0] }) : nil
    }

    /// Weeks of the same hour the level rules (`LevelShift`, `CostDrift`) need.
    public static let levelWeeks = 3

    static func medianOf(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The middle value, or the higher of the two middle ones: two quiet weeks out of four (the
    /// Christmas and New Year holidays fall on the same weekday) must not halve the baseline.
    /// `values` must not be empty.
    static func upperMedian<Value: Comparable>(_ values: [Value]) -> Value {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// What the baseline is, in words: "the median of the same hour on the last 4 Thursdays".
    public func baselineDescription(weekday: String) -> String {
        switch comparison {
        case .sameHourOfWeek(let count): "the median of the same hour on the last \(count) \(weekday)s"
        case .sameHourOfDay(let count): "the median of the same hour on the last \(count) days"
        }
    }
}
