import BurnrateCore
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird

/// The dashboard: server-rendered pages over the same services as the JSON API, the forms that
/// change budgets and acknowledge alerts, sign-in when API keys are configured, and the
/// stylesheet, script and icon the pages use.
struct WebController<Context: RequestContext> {
    let dashboard: Dashboard
    let sessions = WebSessions()
    /// Failed sign-ins, counted to slow down guessing.
    let signIns: SignInLimiter

    /// The dashboard over the application's `services`.
    init(services: AppServices) {
        signIns = SignInLimiter(limits: SignInLimiter.Limits(window: services.configuration.signInWindow))
        dashboard = Dashboard(
            ledger: services.ledger, analytics: services.analytics, budgets: services.budgets, evaluator: services.evaluator,
            configuration: services.configuration, opportunities: services.opportunities)
    }

    var configuration: AppConfiguration { dashboard.configuration }

    func addRoutes(to router: Router<Context>) {
        router.get("/", use: executive)
        router.get("costs", use: costs)
        router.get("operations", use: operations)
        router.post("operations/alerts/{id}/acknowledge", use: acknowledge)
        router.get("budgets", use: budgets)
        router.post("budgets", use: createBudget)
        router.post("budgets/{id}", use: updateBudget)
        router.post("budgets/{id}/delete", use: deleteBudget)
        router.get("roi", use: roi)
        router.get("sessions", use: sessionsPage)
        router.get("sessions/{id}", use: sessionPage)
        router.get("prices/new", use: priceForm)
        router.post("prices", use: setPrice)
        router.get("requests/{id}", use: requestPage)
        router.get("login", use: loginForm)
        router.post("login", use: login)
        router.post("logout", use: logout)
        router.get("assets/app.css") { _, _ in WebResponse.asset(Assets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("assets/app.js") { _, _ in WebResponse.asset(Assets.script, type: "text/javascript; charset=utf-8") }
        router.get("assets/icon.svg") { _, _ in WebResponse.asset(Assets.icon, type: "image/svg+xml") }
    }

    // MARK: Pages

    @Sendable func executive(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Executive summary", current: "/", refresh: true) { _ in
            let page = ExecutivePage(dashboard: dashboard)
            if request.uri.queryParameters["format"] == "csv" {
                let now = Timestamp.now()
                let monthStart = dashboard.calendar.start(of: .month, containing: now)
                let mtd = try await dashboard.analytics.period(
                    AnalyticsScope(range: monthStart..<max(now, monthStart.adding(seconds: 1)), filter: EventFilter()))
                return .csv(page.categoryTable(mtd, total: mtd.cost).csv(), name: "burnrate-categories")
            }
            return .page(try await page.render())
        }
    }

    @Sendable func costs(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Costs", current: "/costs") { _ in
            let query = try WebQuery.parse(request.uri.queryParameters, calendar: dashboard.calendar, defaultPeriod: "30d")
            let page = CostsPage(dashboard: dashboard)
            if query.format == "csv" {
                return try Self.download(try await page.figures(query).tables, query: query, prefix: "burnrate-")
            }
            return .page(try await page.render(query))
        }
    }

    @Sendable func operations(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Operations", current: "/operations", refresh: true) { session in
            let query = try WebQuery.parse(request.uri.queryParameters, calendar: dashboard.calendar, defaultPeriod: "30d")
            return .page(try await OperationsPage(dashboard: dashboard).render(query, session: session))
        }
    }

    @Sendable func budgets(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Budgets", current: "/budgets") { session in
            var editing: Budget?
            if let id = request.uri.queryParameters["edit"].map(String.init) {
                guard let budget = try await dashboard.store.budget(id: id) else { throw Problem.notFound("No budget with id '\(id)'.") }
                editing = budget
            }
            return .page(try await BudgetsPage(dashboard: dashboard).render(session: session, editing: editing))
        }
    }

    @Sendable func roi(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "ROI and savings", current: "/roi") { _ in
            .page(try await RoiPage(dashboard: dashboard).render(request.uri.queryParameters))
        }
    }

    @Sendable func sessionsPage(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Sessions", current: "/sessions") { _ in
            let query = try WebQuery.parse(
                request.uri.queryParameters, calendar: dashboard.calendar, defaultPeriod: "30d", options: SessionsPage.options)
            let page = SessionsPage(dashboard: dashboard)
            if query.format == "csv" {
                return try Self.download(try await page.figures(query).tables, query: query, prefix: "burnrate-sessions-")
            }
            return .page(try await page.render(query))
        }
    }

    /// The CSV of the table `query` names among a page's `tables` (its first without a name); a
    /// 400 listing them for another name.
    static func download(_ tables: [PageTable], query: WebQuery, prefix: String) throws -> WebResponse {
        guard let table = tables.first(where: { $0.id == query.table ?? tables.first?.id }) else {
            throw Problem.badRequest(
                "Name the table to download.",
                errors: [FieldIssue(field: "table", message: "must be one of \(tables.map(\.id).joined(separator: ", "))")])
        }
        return .csv(table.csv(), name: prefix + table.id)
    }

    @Sendable func sessionPage(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Run", current: "/sessions") { _ in
            .page(try await SessionPage(dashboard: dashboard).render(id: try Self.pathID(context)))
        }
    }

    @Sendable func requestPage(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Request", current: nil) { _ in
            .page(try await RequestPage(dashboard: dashboard).render(id: try Self.pathID(context)))
        }
    }

    @Sendable func priceForm(request: Request, context: Context) async throws -> WebResponse {
        try await page(request, context, title: "Set a price", current: "/operations") { session in
            let form = FormBody(fields: request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            return .page(try await PricePage(dashboard: dashboard).render(session: session, form: form))
        }
    }

    /// The `{id}` of a page's path, percent-decoded: the router hands it over as sent, and the
    /// pages link to records with their ids percent-encoded (`WebQuery.encode`).
    static func pathID(_ context: Context) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }

    // MARK: Forms

    @Sendable func setPrice(request: Request, context: Context) async throws -> WebResponse {
        try await form(request, context, title: "Set a price", current: "/operations") { session, form in
            let page = PricePage(dashboard: dashboard)
            let issues = try await page.save(form)
            guard issues.isEmpty else {
                return .page(try await page.render(session: session, form: form, issues: issues), status: .badRequest)
            }
            return .redirect("/operations#unpriced-heading")
        }
    }

    @Sendable func acknowledge(request: Request, context: Context) async throws -> WebResponse {
        try await form(request, context, title: "Operations", current: "/operations") { _, _ in
            let id = try context.parameters.require("id")
            guard let alert = try await dashboard.store.alert(id: id) else { throw Problem.notFound("No alert with id '\(id)'.") }
            let acknowledged = AlertLifecycle.acknowledge(alert, by: "dashboard", now: .now())
            if acknowledged != alert { try await dashboard.store.saveAlerts([acknowledged]) }
            return .redirect("/operations#alerts")
        }
    }

    @Sendable func createBudget(request: Request, context: Context) async throws -> WebResponse {
        try await form(request, context, title: "Budgets", current: "/budgets") { session, form in
            switch BudgetsPage.budget(from: form, id: nil, createdAt: nil) {
            case .success(let budget):
                if try await dashboard.store.budget(id: budget.id) != nil {
                    let issue = FieldIssue(field: "name", message: "a budget with id '\(budget.id)' exists already; choose another name")
                    return .page(
                        try await BudgetsPage(dashboard: dashboard).render(session: session, form: form, issues: [issue]), status: .conflict
                    )
                }
                try await dashboard.store.saveBudget(budget)
                return .redirect("/budgets")
            case .failure(let failure):
                return .page(
                    try await BudgetsPage(dashboard: dashboard).render(session: session, form: form, issues: failure.issues),
                    status: .badRequest)
            }
        }
    }

    @Sendable func updateBudget(request: Request, context: Context) async throws -> WebResponse {
        try await form(request, context, title: "Budgets", current: "/budgets") { session, form in
            let current = try await dashboard.budgets.changeable(id: try context.parameters.require("id"))
            switch BudgetsPage.budget(from: form, id: current.id, createdAt: current.createdAt) {
            case .success(var budget):
                // The form does not show these; an edit keeps them.
                budget.per = current.per
                budget.enforcement = current.enforcement
                try await dashboard.store.saveBudget(budget)
                return .redirect("/budgets")
            case .failure(let failure):
                return .page(
                    try await BudgetsPage(dashboard: dashboard).render(
                        session: session, editing: current, form: form, issues: failure.issues), status: .badRequest)
            }
        }
    }

    @Sendable func deleteBudget(request: Request, context: Context) async throws -> WebResponse {
        try await form(request, context, title: "Budgets", current: "/budgets") { _, _ in
            try await dashboard.budgets.delete(id: try context.parameters.require("id"))
            return .redirect("/budgets")
        }
    }

    // MARK: Sign-in

    @Sendable func loginForm(request: Request, context: Context) async throws -> WebResponse {
        .page(
            Layout.page(
                title: "Sign in", current: nil,
                body: Self.loginBody(next: Self.safeNext(request.uri.queryParameters["next"]), failed: false)))
    }

    @Sendable func login(request: Request, context: Context) async throws -> WebResponse {
        let form = try await FormBody.read(request)
        let next = Self.safeNext(form["next"].map { Substring($0) })
        let client = Self.client(of: request)
        if configuration.requiresAuthentication, let wait = await signIns.retryAfter(client: client) {
            return Self.tooManyAttempts(retryAfter: wait, next: next)
        }
        let presented = Array((form["key"] ?? "").utf8)
        let role: WebSession.Role?
        if APIKeyMiddleware<Context>.matchesAny(presented, configuration.adminKeys.map { Array($0.utf8) }) {
            role = .admin
        } else if APIKeyMiddleware<Context>.matchesAny(presented, configuration.viewerKeys.map { Array($0.utf8) }) {
            role = .viewer
        } else {
            role = nil
        }
        guard let role, configuration.requiresAuthentication else {
            if configuration.requiresAuthentication { await signIns.recordFailure(client: client) }
            return .page(
                Layout.page(title: "Sign in", current: nil, body: Self.loginBody(next: next, failed: configuration.requiresAuthentication)),
                status: configuration.requiresAuthentication ? .unauthorized : .ok)
        }
        let (id, _) = sessions.create(role: role)
        return .redirect(
            next,
            headers: [
                .setCookie: WebSession.setCookie(
                    "burnrate_session", id, maxAge: Int(WebSessions.lifetime), secure: WebSession.isSecure(request))
            ])
    }

    /// The 429 page of a sign-in refused while `SignInLimiter` holds the client back.
    static func tooManyAttempts(retryAfter wait: Duration, next: String) -> WebResponse {
        let seconds = max(1, wait.components.seconds + (wait.components.attoseconds > 0 ? 1 : 0))
        var body = #"<h1>Sign in</h1><p class="notice error" role="alert">Too many failed sign-ins. "#
        body += #"Wait \#(seconds) second\#(seconds == 1 ? "" : "s") and try again.</p>"#
        body += #"<p><a href="\#(HTML.escape(WebQuery.link("/login", [("next", next)])))">Back to sign-in</a></p>"#
        var response = WebResponse.page(Layout.page(title: "Sign in", current: nil, body: body), status: .tooManyRequests)
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// Who is signing in, for `SignInLimiter`: the address the nearest reverse proxy put last in
    /// `X-Forwarded-For`, or `direct`.
    static func client(of request: Request) -> String {
        let forwarded = request.headers[values: HTTPField.Name("X-Forwarded-For")!].joined(separator: ",")
        return forwarded.split(separator: ",").last.map { String($0).trimmed }.flatMap { $0.isEmpty ? nil : $0 } ?? "direct"
    }

    @Sendable func logout(request: Request, context: Context) async throws -> WebResponse {
        if let id = WebSession.cookie("burnrate_session", in: request) {
            let form = try await FormBody.read(request)
            if let entry = sessions.entry(id), WebSession(role: entry.role, csrf: entry.csrf, signedIn: true).accepts(form) {
                sessions.remove(id)
            }
        }
        return .redirect(
            "/login",
            headers: [.setCookie: WebSession.setCookie("burnrate_session", "", maxAge: 0, secure: WebSession.isSecure(request))])
    }

    static func loginBody(next: String, failed: Bool) -> String {
        var html =
            #"<h1>Sign in</h1><p class="lede">This Burnrate requires a key: an admin API key, or a viewer key to read the dashboard without changing anything.</p>"#
        if failed { html += #"<p class="notice error" role="alert">That key is not valid.</p>"# }
        html += #"<form class="stacked" method="post" action="/login"><input type="hidden" name="next" value="\#(HTML.escape(next))">"#
        html += #"<label>Key<input type="password" name="key" required autocomplete="current-password"></label>"#
        return html + #"<p><button type="submit">Sign in</button></p></form>"#
    }

    /// A path of this server to return to after signing in; anything else is `/`.
    static func safeNext(_ text: Substring?) -> String {
        guard let text, isSameOriginPath(text) else { return "/" }
        return String(text)
    }

    /// Whether a browser given `text` as a redirect's `Location` stays on this server: it starts
    /// with one `/` (not `//`, which names another host, nor a scheme), has no backslash (which
    /// browsers read as `/`), no whitespace or control character (browsers drop tabs and line
    /// breaks, so `/<TAB>/evil.example` is `//evil.example`), and no encoded `/` or `\` right
    /// after the first `/`, in case something decodes it once more.
    static func isSameOriginPath(_ text: Substring) -> Bool {
        guard text.hasPrefix("/"), !text.hasPrefix("//") else { return false }
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar.properties.isWhitespace { return false }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return false
            default: continue
            }
        }
        let lowered = text.lowercased()
        return !["/%2f", "/%5c", "/%09", "/%0a", "/%0d"].contains { lowered.hasPrefix($0) }
    }

    // MARK: Plumbing

    /// The visitor's session: with keys configured, the signed-in session or `nil`; without,
    /// an open admin session with a double-submit CSRF token.
    func session(_ request: Request) -> WebSession? {
        if configuration.requiresAuthentication {
            guard let id = WebSession.cookie("burnrate_session", in: request), let entry = sessions.entry(id) else { return nil }
            return WebSession(role: entry.role, csrf: entry.csrf, signedIn: true)
        }
        if let token = WebSession.cookie("burnrate_csrf", in: request), token.count == 64 {
            return WebSession(role: .admin, csrf: token, signedIn: false)
        }
        let token = WebSession.randomToken()
        return WebSession(
            role: .admin, csrf: token, newCookie: WebSession.setCookie("burnrate_csrf", token, secure: WebSession.isSecure(request)),
            signedIn: false)
    }

    /// Wraps a page's body in the layout; a visitor who must sign in goes to `/login`; any error
    /// (a bad filter, a missing record, a database outage) becomes an `ErrorPage` with the status
    /// and headers the API would answer it with.
    func page(
        _ request: Request, _ context: Context, title: String, current: String?, refresh: Bool = false,
        _ build: (WebSession) async throws -> WebResponse
    ) async throws -> WebResponse {
        guard let session = session(request) else {
            return .redirect(WebQuery.link("/login", [("next", request.uri.description)]))
        }
        var response: WebResponse
        do {
            response = try await build(session)
        } catch {
            let problem = Problem.describing(
                error, method: request.method, path: request.uri.path, requestID: context.id, logger: context.logger)
            response = .page(ErrorPage.body(problem, current: current), status: problem.status)
            response.headers.append(contentsOf: problem.headers)
        }
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.body = Layout.page(
                title: response.status == .ok ? title : "Error", current: current, body: response.body,
                refresh: refresh && response.status == .ok,
                signedIn: session.signedIn, csrf: session.csrf)
        }
        if let cookie = session.newCookie { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    /// A form post: only with a session that may change things and the session's CSRF token.
    func form(
        _ request: Request, _ context: Context, title: String, current: String,
        _ handle: (WebSession, FormBody) async throws -> WebResponse
    ) async throws -> WebResponse {
        let form = try await FormBody.read(request)
        return try await page(request, context, title: title, current: current) { session in
            guard session.newCookie == nil, session.accepts(form) else {
                throw Problem(.forbidden, detail: "The form has expired or came from another site. Reload the page and try again.")
            }
            guard session.mayChange else {
                throw Problem(.forbidden, detail: "A viewer key may read the dashboard but not change it; sign in with an admin key.")
            }
            return try await handle(session, form)
        }
    }
}
