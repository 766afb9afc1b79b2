/// The cost of one local day, with its weekday (1 is Monday ... 7 is Sunday).
public struct DayCost: Sendable, Hashable {
    public var start: Timestamp
    public var weekday: Int
    public var cost: Money

    public init(start: Timestamp, weekday: Int, cost: Money) {
        self.start = start
        self.weekday = weekday
        self.cost = cost
    }
}

/// Whether a day's cost is unusual for its weekday.
///
/// The baseline is seasonal and robust: each weekday's factor is its median over the history
/// divided by the average of those medians, so a quiet weekend followed by a busy Monday is
/// normal, and a holiday does not make the next ordinary Wednesday look high. Dividing each day by
/// its factor leaves a level that moves only with growth; the expected cost of a day is the median
/// level of the last seven days times the day's factor, and its z-score is its distance from that
/// level in robust standard deviations (1.4826 times the median absolute deviation) of the
/// adjusted history. The deviation is never taken below `noiseFloor` of the level: a short,
/// steady history would otherwise make any change look huge.
public struct DailyAnomaly: Sendable, Hashable {
    /// The least standard deviation assumed, as a share of the level.
    public static let noiseFloor = 0.1

    public var actual: Money
    public var expected: Money
    /// Standard deviations above the weekday-adjusted level.
    public var zScore: Double
    /// `actual ÷ expected`.
    public var ratio: Double
    /// The complete days the baseline was built from.
    public var historyDays: Int
    public var isAnomaly: Bool

    /// Judges `actual`, the cost of a day of weekday `weekday` (complete, or so far: a partial
    /// day only alerts once it is already unusual for a whole day), against `history`, the
    /// complete days before it, oldest first.
    ///
    /// `nil` when there is not enough history (`settings.minimumHistoryDays`) or no cost in it.
    public static func evaluate(
        actual: Money, weekday: Int, history: [DayCost], settings: DailyAnomalySettings
    ) -> DailyAnomaly? {
        let days = Array(history.drop { $0.cost == .zero }.suffix(settings.lookbackDays))
        guard days.count >= settings.minimumHistoryDays else { return nil }
        var medians: [Int: Double] = [:]
        for weekday in Set(days.map(\.weekday)) {
            medians[weekday] = SeasonalSpike.upperMedian(days.filter { $0.weekday == weekday }.map(\.cost.usd))
        }
        let overall = medians.values.reduce(0, +) / Double(medians.count)
        guard overall > 0 else { return nil }
        let factors = medians.mapValues { max($0 / overall, 0.05) }
        let adjusted = days.map { $0.cost.usd / factors[$0.weekday, default: 1] }
        let level = SeasonalSpike.medianOf(Array(adjusted.suffix(7))) ?? 0
        let spread = 1.4826 * (SeasonalSpike.medianOf(adjusted.map { abs($0 - level) }) ?? 0)
        let deviation = max(spread, level * noiseFloor)
        let factor = factors[weekday, default: 1]
        let expectedUSD = level * factor
        let zScore = deviation > 0 ? (actual.usd / factor - level) / deviation : 0
        let ratio = expectedUSD > 0 ? actual.usd / expectedUSD : 0
        let expected = Money(approximateUSD: expectedUSD)
        let unusual =
            switch settings.method {
            case .zScore: zScore >= settings.zScoreThreshold
            case .ratio: ratio >= settings.ratioThreshold
            }
        return DailyAnomaly(
            actual: actual, expected: expected, zScore: zScore, ratio: ratio, historyDays: days.count,
            isAnomaly: unusual && actual - expected >= settings.minimumExcess)
    }
}
