import BurnrateCore
import HTTPTypes
import NIOCore

/// Everything the proxy settled about a request before forwarding it.
struct ProxyExchange: Sendable {
    var requestID: String
    var timestamp: Timestamp
    var upstream: ProxyUpstream
    var caller: ProxyAccess.Caller
    var attribution: RequestAttribution
    /// The agent run the request belongs to, from its run headers.
    var run: RunPosition
    var body: ProxyRequestBody
    /// The body to send: the client's, with `include_usage` added when `stripsUsageChunk`.
    var bytes: [UInt8]
    var stripsUsageChunk: Bool
    /// The model the request names (the Azure deployment when the path names one).
    var model: String
    /// The Azure deployment the upstream path names: the path's, or the model's for an
    /// OpenAI-style path to an Azure upstream; checked, `nil` for other upstreams.
    var deployment: String?
    var catalog: PriceCatalog
    var ticket: BudgetEnforcer.Ticket
    var warnings: [BudgetEnforcer.Limit]
}

extension ProxyForwarder {
    /// Resolves the request's key, attribution and upstream, reads its body, and asks the enforced
    /// budgets to admit it; throws the problem (400, 401, 429) when it cannot go on.
    func admit(
        _ api: ProxyAPI, headers: HTTPFields, body: ByteBuffer, deployment: String?, requestID: String, timestamp: Timestamp
    ) async throws
        -> ProxyExchange
    {
        let settings = runtime.settings
        let caller = try access.caller(headers, settings: settings)
        let attribution = try Self.attribution(headers, caller: caller)
        let run = try Self.run(headers)
        if let deployment, let problem = AzureDeployment.problem(deployment) {
            throw Problem.badRequest("The Azure deployment '\(Self.shown(deployment))' in the path \(problem).")
        }
        let upstream = try upstream(for: api, deployment: deployment, virtualKey: caller.virtualKey, headers: headers)
        let read = await Self.offEventLoop(ifLargerThan: body.readableBytes) {
            () -> Result<(ProxyRequestBody, [UInt8], Bool), ProxyBodyError> in
            var bytes = Array(body.readableBytesView)
            let inspected: ProxyRequestBody
            do throws(ProxyBodyError) {
                inspected = try ProxyRequestBody(bytes, api: api)
            } catch {
                return .failure(error)
            }
            let strips = inspected.stream && api.acceptsIncludeUsage && !inspected.includesUsage
            if strips { bytes = ProxyRequestBody.addingIncludeUsage(to: bytes) }
            return .success((inspected, bytes, strips))
        }
        let (inspected, bytes, strips): (ProxyRequestBody, [UInt8], Bool)
        switch read {
        case .success(let value): (inspected, bytes, strips) = value
        case .failure(let error):
            throw Problem.badRequest(error.detail, errors: [FieldIssue(field: error.field, message: error.message, line: error.line)])
        }
        let model = deployment ?? inspected.model ?? "unknown"
        var upstreamDeployment = deployment
        if upstream.kind == .azure, api != .responses, deployment == nil {
            guard let named = inspected.model else {
                throw Problem.badRequest(
                    "The upstream '\(upstream.name)' is Azure OpenAI: name the deployment in the path (/openai/deployments/NAME/...) or in the body's 'model'."
                )
            }
            if let problem = AzureDeployment.problem(named) {
                throw Problem.badRequest(
                    "The model '\(Self.shown(named))' names the Azure deployment of the upstream '\(upstream.name)' and \(problem).")
            }
            upstreamDeployment = named
        }

        let catalog = try await runtime.catalog(from: ledger)
        var models: Set<String> = [model]
        if case .priced(let entry) = catalog.lookup(provider: upstream.provider, model: model, at: timestamp) { models.insert(entry.model) }
        let budgetRequest = BudgetRequest(
            provider: upstream.provider, models: models, attribution: attribution.attribution, tags: attribution.tags)
        // The reservation bounds the cost: no more input tokens than body bytes, no more output
        // tokens than the request's limit (none when it sets no limit). Both are bounded: the
        // body by `maximumRequestBytes`, the limit by `ProxyRequestBody.maximumOutputTokens`.
        let bound = Pricer.price(
            UsageEvent(
                id: requestID, timestamp: timestamp, provider: upstream.provider, model: model,
                usage: TokenUsage(inputTokens: Int64(bytes.count), outputTokens: inspected.maxOutputTokens ?? 0)),
            catalog: catalog
        ).cost.total
        switch await enforcer.admit(budgetRequest, session: run.sessionID, reserving: bound) {
        case .refused(.period(let state)):
            runtime.metrics.refusedByBudget()
            throw Self.refusal(state, requestID: requestID)
        case .refused(.session(let budget, let spend)):
            runtime.metrics.refusedByBudget()
            throw Self.refusal(budget, session: spend, reservation: bound, requestID: requestID)
        case .admitted(let ticket, let warnings):
            return ProxyExchange(
                requestID: requestID, timestamp: timestamp, upstream: upstream, caller: caller, attribution: attribution, run: run,
                body: inspected, bytes: bytes, stripsUsageChunk: strips, model: model, deployment: upstreamDeployment, catalog: catalog,
                ticket: ticket, warnings: warnings)
        }
    }

    /// The request's attribution: its headers', or its virtual key's. A key's attribution is the
    /// request's unless the key allows attribution headers; then the headers win over it where
    /// they set a dimension or tag. Malformed headers are a 400 either way.
    static func attribution(_ headers: HTTPFields, caller: ProxyAccess.Caller) throws -> RequestAttribution {
        let fromHeaders: RequestAttribution
        do {
            fromHeaders = try RequestAttribution.parse { name in Self.header(headers, name) }
        } catch {
            throw Problem.badRequest(
                "The header \(error.field) \(error.message).", errors: [FieldIssue(field: error.field, message: error.message)])
        }
        guard let key = caller.virtualKey else { return fromHeaders }
        return key.allowsAttributionHeaders ? key.attribution.overridden(by: fromHeaders) : key.attribution
    }

    /// The request's place in an agent run: its session, trace, parent and step headers. A
    /// virtual key does not fix them: they say which run a call belongs to, not who pays for it.
    static func run(_ headers: HTTPFields) throws -> RunPosition {
        do {
            return try RunPosition.parse { name in Self.header(headers, name) }
        } catch {
            throw Problem.badRequest(
                "The header \(error.field) \(error.message).", errors: [FieldIssue(field: error.field, message: error.message)])
        }
    }

    /// `text` cut to 64 characters, for a message.
    static func shown(_ text: String) -> String {
        text.count > 64 ? String(text.prefix(64)) + "..." : text
    }

    /// Bodies larger than this are parsed and hashed on the global executor: a request's task runs
    /// on its connection's event loop, and a long parse there would hold up that loop's other
    /// connections.
    static var eventLoopWorkLimit: Int { 64 * 1024 }

    /// `work`, run where it runs now when `size` is at most `eventLoopWorkLimit`, else on the
    /// global executor.
    static func offEventLoop<T: Sendable>(ifLargerThan size: Int, _ work: @Sendable () -> T) async -> T {
        guard size > eventLoopWorkLimit else { return work() }
        return await withTaskExecutorPreference(globalConcurrentExecutor) { work() }
    }

    /// The upstream a virtual key, `X-Burnrate-Upstream` or the route's default names.
    ///
    /// The header may name the route's default upstream or one marked `selectable`; a virtual key
    /// that names an upstream decides alone.
    func upstream(for api: ProxyAPI, deployment: String?, virtualKey: VirtualKey?, headers: HTTPFields) throws -> ProxyUpstream {
        let settings = runtime.settings
        let fallback =
            deployment != nil ? settings.defaultAzure : api.family == .anthropic ? settings.defaultAnthropic : settings.defaultOpenAI
        let name: String
        if let keyed = virtualKey?.upstream {
            name = keyed
        } else if let chosen = Self.header(headers, "x-burnrate-upstream").map({ String($0[...].trimmingOptionalWhitespace) }) {
            guard chosen == fallback || settings.upstreams[chosen]?.selectable == true else {
                let selectable = settings.upstreams.values.filter(\.selectable).map(\.name).sorted()
                throw Problem.badRequest(
                    "X-Burnrate-Upstream names no selectable upstream '\(Self.shown(chosen))': it may name this route's default ('\(fallback)') or an upstream configured with 'selectable: true' (\(selectable.isEmpty ? "there is none" : selectable.joined(separator: ", ")))."
                )
            }
            name = chosen
        } else {
            name = fallback
        }
        guard let upstream = settings.upstreams[name] else {
            throw Problem.badRequest("No upstream named '\(name)' is configured for this route.")
        }
        guard upstream.serves(api.family), deployment == nil || upstream.kind == .azure else {
            throw Problem.badRequest(
                "The upstream '\(name)' is of kind \(upstream.kind.rawValue), which does not serve this path; choose another with X-Burnrate-Upstream."
            )
        }
        return upstream
    }

    /// 429 naming the budget, its period and when it resets, with `Retry-After`. (A per-session
    /// budget's refusal is `refusal(_:session:reservation:requestID:)`.)
    static func refusal(_ state: BudgetReservations, requestID: String) -> Problem {
        let budget = state.budget
        let resets = state.period.upperBound
        let seconds = max(1, (resets.microseconds - Timestamp.now().microseconds + 999_999) / 1_000_000)
        var problem = Problem(
            .tooManyRequests, title: "Budget exhausted",
            detail:
                "The \(budget.period.rawValue) budget '\(budget.id)' (\(budget.name); \(budget.scope.description)) is spent: \(state.spent.usdString) of \(budget.amount.usdString) USD. It resets at \(resets.rfc3339).",
            headers: [.retryAfter: String(seconds), ProxyHeaders.requestID: requestID, ProxyHeaders.budget: budget.id])
        problem.extensions = [
            ("budget_id", .string(budget.id)), ("budget_name", .string(budget.name)), ("period", .string(budget.period.rawValue)),
            ("period_start", .string(state.period.lowerBound.rfc3339)), ("resets_at", .string(resets.rfc3339)),
            ("amount_usd", .string(budget.amount.usdString)), ("spent_usd", .string(state.spent.usdString)),
            // The OpenAI and Anthropic SDKs put a body's `message` in the exception's text.
            ("message", .string(problem.detail)),
        ]
        return problem
    }

    /// The key the client presented: a bearer token, else `x-api-key`, else `api-key`.
    static func presentedKey(_ headers: HTTPFields) -> String? {
        if let authorization = header(headers, "authorization"), authorization.utf8.prefix(7).equalsIgnoringASCIICase("bearer ".utf8) {
            return String(authorization.dropFirst(7).trimmingOptionalWhitespace)
        }
        return header(headers, "x-api-key") ?? header(headers, "api-key")
    }

    /// Every value of the header `name`, joined with commas; `nil` when absent.
    static func header(_ headers: HTTPFields, _ name: String) -> String? {
        guard let fieldName = readOnEveryRequest[name] ?? HTTPField.Name(name) else { return nil }
        var joined: String?
        for field in headers where field.name == fieldName {
            joined = joined.map { "\($0),\(field.value)" } ?? field.value
        }
        return joined
    }

    /// The names `header(_:_:)` is asked for on every request, checked and lower-cased once.
    private static let readOnEveryRequest = Dictionary(
        uniqueKeysWithValues: (RequestAttribution.headers + RunPosition.headers + [
            ProxyAccess.keyHeader, "x-burnrate-upstream", "authorization", "x-api-key", "api-key",
        ]).map {
            ($0, HTTPField.Name($0)!)
        })
}
