import BurnrateCore
import Foundation
import Testing

/// Monthly rows, the period-end projection and honest refusals, over UTC days.
@Suite struct CostForecasterTests {
    let calendar = ReportingCalendar.utc
    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    @Test func aFlatSeriesGivesMonthsOfActualPlusForecast() throws {
        // $10 and 100 requests a day from 2026-10-01 to 2026-12-02; the forecast starts 2026-12-03.
        let days = SyntheticSeries.days(Array(repeating: 10, count: 63), from: at("2026-10-01T00:00:00Z"), requests: 100)
        let forecast = CostForecaster.forecast(
            days: days, fitFrom: days[0].day.lowerBound, end: at("2026-12-03T00:00:00Z"), months: 2, calendar: calendar)
        #expect(forecast.confidence == .normal)
        #expect(forecast.fittedDays == 63)
        let months = forecast.months
        #expect(months.map(\.kind) == [.actual, .partial, .forecast])
        #expect(months.map(\.month.lowerBound) == [at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), at("2027-01-01T00:00:00Z")])
        #expect(months[0].cost.expected == Money(dollars: 300) && months[0].cost.high95 == Money(dollars: 300))
        #expect(months[1].actual == Money(dollars: 20))
        #expect(months[1].observedDays == 2 && months[1].forecastDays == 29)
        #expect(abs(months[1].cost.expected.usd - 310) < 0.001)
        #expect(abs(months[2].cost.expected.usd - 310) < 0.001)
        #expect(months[2].requests == 3_100 && months[2].tokens == 3_100_000)
        #expect(months[1].requests == 3_100)
        // No noise: the intervals collapse onto the forecast.
        #expect(abs(months[2].cost.high95.usd - months[2].cost.low95.usd) < 0.001)
        let backtest = try #require(forecast.backtest)
        #expect(backtest.heldOutWeeks == 4)
        #expect(try #require(backtest.dailyMAPE) < 1e-6)
    }

    @Test func anExplicitGrowthRateCompoundsFromTheLastDay() throws {
        let days = SyntheticSeries.days(Array(repeating: 10, count: 61), from: at("2026-10-01T00:00:00Z"))
        let forecast = CostForecaster.forecast(
            days: days, fitFrom: days[0].day.lowerBound, end: at("2026-12-01T00:00:00Z"), months: 2, monthlyGrowth: 0.1,
            calendar: calendar)
        #expect(forecast.assumedMonthlyGrowth == 0.1)
        let model = try #require(forecast.model)
        // The fitted trend's last day is day 60; December's days are 61...91.
        let december = (61...91).map { 10 * pow(1.1, Double($0 - 60) / TrendSeasonalModel.daysPerMonth) }.reduce(0, +)
        let months = forecast.months
        #expect(months.map(\.kind) == [.actual, .forecast, .forecast])
        #expect(abs(months[1].cost.expected.usd - december) < 1e-6 * december)
        #expect(abs(model.trend(at: 60) - 10) < 1e-9)
        #expect(months[2].cost.expected > months[1].cost.expected)
    }

    @Test func theProjectionUsesTheMedianOfRecentWeekdays() throws {
        // Four weeks from Monday 2026-11-02: weekdays $10, weekends $4, one Thursday spiking to
        // $100. November 30 (a Monday) remains: the projection adds the Monday median, $10.
        var values = (0..<28).map { $0 % 7 >= 5 ? 4.0 : 10.0 }
        values[17] = 100
        let days = SyntheticSeries.days(values, from: at("2026-11-02T00:00:00Z"))
        let forecast = CostForecaster.forecast(
            days: days, fitFrom: days[0].day.lowerBound, end: at("2026-11-30T00:00:00Z"), months: 1, calendar: calendar)
        let projection = try #require(forecast.projection)
        #expect(projection.actualToDate == Money(dollars: 19 * 10 + 100 + 8 * 4))
        #expect(projection.elapsedDays == 28 && projection.remainingDays == 1)
        #expect(projection.weekdayRates == [10, 10, 10, 10, 10, 4, 4].map { Money(dollars: $0) })
        #expect(projection.projected == projection.actualToDate + Money(dollars: 10))
        #expect(projection.dailyRunRate == Money(dollars: 58).scaled(by: 1, over: 7))
    }

    @Test func tooShortAHistoryIsSaidNotFabricated() throws {
        let days = SyntheticSeries.days(Array(repeating: 10, count: 10), from: at("2026-11-20T00:00:00Z"))
        let forecast = CostForecaster.forecast(
            days: days, fitFrom: days[0].day.lowerBound, end: at("2026-11-30T00:00:00Z"), months: 3, calendar: calendar)
        #expect(forecast.confidence == .unavailable)
        #expect(forecast.months.isEmpty && forecast.model == nil && forecast.backtest == nil)
        #expect(forecast.note?.contains("at least 14 days") == true)
        #expect(forecast.projection != nil)

        let three = SyntheticSeries.days(Array(repeating: 10, count: 21), from: at("2026-11-09T00:00:00Z"))
        let rough = CostForecaster.forecast(
            days: three, fitFrom: three[0].day.lowerBound, end: at("2026-11-30T00:00:00Z"), months: 1, calendar: calendar)
        #expect(rough.confidence == .low)
        #expect(rough.backtest == nil && rough.backtestNote != nil)
        #expect(rough.months.count == 1)
    }

    @Test func leadingDaysWithoutActivityAreNotFitted() throws {
        let values = Array(repeating: 0.0, count: 20) + Array(repeating: 5.0, count: 30)
        let days = SyntheticSeries.days(values, from: at("2026-10-01T00:00:00Z"))
        let forecast = CostForecaster.forecast(
            days: days, fitFrom: days[0].day.lowerBound, end: days[49].day.upperBound, months: 1, calendar: calendar)
        #expect(forecast.fittedDays == 30)
        #expect(forecast.fitted?.lowerBound == at("2026-10-21T00:00:00Z"))
        #expect(abs(try #require(forecast.model).trend(at: 40) - 5) < 1e-9)
    }
}
