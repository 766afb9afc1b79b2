import BurnrateCore
import Testing

/// The backtest's error measures, by hand and on series the model fits.
@Suite struct BacktestTests {
    @Test func mapeAndTotalErrorOnAHandComputedCase() throws {
        // |110-100|/100 = 10%, |180-200|/200 = 10%, the zero day is left out, |50-50|/50 = 0%:
        // MAPE (10 + 10 + 0) / 3. Totals: 345 forecast against 350 actual, -1.428571%.
        let (mape, total) = Backtest.errors(actual: [100, 200, 0, 50], forecast: [110, 180, 5, 50])
        #expect(abs(try #require(mape) - 20.0 / 3) < 1e-12)
        #expect(abs(try #require(total) - (-500.0 / 350)) < 1e-12)
        let none = Backtest.errors(actual: [0, 0], forecast: [1, 2])
        #expect(none.mape == nil && none.totalError == nil)
    }

    @Test(arguments: [(34, nil), (35, 1), (41, 1), (42, 2), (56, 4), (90, 4)] as [(Int, Int?)])
    func weeksHeldOutLeaveFourWeeksToFitOn(days: Int, weeks: Int?) {
        #expect(Backtest.weeks(forHistory: days) == weeks)
    }

    @Test func aSeriesTheModelFitsBacktestsWithoutError() throws {
        let series = SyntheticSeries(level: 80, slope: 0.7)
        let backtest = try Backtest.run(values: series.values(70), weekdays: series.weekdays(70), weeks: 4)
        #expect(backtest.trainingDays == 42)
        #expect(try #require(backtest.dailyMAPE) < 1e-6)
        #expect(abs(try #require(backtest.totalErrorPercent)) < 1e-6)
        #expect(abs(backtest.actualTotal - series.values(28, from: 42).reduce(0, +)) < 1e-9)
    }

    @Test func aHeldOutSpikeCountsInTheErrorAndIsAlsoShownWithoutIt() throws {
        let series = SyntheticSeries(level: 80, slope: 0.7, noise: 0.02, seed: 9)
        var values = series.values(70)
        values[60] *= 4
        let backtest = try Backtest.run(values: values, weekdays: series.weekdays(70), weeks: 2)
        #expect(backtest.outlierDays == [4])
        #expect(try #require(backtest.totalErrorPercent) < -10)
        #expect(abs(try #require(backtest.totalErrorPercentExcludingOutliers)) < 2)
    }

    @Test func backtestErrorMatchesTheFormulaOnNoisyData() throws {
        let series = SyntheticSeries(level: 80, slope: 0.7, noise: 0.1, seed: 5)
        let values = series.values(70)
        let backtest = try Backtest.run(values: values, weekdays: series.weekdays(70), weeks: 2)
        let model = try TrendSeasonalModel.fit(values: Array(values[..<56]), weekdays: series.weekdays(56))
        let forecasts = (56..<70).map { model.expected(at: $0, weekday: series.weekday($0)) }
        let (mape, total) = Backtest.errors(actual: Array(values[56...]), forecast: forecasts)
        #expect(backtest.dailyMAPE == mape)
        #expect(backtest.totalErrorPercent == total)
        #expect(try #require(mape) > 1)
    }
}
