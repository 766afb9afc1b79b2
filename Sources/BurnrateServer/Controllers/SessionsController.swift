import BurnrateCore
import BurnrateStore
import Foundation
import Hummingbird

/// `GET /api/v1/sessions`, `sessions/{id}`, `sessions/distribution` and `sessions/steps`: what
/// agent runs cost.
struct SessionsController<Context: RequestContext> {
    let ledger: Ledger
    let calendar: ReportingCalendar

    /// The most calls one run's timeline returns.
    static var maximumCalls: Int { 10_000 }
    /// The furthest a list of sessions pages.
    static var maximumOffset: Int { 100_000 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("sessions", use: list)
        group.get("sessions/distribution", use: distribution)
        group.get("sessions/steps", use: steps)
        group.get("sessions/{id}", use: one)
    }

    @Sendable func list(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["sort", "limit", "offset"], calendar: calendar)
        let order = try Self.order(parameters["sort"].map(String.init))
        let limit = try parameters.limit(default: 50)
        let offset = try Self.offset(parameters["offset"].map(String.init))
        let sessions = try await ledger.store.sessions(scope.filter, order: order, limit: limit, offset: offset)
        return JSONResponse(
            value: SessionsPresenter.list(sessions, scope: scope, order: order, limit: limit, offset: offset))
    }

    @Sendable func one(request: Request, context: Context) async throws -> JSONResponse {
        // The router hands the segment over as sent: `a%2Fb` is the session `a/b`.
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        let parameters = request.uri.queryParameters
        let limit = try Self.callLimit(parameters["limit"].map(String.init))
        guard let found = try await ledger.store.session(id: id, limit: limit) else {
            throw Problem(
                .notFound, title: "Unknown session",
                detail: "No calls carry the session id '\(id.prefix(64))'. GET /api/v1/sessions lists the runs.")
        }
        return JSONResponse(value: SessionsPresenter.detail(found.summary, timeline: SessionTimeline(calls: found.calls), limit: limit))
    }

    @Sendable func distribution(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["interval"], calendar: calendar)
        let interval = parameters["interval"].map(String.init)
        let seconds: Int64?
        switch interval {
        case nil: seconds = nil
        case "day": seconds = 86_400
        case "week": seconds = 604_800
        case let other?:
            throw Problem.badRequest(
                "The query parameters are not valid.",
                errors: [FieldIssue(field: "interval", message: "must be day or week, or absent for the whole range (got \(other))")])
        }
        if let seconds {
            let periods = (scope.range.upperBound.microseconds - scope.range.lowerBound.microseconds) / 1_000_000 / seconds
            guard periods <= AnalyticsController<Context>.maximumPeriods else {
                throw Problem.badRequest(
                    "The range holds about \(periods) periods; ask for at most \(AnalyticsController<Context>.maximumPeriods).",
                    errors: [FieldIssue(field: "interval", message: "too fine for this range")])
            }
        }
        let rows = try await ledger.store.sessionCostDistribution(scope.filter, bucketSeconds: seconds)
        return JSONResponse(value: SessionsPresenter.distribution(rows, scope: scope, interval: interval))
    }

    @Sendable func steps(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let scope = try AnalyticsScope.parse(parameters, extra: ["limit"], calendar: calendar)
        let rows = try await ledger.store.stepCosts(scope.filter, limit: try parameters.limit(default: 20))
        return JSONResponse(value: SessionsPresenter.steps(rows, scope: scope))
    }

    static func order(_ text: String?) throws(Problem) -> SessionOrder {
        guard let text else { return .cost }
        guard let order = SessionOrder(rawValue: text) else {
            throw Problem.badRequest(
                "The query parameters are not valid.",
                errors: [
                    FieldIssue(
                        field: "sort",
                        message: "must be one of \(SessionOrder.allCases.map(\.rawValue).joined(separator: ", ")) (got \(text))")
                ])
        }
        return order
    }

    static func offset(_ text: String?) throws(Problem) -> Int {
        try wholeNumber(text, field: "offset", in: 0...maximumOffset, default: 0)
    }

    static func callLimit(_ text: String?) throws(Problem) -> Int {
        try wholeNumber(text, field: "limit", in: 1...maximumCalls, default: 1_000)
    }

    /// A whole-number query parameter within `range`, `fallback` when absent; a 400 naming it
    /// otherwise.
    static func wholeNumber(_ text: String?, field: String, in range: ClosedRange<Int>, default fallback: Int) throws(Problem) -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest(
                "The query parameters are not valid.",
                errors: [
                    FieldIssue(
                        field: field, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(text))")
                ])
        }
        return value
    }
}
