import BurnrateCore
import BurnrateStore
import Hummingbird

/// Alerts: `GET /api/v1/alerts` (current and past), `GET /api/v1/alerts/{id}` with its delivery
/// attempts, `POST /api/v1/alerts/{id}/acknowledge`, `POST /api/v1/alerts/evaluate`,
/// `GET /api/v1/alerts/rules`, and `GET /api/v1/notifications` (delivery attempts).
struct AlertsController<Context: RequestContext> {
    let evaluator: AlertEvaluator
    let settings: AlertRuleSettings
    let interval: Duration

    var store: any LedgerStore { evaluator.budgets.store }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("alerts", use: list)
        group.post("alerts/evaluate", use: evaluate)
        group.get("alerts/rules", use: rules)
        group.get("alerts/{id}", use: show)
        group.post("alerts/{id}/acknowledge", use: acknowledge)
        group.get("notifications", use: deliveries)
    }

    /// `state` is pending, firing, resolved or open (pending and firing); `rule`, `before` (an
    /// RFC 3339 time: older alerts, for paging) and `limit` (default 100) narrow the list.
    @Sendable func list(request: Request, context: Context) async throws -> JSONResponse {
        let query = request.uri.queryParameters
        try Self.rejectUnknown(query, known: ["state", "rule", "before", "limit"])
        let limit = try Self.limit(query)
        let stateText = query.get("state")
        let before = try query.get("before").map { text in
            guard let instant = Timestamp(rfc3339: text) else {
                throw Problem.badRequest("'before' must be an RFC 3339 time (got \(text)).")
            }
            return instant
        }
        let alerts: [Alert]
        switch stateText {
        case "open":
            alerts = try await store.openAlerts()
                .filter { alert in query.get("rule").map { $0 == alert.rule } ?? true }
                .sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
                .prefix(limit).map { $0 }
        case let text?:
            guard let state = AlertState(rawValue: text) else {
                throw Problem.badRequest("'state' must be pending, firing, resolved or open (got \(text)).")
            }
            alerts = try await store.alerts(state: state, rule: query.get("rule"), before: before, limit: limit)
        case nil:
            alerts = try await store.alerts(state: nil, rule: query.get("rule"), before: before, limit: limit)
        }
        let open = try await store.openAlerts()
        return JSONResponse(
            value: .fields([
                ("firing", .int(open.filter { $0.state == .firing }.count)),
                ("pending", .int(open.filter { $0.state == .pending }.count)),
                ("count", .int(alerts.count)),
                ("alerts", .array(alerts.map { AlertPresenter.json($0) })),
            ]))
    }

    @Sendable func show(request: Request, context: Context) async throws -> JSONResponse {
        let alert = try await existing(context)
        let deliveries = try await store.deliveries(alertID: alert.id, failedOnly: false, limit: 1_000)
        return JSONResponse(value: AlertPresenter.json(alert, deliveries: deliveries))
    }

    /// Marks the alert as seen, optionally by whom (`{"by": "dana"}`); it stays open until its
    /// condition clears.
    @Sendable func acknowledge(request: Request, context: Context) async throws -> JSONResponse {
        let alert = try await existing(context)
        var request = request
        var reader = ObjectReader(try await request.jsonBody(upTo: 64 * 1024, empty: .emptyObject))
        reader.rejectUnknownKeys(allowed: ["by"])
        let who = reader.string("by", maxLength: 200)
        guard reader.issues.isEmpty else { throw Problem.badRequest("The acknowledgement is not valid.", errors: reader.issues) }
        let acknowledged = AlertLifecycle.acknowledge(alert, by: who, now: .now())
        if acknowledged != alert { try await store.saveAlerts([acknowledged]) }
        return JSONResponse(value: AlertPresenter.json(acknowledged))
    }

    /// Evaluates every rule now, as the background service does every interval.
    @Sendable func evaluate(request: Request, context: Context) async throws -> JSONResponse {
        JSONResponse(value: AlertPresenter.evaluation(try await evaluator.evaluate()))
    }

    @Sendable func rules(request: Request, context: Context) async throws -> JSONResponse {
        JSONResponse(value: AlertRulesPresenter.json(settings, interval: interval))
    }

    /// Delivery attempts newest first; `failed=true` keeps the failures, `alert` one alert's.
    @Sendable func deliveries(request: Request, context: Context) async throws -> JSONResponse {
        let query = request.uri.queryParameters
        try Self.rejectUnknown(query, known: ["failed", "alert", "limit"])
        let failed = query.get("failed")
        guard failed == nil || failed == "true" || failed == "false" else {
            throw Problem.badRequest("'failed' must be true or false (got \(failed ?? "")).")
        }
        let deliveries = try await store.deliveries(alertID: query.get("alert"), failedOnly: failed == "true", limit: try Self.limit(query))
        return JSONResponse(
            value: .fields([("count", .int(deliveries.count)), ("deliveries", .array(deliveries.map(AlertPresenter.delivery)))]))
    }

    private func existing(_ context: Context) async throws -> Alert {
        let id = try context.parameters.require("id")
        guard let alert = try await store.alert(id: id) else {
            throw Problem.notFound("No alert with id '\(id)'. GET /api/v1/alerts lists them.")
        }
        return alert
    }

    static func limit(_ query: Parameters) throws -> Int {
        guard let text = query.get("limit") else { return 100 }
        guard let limit = Int(text), (1...1_000).contains(limit) else {
            throw Problem.badRequest("'limit' must be a whole number from 1 to 1000 (got \(text)).")
        }
        return limit
    }

    static func rejectUnknown(_ query: Parameters, known: [String]) throws {
        for key in query.map(\.key) where !known.contains(String(key)) {
            throw Problem.badRequest("'\(key)' is not a known parameter (known: \(known.joined(separator: ", "))).")
        }
    }
}
