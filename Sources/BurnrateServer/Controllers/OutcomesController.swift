import BurnrateCore
import BurnrateStore
import Hummingbird

/// Business outcomes of agent sessions: `POST /api/v1/outcomes` records a batch, idempotent by
/// id, and `GET /api/v1/outcomes` lists them a page at a time.
struct OutcomesController<Context: RequestContext> {
    /// The largest body `POST /api/v1/outcomes` accepts.
    static var maximumBodyBytes: Int { 10 * 1024 * 1024 }
    /// How many outcomes a page lists without `limit`.
    static var defaultListLimit: Int { 100 }
    /// The most values one listing filter (`type`, `session_id`) takes.
    static var maximumFilterValues: Int { 100 }
    /// Answers for more outcomes than this are written on one line.
    static var indentedOutcomes: Int { 100 }

    let ledger: Ledger
    let analytics: CostAnalytics

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("outcomes", use: record)
        group.get("outcomes", use: list)
        group.get("outcomes/economics", use: economics)
    }

    /// Cost per successful outcome, success rate and cost of failed runs, overall, per feature
    /// and per period.
    @Sendable func economics(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["interval", "type"], calendar: analytics.calendar)
        let text = parameters["interval"].map(String.init) ?? "day"
        guard let interval = CalendarInterval(rawValue: text), interval != .hour else {
            throw Problem.badRequest(
                "The query parameters are not valid.",
                errors: [FieldIssue(field: "interval", message: "must be day, week or month (got \(text))")])
        }
        guard scope.filter.dimensions.values.allSatisfy(\.isEmpty), scope.filter.tags.values.allSatisfy(\.isEmpty) else {
            throw Problem.badRequest(
                "Outcome economics take a range, interval and type; every feature is in the answer.",
                errors: [FieldIssue(field: "feature", message: "filters on dimensions and tags are not supported here")])
        }
        let types = parameters.getAll("type").map { String($0) }
        let report = try await analytics.outcomes(in: scope.range, types: types, interval: interval)
        return JSONResponse(value: OutcomeEconomicsPresenter.report(report, calendar: analytics.calendar))
    }

    @Sendable func record(request: Request, context: Context) async throws -> JSONResponse {
        var request = request
        let body = try await request.collectBody(
            upTo: Self.maximumBodyBytes,
            tooLarge:
                "The request body is larger than 10 MB, the limit for POST /api/v1/outcomes; send at most \(OutcomeDecoder.maximumOutcomes) outcomes or 10 MB per request."
        )
        let outcomes: [Outcome]
        do {
            outcomes = try OutcomeDecoder.decodeJSON(body.readableBytesView, now: .now(), makeID: RandomID.make)
        } catch {
            throw Self.problem(for: error)
        }
        let saved = try await ledger.store.saveOutcomes(outcomes)
        let accepted = saved.filter { !$0.duplicate }.count
        return JSONResponse(
            value: .fields([
                ("accepted", .int(accepted)),
                ("duplicates", .int(saved.count - accepted)),
                ("outcomes", .array(saved.map(OutcomePresenter.saved))),
            ]),
            status: accepted > 0 ? .created : .ok,
            indent: saved.count > Self.indentedOutcomes ? 0 : 2)
    }

    /// A page of the outcomes matching the range and filters, oldest first; `next_cursor`, when
    /// present, reads the next page.
    @Sendable func list(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let (filter, cursor) = try Self.query(parameters)
        let limit = try parameters.limit(default: Self.defaultListLimit)
        let page = try await ledger.store.outcomes(filter, after: cursor, limit: limit)
        let next = page.count == limit ? page.last.map(OutcomePresenter.cursor(after:)) : nil
        return JSONResponse(
            value: .fields([
                ("from", filter.from.map { .string($0.rfc3339) }),
                ("to", filter.to.map { .string($0.rfc3339) }),
                ("count", .int(page.count)),
                ("outcomes", .array(page.map(OutcomePresenter.outcome))),
                ("next_cursor", next.map(JSONValue.string)),
            ]))
    }

    /// The listing's filter and cursor, every problem of every parameter reported at once.
    static func query(_ parameters: Parameters) throws(Problem) -> (OutcomeFilter, OutcomeCursor?) {
        let known = ["from", "to", "type", "success", "session_id", "limit", "cursor"]
        var filter = OutcomeFilter()
        var cursor: OutcomeCursor?
        var issues: [FieldIssue] = []
        for (key, value) in parameters {
            let name = String(key)
            let text = String(value)
            switch name {
            case "from", "to":
                guard let instant = FilterQuery.parseInstant(text) else {
                    issues.append(FieldIssue(field: name, message: "must be an RFC 3339 time or a date YYYY-MM-DD (got \(text))"))
                    continue
                }
                if name == "from" { filter.from = instant } else { filter.to = instant }
            case "type": filter.types.append(text)
            case "session_id": filter.sessionIDs.append(text)
            case "success":
                guard let success = Bool(text) else {
                    issues.append(FieldIssue(field: name, message: "must be true or false (got \(text))"))
                    continue
                }
                filter.success = success
            case "cursor":
                cursor = OutcomePresenter.parseCursor(text)
                if cursor == nil || text.utf8.contains(0) {
                    issues.append(FieldIssue(field: name, message: "must be the next_cursor of an earlier page (got \(text))"))
                }
            case "limit": continue
            default:
                issues.append(FieldIssue(field: name, message: "is not a known parameter (known: \(known.joined(separator: ", ")))"))
            }
        }
        for (name, values) in [("type", filter.types), ("session_id", filter.sessionIDs)] {
            if values.count > maximumFilterValues {
                issues.append(FieldIssue(field: name, message: "is given \(values.count) times; the limit is \(maximumFilterValues)"))
            }
            if let long = values.first(where: { $0.count > Limits.maximumValueLength }) {
                issues.append(
                    FieldIssue(field: name, message: "is \(long.count) characters long; the limit is \(Limits.maximumValueLength)"))
            }
            if values.contains(where: { Limits.hasControlCharacter($0) }) {
                issues.append(FieldIssue(field: name, message: "must not contain control characters such as tabs, line breaks or NUL"))
            }
        }
        if let from = filter.from, let to = filter.to, from >= to {
            issues.append(FieldIssue(field: "to", message: "must be after 'from' (\(from.rfc3339) to \(to.rfc3339) is empty or inverted)"))
        }
        guard issues.isEmpty else { throw Problem.badRequest("The query parameters are not valid.", errors: issues) }
        return (filter, cursor)
    }

    static func problem(for failure: OutcomeDecoder.Failure) -> Problem {
        switch failure {
        case .malformed(let error):
            return .badRequest("The body is not valid JSON: \(error.description).")
        case .empty:
            return .badRequest("The body holds no outcomes; send one outcome object, an array of them, or {\"outcomes\": [...]}.")
        case .tooManyOutcomes(let count):
            return Problem(
                .contentTooLarge,
                detail:
                    "The body holds \(count) outcomes; the limit is \(OutcomeDecoder.maximumOutcomes) per request. Split it into smaller batches."
            )
        case .invalid(let issues):
            let outcomes = Set(issues.compactMap(\.index)).count
            return .badRequest(
                "\(issues.count) problem\(issues.count == 1 ? "" : "s") in \(outcomes) outcome\(outcomes == 1 ? "" : "s"); nothing was stored.",
                errors: issues)
        }
    }
}
