import BurnrateCore
import Foundation

/// The JSON shape of `GET /api/v1/forecast`.
enum ForecastPresenter {
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    static func forecast(_ figures: ForecastFigures, calendar: ReportingCalendar) -> JSONValue {
        var fields = body(figures.total, figures: figures, calendar: calendar)
        fields.insert(contentsOf: [("time_zone", .string(calendar.zoneName)), ("forecast_from", .string(figures.end.rfc3339))], at: 0)
        fields.insert(("horizon_months", .int(figures.months)), at: 2)
        if let key = figures.key {
            fields.append(("by", .string(key.description)))
            fields.append(
                (
                    "groups",
                    .array(
                        figures.groups.map { group in
                            .fields(
                                [
                                    ("key", group.isOther ? .string("other") : group.key.map(JSONValue.string) ?? .null),
                                    ("other", group.isOther ? .bool(true) : nil),
                                ] + body(group.forecast, figures: figures, calendar: calendar).filter { $0.0 != "method" })
                        })
                ))
        }
        return .fields(fields)
    }

    /// The fields of one forecast, the total's or a group's.
    static func body(_ forecast: CostForecast, figures: ForecastFigures, calendar: ReportingCalendar) -> [(String, JSONValue?)] {
        [
            ("method", .string(method(forecast, calendar: calendar))),
            ("confidence", .string(forecast.confidence.rawValue)),
            ("note", forecast.note.map(JSONValue.string)),
            ("history", history(forecast, calendar: calendar)),
            ("growth", growth(forecast)),
            ("period_end", forecast.projection.map { projection($0, months: forecast.months, calendar: calendar) } ?? .null),
            ("months", .array(forecast.months.map { month($0, calendar: calendar) })),
            ("backtest", backtest(forecast, calendar: calendar)),
        ]
    }

    static func method(_ forecast: CostForecast, calendar: ReportingCalendar) -> String {
        guard let model = forecast.model else {
            return
                "No forecast: \(forecast.note ?? "too little history."). The period-end projection, when shown, adds to the actual to date the median cost of each weekday over the last four weeks for each remaining day."
        }
        let weekend = (model.weekdayFactors[5] + model.weekdayFactors[6]) / 2
        let weekday = model.weekdayFactors[0..<5].reduce(0, +) / 5
        let trend =
            forecast.assumedMonthlyGrowth.map {
                "The fitted trend is replaced by the assumed growth of \(percent($0)) a month, compounding from the trend's value on the last day of history"
            }
            ?? "The fitted trend, \(model.monthlyGrowth.map(percent) ?? "not positive") a month at the end of the history, is extrapolated in a straight line"
        return
            "Daily cost over \(forecast.fittedDays) days of history is fitted as a least-squares linear trend multiplied by day-of-week factors (weekends at \(Int((100 * weekend / max(weekday, 1e-9)).rounded()))% of weekdays)\(model.outlierDays.isEmpty ? "" : ", with \(model.outlierDays.count) outlier day(s) capped at four robust standard deviations"). \(trend). Each day's forecast is the trend times its weekday factor; a month is the sum of its days, plus the actual cost of days already past. The 80% and 95% intervals are ±1.28 and ±1.96 standard deviations: the daily noise of the residuals (±\(String(format: "%.1f%%", 100 * model.relativeDeviation)) a day, widened for runs of days by their autocorrelation) plus the uncertainty of the fitted line, which grows with the horizon. Requests and tokens are forecast the same way. The backtest refits on the history before the last whole weeks and compares the forecast of those weeks with what they cost; days more than five standard deviations off are listed as outliers, and the error of the total is also given without them. The period-end projection adds to the actual to date the median cost of each weekday over the last four weeks, for each remaining day of the month."
    }

    static func percent(_ ratio: Double) -> String {
        (ratio > 0 ? "+" : "") + String(format: "%.1f%%", 100 * ratio)
    }

    static func history(_ forecast: CostForecast, calendar: ReportingCalendar) -> JSONValue {
        guard let fitted = forecast.fitted else { return .fields([("days", .int(0))]) }
        let model = forecast.model
        return .fields([
            ("from", .string(calendar.label(.day, start: fitted.lowerBound))),
            ("to", .string(calendar.label(.day, start: fitted.upperBound.adding(seconds: -1)))),
            ("days", .int(forecast.fittedDays)),
            (
                "weekday_factors",
                model.map { model in .fields(zip(weekdayNames, model.weekdayFactors).map { ($0, JSONValue.double($1)) }) }
            ),
            ("daily_noise", model.map { .double($0.relativeDeviation) }),
            ("autocorrelation", model.map { .double($0.autocorrelation) }),
            (
                "outlier_days",
                model.map { model in
                    .array(
                        model.outlierDays.map {
                            .string(calendar.label(.day, start: fitted.lowerBound.adding(seconds: Int64($0) * 86_400 + 43_200)))
                        })
                }
            ),
        ])
    }

    static func growth(_ forecast: CostForecast) -> JSONValue {
        .fields([
            ("fitted_monthly", forecast.model.flatMap(\.monthlyGrowth).map(JSONValue.double) ?? .null),
            ("assumed_monthly", forecast.assumedMonthlyGrowth.map(JSONValue.double) ?? .null),
            ("used", .string(forecast.assumedMonthlyGrowth == nil ? "fitted" : "assumed")),
        ])
    }

    static func projection(_ projection: PeriodEndProjection, months: [MonthForecast], calendar: ReportingCalendar) -> JSONValue {
        let model = months.first { $0.month == projection.month }
        let runRate = projection.dailyRunRate
        return .fields([
            ("month", .string(calendar.label(.month, start: projection.month.lowerBound))),
            ("actual_to_date_usd", .usd(projection.actualToDate)),
            ("actual_to_date_nanos", .int(projection.actualToDate.nanos)),
            ("elapsed_days", .int(projection.elapsedDays)),
            ("remaining_days", .int(projection.remainingDays)),
            ("projected_usd", .usd(projection.projected)),
            ("projected_nanos", .int(projection.projected.nanos)),
            ("run_rate_daily_usd", .usd(runRate)),
            ("weeks_used", .int(projection.weeksUsed)),
            (
                "weekday_rates_usd",
                .fields(zip(weekdayNames, projection.weekdayRates).map { ($0, JSONValue.usd($1)) })
            ),
            ("model_projected_usd", model.map { .usd($0.cost.expected) }),
            ("model_low_80_usd", model.map { .usd($0.cost.low80) }),
            ("model_high_80_usd", model.map { .usd($0.cost.high80) }),
        ])
    }

    static func month(_ month: MonthForecast, calendar: ReportingCalendar) -> JSONValue {
        .fields([
            ("month", .string(calendar.label(.month, start: month.month.lowerBound))),
            ("kind", .string(month.kind.rawValue)),
            ("observed_days", .int(month.observedDays)),
            ("forecast_days", .int(month.forecastDays)),
            ("actual_usd", .usd(month.actual)),
            ("cost_usd", .usd(month.cost.expected)),
            ("cost_nanos", .int(month.cost.expected.nanos)),
            ("low_80_usd", .usd(month.cost.low80)),
            ("high_80_usd", .usd(month.cost.high80)),
            ("low_95_usd", .usd(month.cost.low95)),
            ("high_95_usd", .usd(month.cost.high95)),
            ("requests", .int(month.requests)),
            ("tokens", .int(month.tokens)),
        ])
    }

    static func backtest(_ forecast: CostForecast, calendar: ReportingCalendar) -> JSONValue {
        guard let backtest = forecast.backtest, let fitted = forecast.fitted else {
            return .fields([("available", .bool(false)), ("note", forecast.backtestNote.map(JSONValue.string) ?? .null)])
        }
        let heldOut = calendar.start(
            of: .day, containing: fitted.upperBound.adding(seconds: -Int64(backtest.heldOutWeeks) * 7 * 86_400 + 43_200))
        return .fields([
            ("available", .bool(true)),
            ("held_out_weeks", .int(backtest.heldOutWeeks)),
            ("held_out_from", .string(calendar.label(.day, start: heldOut))),
            ("held_out_to", .string(calendar.label(.day, start: fitted.upperBound.adding(seconds: -1)))),
            ("training_days", .int(backtest.trainingDays)),
            ("daily_mape_percent", AnalyticsPresenter.optionalDouble(backtest.dailyMAPE)),
            ("total_error_percent", AnalyticsPresenter.optionalDouble(backtest.totalErrorPercent)),
            (
                "outlier_days",
                .array(
                    backtest.outlierDays.map {
                        .string(calendar.label(.day, start: heldOut.adding(seconds: Int64($0) * 86_400 + 43_200)))
                    })
            ),
            (
                "total_error_percent_excluding_outliers",
                AnalyticsPresenter.optionalDouble(backtest.totalErrorPercentExcludingOutliers)
            ),
            ("actual_usd", .usd(Money(approximateUSD: backtest.actualTotal))),
            ("forecast_usd", .usd(Money(approximateUSD: backtest.forecastTotal))),
            ("coverage_80", .double(backtest.coverage80)),
            ("coverage_95", .double(backtest.coverage95)),
        ])
    }
}
