import BurnrateCore
import Foundation
import Testing

@Suite struct AnomalyTests {
    /// Four weeks of weekday traffic with quiet weekends, a busier Monday, ±8% noise and growth,
    /// ending on a Sunday; `2026-11-02` is a Monday.
    func history(days: Int = 28, base: Double = 400) -> [DayCost] {
        (0..<days).map { index in
            let weekday = index % 7 + 1
            let season = weekday >= 6 ? 0.42 : weekday == 1 ? 1.04 : 1.0
            let noise = 1 + 0.08 * sin(Double(index) * 2.3)
            let growth = 1 + 0.0025 * Double(index)
            let start = Timestamp(rfc3339: "2026-10-26T00:00:00Z")!.adding(seconds: Int64(index) * 86_400)
            return DayCost(start: start, weekday: weekday, cost: Money(nanos: Int64(base * season * noise * growth * 1e9)))
        }
    }

    @Test func aNormalMondayAfterAQuietWeekendDoesNotAlert() throws {
        let monday = Money(dollars: 440)
        let judged = try #require(DailyAnomaly.evaluate(actual: monday, weekday: 1, history: history(), settings: DailyAnomalySettings()))
        #expect(!judged.isAnomaly)
        #expect(judged.zScore < 1.5)
        var ratio = DailyAnomalySettings()
        ratio.method = .ratio
        let byRatio = try #require(DailyAnomaly.evaluate(actual: monday, weekday: 1, history: history(), settings: ratio))
        #expect(!byRatio.isAnomaly)
        // Against the plain average of the last seven days, dominated by the weekend, the same
        // Monday would look like a 25% jump.
        let lastWeek = history().suffix(7).map(\.cost.usd).reduce(0, +) / 7
        #expect(440 / lastWeek > 1.2)
    }

    @Test func aDayFarAboveItsWeekdayAlertsByZScoreAndByRatio() throws {
        let spike = Money(dollars: 1_100)
        let judged = try #require(DailyAnomaly.evaluate(actual: spike, weekday: 2, history: history(), settings: DailyAnomalySettings()))
        #expect(judged.isAnomaly)
        #expect(judged.zScore >= 3)
        #expect(judged.expected > Money(dollars: 380) && judged.expected < Money(dollars: 460))
        var ratio = DailyAnomalySettings()
        ratio.method = .ratio
        #expect(DailyAnomaly.evaluate(actual: spike, weekday: 2, history: history(), settings: ratio)?.isAnomaly == true)
    }

    @Test func aBusySaturdayIsJudgedAgainstSaturdays() throws {
        // $400 is an ordinary weekday but more than twice a normal Saturday.
        let judged = try #require(
            DailyAnomaly.evaluate(actual: Money(dollars: 400), weekday: 6, history: history(), settings: DailyAnomalySettings()))
        #expect(judged.isAnomaly)
    }

    @Test func noAlertWithFewerThanSevenDaysOfHistory() {
        let short = Array(history().suffix(6))
        #expect(DailyAnomaly.evaluate(actual: Money(dollars: 5_000), weekday: 1, history: short, settings: DailyAnomalySettings()) == nil)
        // Days before the first spend are not history.
        let padded = (0..<10).map { DayCost(start: Timestamp(microseconds: Int64($0)), weekday: $0 % 7 + 1, cost: .zero) } + short
        #expect(DailyAnomaly.evaluate(actual: Money(dollars: 5_000), weekday: 1, history: padded, settings: DailyAnomalySettings()) == nil)
        #expect(
            DailyAnomaly.evaluate(
                actual: Money(dollars: 5_000), weekday: 1, history: Array(history().suffix(7)), settings: DailyAnomalySettings()) != nil)
    }

    @Test func smallExcessesStayQuiet() throws {
        let tiny = history(base: 2)
        let judged = try #require(
            DailyAnomaly.evaluate(actual: Money(dollars: 8), weekday: 2, history: tiny, settings: DailyAnomalySettings()))
        #expect(judged.zScore >= 3)
        #expect(!judged.isAnomaly)
    }

    @Test(arguments: [(100, true), (49, false), (60, false)])
    func anHourIsASpikeAtTwiceTheTrailingAverage(dollars: Int64, spike: Bool) throws {
        let trailing = Array(repeating: Money(dollars: 25), count: 24)
        let verdict = try #require(
            Spike.evaluate(
                actual: Money(dollars: dollars), trailing: trailing, factor: dollars == 60 ? 2.5 : 2, minimumExcess: Money(dollars: 1)))
        #expect(verdict.isSpike == spike)
        #expect(verdict.baseline == Money(dollars: 25))
    }

    @Test func aSpikeNeedsABaseline() {
        #expect(
            Spike.evaluate(actual: Money(dollars: 100), trailing: Array(repeating: .zero, count: 7), factor: 3, minimumExcess: .zero) == nil
        )
        #expect(Spike.evaluate(actual: Money(dollars: 100), trailing: [], factor: 3, minimumExcess: .zero) == nil)
    }

    /// An hour that costs where the same hour of earlier weeks cost nothing (a batch job at 03:00,
    /// a runaway loop at night) is a spike with no finite ratio: the alert says what it cost
    /// against $0 expected and leaves the multiple out, rather than write `inf`.
    @Test func aSpikeWhereNothingWasExpectedHasNoRatio() throws {
        let quietHour = 3
        var costs = (0..<(3 * 168 + quietHour)).map { $0 % 24 == quietHour ? Money.zero : Money(dollars: 2) }
        costs.append(Money(dollars: 25))
        let settings = DimensionSpikeSettings()
        let spike = try #require(
            SeasonalSpike.evaluate(costs, at: costs.count - 1, factor: settings.factor, minimumExcess: settings.minimumExcess))
        #expect(spike.isSpike && spike.baseline == .zero && spike.ratio == .infinity)
        let start = Timestamp(rfc3339: "2026-11-28T03:00:00Z")!
        let observation = try #require(
            AnomalyAlertRules.dimensionSpike(
                dimension: "feature", value: "nightly-batch", hour: start..<start.adding(seconds: 3_600), label: "2026-11-28T03:00",
                weekday: "Saturday", spike: spike, settings: settings))
        #expect(observation.summary.contains("$25.00 in the hour against $0.00 expected"), "\(observation.summary)")
        #expect(!observation.summary.contains("inf") && !observation.summary.contains("∞"), "\(observation.summary)")
        #expect(!observation.figures.contains { $0.name == "ratio" })
        #expect(observation.figures.filter { $0.unit == .ratio }.allSatisfy { Double($0.value)?.isFinite == true })
    }

    @Test func aFigureThatIsNotFiniteIsWrittenAsWordsNotAsANumber() {
        #expect(AlertFigure.ratio("ratio", .infinity).value == "∞")
        #expect(AlertFigure.ratio("ratio", -.infinity).value == "-∞")
        #expect(AlertFigure.percent("used_percent", .nan).value == "n/a")
        #expect(AlertFigure.ratio("ratio", 2.456).value == "2.46")
    }
}
