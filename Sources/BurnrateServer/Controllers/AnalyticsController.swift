import BurnrateCore
import BurnrateStore
import Hummingbird

/// `GET /api/v1/summary`, `breakdown`, `timeseries`, `top` and `whatif`: the cost analytics.
struct AnalyticsController<Context: RequestContext> {
    let ledger: Ledger
    let analytics: CostAnalytics

    /// Groups a breakdown or a series shows before folding the rest into "other", unless `limit` says.
    static var defaultLimit: Int { 10 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("summary", use: summary)
        group.get("breakdown", use: breakdown)
        group.get("timeseries", use: timeseries)
        group.get("top", use: top)
        group.get("whatif", use: whatIf)
    }

    @Sendable func summary(request: Request, context: Context) async throws -> JSONResponse {
        let scope = try AnalyticsScope.parse(request.uri.queryParameters, calendar: analytics.calendar)
        return JSONResponse(value: AnalyticsPresenter.summary(try await analytics.summary(scope), calendar: analytics.calendar))
    }

    @Sendable func breakdown(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["by", "limit"], calendar: analytics.calendar)
        let keys = try GroupingKey.parseList(parameters["by"].map(String.init), maximum: 2)
        let limit = try Self.limit(parameters)
        return JSONResponse(value: AnalyticsPresenter.breakdown(try await analytics.breakdown(scope, by: keys, limit: limit)))
    }

    @Sendable func timeseries(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["interval", "by", "limit"], calendar: analytics.calendar)
        let intervalText = parameters["interval"].map(String.init) ?? "day"
        guard let interval = CalendarInterval(rawValue: intervalText) else {
            throw Problem.badRequest(
                "The query parameters are not valid.",
                errors: [FieldIssue(field: "interval", message: "must be hour, day, week or month (got \(intervalText))")])
        }
        let key = try parameters["by"].map { text throws(InvalidQuery) in try GroupingKey.parseList(String(text), maximum: 1)[0] }
        let nominalSeconds: Int64 = ["hour": 3600, "day": 86_400, "week": 604_800, "month": 2_419_200][interval.rawValue] ?? 1
        let points = (scope.range.upperBound.microseconds - scope.range.lowerBound.microseconds) / 1_000_000 / nominalSeconds
        guard points <= Self.maximumPeriods else {
            throw Problem.badRequest(
                "The range holds about \(points) \(interval.rawValue)s; ask for at most \(Self.maximumPeriods) points, with a shorter range or a wider interval.",
                errors: [FieldIssue(field: "interval", message: "too fine for this range")])
        }
        let figures = try await analytics.timeseries(scope, interval: interval, by: key, limit: try Self.limit(parameters))
        return JSONResponse(value: AnalyticsPresenter.timeseries(figures, calendar: analytics.calendar))
    }

    /// The most points a time series returns.
    static var maximumPeriods: Int { 5_000 }

    @Sendable func top(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["by", "limit"], calendar: analytics.calendar)
        let key = try GroupingKey.parseList(parameters["by"].map(String.init), maximum: 1)[0]
        return JSONResponse(value: AnalyticsPresenter.top(try await analytics.top(scope, by: key, limit: try Self.limit(parameters))))
    }

    @Sendable func whatIf(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["target", "by"], calendar: analytics.calendar)
        let key = try parameters["by"].map { text throws(InvalidQuery) in try GroupingKey.parseList(String(text), maximum: 1)[0] }
        guard let targetText = parameters["target"].map(String.init), !targetText.isEmpty else {
            throw Problem.badRequest(
                "Name the model to price the traffic on.",
                errors: [FieldIssue(field: "target", message: "is required, e.g. target=gpt-4.1-mini or target=anthropic/claude-haiku-4-5")]
            )
        }
        let target = try await Self.entry(named: targetText, at: scope.range.upperBound, catalog: try await ledger.catalog())
        let figures = try await analytics.whatIf(scope, target: target, by: key ?? .dimension(.feature))
        return JSONResponse(value: AnalyticsPresenter.whatIf(figures))
    }

    /// The price in effect at `time` for `provider/model` or a bare model name.
    static func entry(named text: String, at time: Timestamp, catalog: PriceCatalog) async throws(Problem) -> PriceEntry {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        let (provider, model) =
            parts.count == 2 && !catalog.history(provider: parts[0], model: parts[1]).isEmpty
            ? (parts[0], parts[1]) : (nil, text)
        switch catalog.lookup(provider: provider, model: model, at: time) {
        case .priced(let entry):
            return entry
        case .notYetPriced, .unknownModel:
            throw Problem(
                .unprocessableContent, title: "Unknown target model",
                detail:
                    "No price for '\(text)' at \(time.rfc3339). GET /api/v1/prices lists the priced models; add one with PUT /api/v1/prices/{model}.",
                errors: [FieldIssue(field: "target", message: "has no price")])
        }
    }

    /// The `limit` parameter: how many groups to list before "other".
    static func limit(_ parameters: Parameters) throws(Problem) -> Int {
        try parameters.limit(default: defaultLimit)
    }
}
