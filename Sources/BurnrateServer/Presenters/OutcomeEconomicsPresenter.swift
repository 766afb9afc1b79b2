import BurnrateCore

/// The JSON of `GET /api/v1/outcomes/economics`.
enum OutcomeEconomicsPresenter {
    static let definition =
        "A run is a session with at least one outcome in the range; it succeeded when any of its outcomes did. cost_usd is the whole cost of those runs (failed runs included), cost_per_success_usd that cost divided by the successful outcomes, failed_run_cost_usd the cost of runs none of whose outcomes succeeded, value_usd the value of the successful outcomes. A run counts in the feature of its first call and in the period of its last outcome."

    static func report(_ report: OutcomeReport, calendar: ReportingCalendar) -> JSONValue {
        let economics = report.economics
        return .fields([
            ("from", .string(report.range.lowerBound.rfc3339)),
            ("to", .string(report.range.upperBound.rfc3339)),
            ("interval", .string(report.interval.rawValue)),
            ("definition", .string(definition)),
            ("truncated", .bool(report.truncated)),
            ("total", figures(economics.total)),
            (
                "features",
                .array(economics.features.map { .fields([("feature", .optionalString($0.feature)), ("figures", figures($0.figures))]) })
            ),
            (
                "periods",
                .array(
                    economics.periods.map { period in
                        .fields([
                            ("start", .string(period.start.rfc3339)),
                            ("label", .string(calendar.label(report.interval, start: period.start))),
                            ("figures", figures(period.figures)),
                        ])
                    })
            ),
        ])
    }

    static func figures(_ figures: OutcomeFigures) -> JSONValue {
        .fields([
            ("outcomes", .int(figures.outcomes)),
            ("successes", .int(figures.successes)),
            ("failures", .int(figures.failures)),
            ("success_rate", figures.successRate.map(JSONValue.double)),
            ("sessions", .int(figures.sessions)),
            ("successful_sessions", .int(figures.successfulSessions)),
            ("sessions_without_cost", .int(figures.sessionsWithoutCost)),
            ("cost_usd", .usd(figures.cost)),
            ("cost_per_success_usd", figures.costPerSuccess.map(JSONValue.usd)),
            ("failed_run_cost_usd", .usd(figures.failedRunCost)),
            ("value_usd", .usd(figures.value)),
            ("value_per_cost", figures.valuePerCost.map(JSONValue.double)),
        ])
    }
}
