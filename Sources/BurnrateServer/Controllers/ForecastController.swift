import BurnrateCore
import Hummingbird

/// `GET /api/v1/forecast`: where spend is heading, month by month, with intervals and a backtest.
struct ForecastController<Context: RequestContext> {
    let analytics: CostAnalytics

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("forecast", use: forecast)
    }

    @Sendable func forecast(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(
            parameters, extra: ["horizon", "growth", "history", "by", "limit"], calendar: analytics.calendar)
        let options = try Self.options(parameters)
        return JSONResponse(
            value: ForecastPresenter.forecast(try await analytics.forecast(scope, options: options), calendar: analytics.calendar))
    }

    /// Reads `horizon` (1m to 12m), `growth` (a monthly rate), `history` (days), `by` and `limit`.
    static func options(_ parameters: Parameters) throws(InvalidQuery) -> ForecastOptions {
        var options = ForecastOptions()
        var issues: [FieldIssue] = []
        if let text = parameters["horizon"].map(String.init) {
            let digits = text.hasSuffix("m") ? String(text.dropLast()) : text
            if let months = Int(digits), (1...12).contains(months) {
                options.months = months
            } else {
                issues.append(FieldIssue(field: "horizon", message: "must be 1m to 12m (got \(text))"))
            }
        }
        if let text = parameters["growth"].map(String.init) {
            if let growth = Double(text), growth.isFinite, growth > -1, growth <= 10 {
                options.monthlyGrowth = growth
            } else {
                issues.append(
                    FieldIssue(
                        field: "growth", message: "must be a monthly rate above -1 and at most 10, e.g. 0.1 for +10% a month (got \(text))")
                )
            }
        }
        if let text = parameters["history"].map(String.init) {
            if parameters["from"] != nil {
                issues.append(FieldIssue(field: "history", message: "give either history or from, not both"))
            } else if let days = Int(text), (TrendSeasonalModel.minimumDays...730).contains(days) {
                options.historyDays = days
            } else {
                issues.append(
                    FieldIssue(
                        field: "history",
                        message: "must be a whole number of days from \(TrendSeasonalModel.minimumDays) to 730 (got \(text))"))
            }
        } else if parameters["from"] != nil {
            options.historyDays = nil
        }
        if let text = parameters["limit"].map(String.init) {
            if let limit = Int(text), (1...50).contains(limit) {
                options.limit = limit
            } else {
                issues.append(FieldIssue(field: "limit", message: "must be a whole number from 1 to 50 (got \(text))"))
            }
        }
        guard issues.isEmpty else { throw InvalidQuery(issues: issues) }
        options.key = try parameters["by"].map { text throws(InvalidQuery) in try GroupingKey.parseList(String(text), maximum: 1)[0] }
        return options
    }
}
