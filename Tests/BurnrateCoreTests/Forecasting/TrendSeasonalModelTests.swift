import BurnrateCore
import Foundation
import Testing

/// The model recovers a known trend and weekday pattern, and its intervals mean what they say.
@Suite struct TrendSeasonalModelTests {
    @Test func recoversANoiseFreeTrendAndWeekdayPatternExactly() throws {
        let series = SyntheticSeries(level: 100, slope: 1.5)
        let model = try TrendSeasonalModel.fit(values: series.values(84), weekdays: series.weekdays(84))
        for index in [0, 41, 83, 120] {
            #expect(abs(model.trend(at: index) - (100 + 1.5 * Double(index))) < 1e-6)
        }
        for weekday in 0..<7 { #expect(abs(model.weekdayFactors[weekday] - SyntheticSeries.factors[weekday]) < 1e-9) }
        #expect(model.outlierDays.isEmpty)
    }

    /// Tolerance: with ±5% daily noise over 12 weeks, slope within 10%, the trend at the first
    /// and last day within 4%, every weekday factor within 0.03.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func recoversANoisyTrendAndWeekdayPatternWithinTolerance(seed: UInt64) throws {
        let series = SyntheticSeries(level: 200, slope: 2, noise: 0.05, seed: seed, firstWeekday: 4)
        let model = try TrendSeasonalModel.fit(values: series.values(84), weekdays: series.weekdays(84))
        #expect(abs(model.slope - 2) / 2 < 0.10)
        #expect(abs(model.trend(at: 0) - 200) / 200 < 0.04)
        #expect(abs(model.trend(at: 83) - 366) / 366 < 0.04)
        for weekday in 0..<7 { #expect(abs(model.weekdayFactors[weekday] - SyntheticSeries.factors[weekday]) < 0.03) }
        #expect(abs(model.relativeDeviation - 0.05) < 0.015)
    }

    @Test func aSpikeIsCappedAndDoesNotBendTheTrend() throws {
        let series = SyntheticSeries(level: 100, slope: 1, noise: 0.03)
        var values = series.values(70)
        values[60] *= 6
        let model = try TrendSeasonalModel.fit(values: values, weekdays: series.weekdays(70))
        #expect(model.outlierDays == [60])
        #expect(abs(model.slope - 1) < 0.1)
    }

    @Test func anExplicitGrowthRateReplacesTheFittedTrendExactly() throws {
        let series = SyntheticSeries(level: 100, slope: 3)
        let model = try TrendSeasonalModel.fit(values: series.values(56), weekdays: series.weekdays(56))
        let last = model.trend(at: 55)
        for ahead in [1, 30, 61, 365] {
            let expected = last * pow(1.10, Double(ahead) / TrendSeasonalModel.daysPerMonth)
            #expect(abs(model.trend(at: 55 + ahead, monthlyGrowth: 0.10) - expected) < 1e-9 * expected)
            let weekday = series.weekday(55 + ahead)
            #expect(
                abs(model.expected(at: 55 + ahead, weekday: weekday, monthlyGrowth: 0.10) - expected * model.weekdayFactors[weekday - 1])
                    < 1e-9 * expected)
        }
        #expect(model.trend(at: 100, monthlyGrowth: 0) == last)
        // The fitted growth is the slope over a month relative to the last day's trend.
        #expect(abs(model.monthlyGrowth! - 3 * TrendSeasonalModel.daysPerMonth / last) < 1e-9)
    }

    @Test func tooShortAHistoryIsRefused() {
        let series = SyntheticSeries()
        #expect(throws: ForecastError.tooShort(days: 13, minimum: 14)) {
            try TrendSeasonalModel.fit(values: series.values(13), weekdays: series.weekdays(13))
        }
    }

    /// Over 40 noisy series (10% noise), the daily intervals of the next four weeks hold about the
    /// stated share: 80% within 70-90%, 95% within 88-99%.
    @Test func intervalsHoldAboutTheStatedShare() throws {
        var inside80 = 0
        var inside95 = 0
        var total = 0
        for seed in 1...40 as ClosedRange<UInt64> {
            let series = SyntheticSeries(level: 500, slope: 2, noise: 0.10, seed: seed * 7_919)
            let model = try TrendSeasonalModel.fit(values: series.values(90), weekdays: series.weekdays(90))
            for (offset, actual) in series.values(28, from: 90).enumerated() {
                let index = 90 + offset
                let (mean, deviation) = model.sum(over: [(index, series.weekday(index))])
                if abs(actual - mean) <= ForecastInterval.z80 * deviation { inside80 += 1 }
                if abs(actual - mean) <= ForecastInterval.z95 * deviation { inside95 += 1 }
                total += 1
            }
        }
        let share80 = Double(inside80) / Double(total)
        let share95 = Double(inside95) / Double(total)
        #expect((0.70...0.90).contains(share80), "80% interval held \(share80)")
        #expect((0.88...0.99).contains(share95), "95% interval held \(share95)")
    }

    @Test func intervalsWidenWithTheHorizon() throws {
        // A flat series: the expected value stays the same, so only the uncertainty can widen.
        let series = SyntheticSeries(level: 100, slope: 0, noise: 0.08, seed: 11)
        let model = try TrendSeasonalModel.fit(values: series.values(63), weekdays: series.weekdays(63))
        // The same weekday 1, 5, 9 and 13 weeks ahead, and four-week sums at growing distances.
        let days = [63, 91, 119, 147].map { model.sum(over: [($0, series.weekday($0))]).deviation }
        #expect(zip(days, days.dropFirst()).allSatisfy { $0 < $1 }, "\(days)")
        let blocks = [63, 119, 175, 231].map { start in
            model.sum(over: (start..<start + 28).map { ($0, series.weekday($0)) }).deviation
        }
        #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0 < $1 }, "\(blocks)")
    }
}
