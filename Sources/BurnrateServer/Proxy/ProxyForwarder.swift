import BurnrateCore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1

/// The proxy's work for one request, apart from how the request arrived: admission, forwarding
/// to the upstream through `UpstreamClient` on the event loop the request arrived on, and the
/// reply with its accounting. `ProxyChannelHandler` calls it for requests it takes off the
/// server's pipeline, and `ProxyController` for requests that reach the router.
///
/// Server-sent-event responses are streamed back chunk by chunk as they arrive; other responses
/// (JSON, bounded) are read whole so that `X-Burnrate-Cost-USD` can be sent with them. Every
/// reply carries `X-Burnrate-Request-Id`, the id of the recorded event
/// (`GET /api/v1/events/{id}`), which is how a streamed response's cost is found: headers leave
/// before the stream's usage arrives.
struct ProxyForwarder: Sendable {
    /// The largest request body the proxy reads: the model, the stream flag, the output limit and
    /// the prompt hash are in it, and a stream may need `include_usage` added.
    static var maximumRequestBytes: Int { 32 * 1024 * 1024 }
    static var requestTooLarge: String { "The request body is larger than 32 MB, the proxy's limit." }
    /// Upper bound on a whole exchange, streaming included; idle upstreams fail sooner, after the
    /// read timeout.
    static var requestDeadline: TimeAmount { .hours(2) }

    let runtime: ProxyRuntime
    let ledger: Ledger
    let enforcer: BudgetEnforcer
    /// Which Burnrate keys open the proxy, and whether one is required.
    let access: ProxyAccess

    /// Forwards a request for `api` (with the Azure `deployment` its path names, if any) and
    /// returns the upstream's reply; throws the problem to answer instead.
    func forward(
        _ api: ProxyAPI, headers incoming: HTTPFields, query: String?, body: ByteBuffer, deployment: String?
    ) async throws
        -> ProxyReply
    {
        let started = ContinuousClock.now
        let timestamp = Timestamp.now()
        let requestID = RandomID.make()
        guard let client = runtime.client else {
            throw Problem(.serviceUnavailable, detail: "The proxy runs only in a started Burnrate server.")
        }
        let exchange = try await admit(
            api, headers: incoming, body: body, deployment: deployment, requestID: requestID, timestamp: timestamp)
        let upstream = exchange.upstream
        let finish = Finisher(exchange: exchange, started: started, runtime: runtime, enforcer: enforcer)
        let response: UpstreamResponse
        do {
            let url = upstream.url(for: api, deployment: exchange.deployment, query: query)
            guard let target = UpstreamTarget(url: url) else { throw UpstreamError.invalidURL(url) }
            let outgoing = UpstreamRequest(
                target: target, headers: Self.upstreamHeaders(incoming, exchange: exchange), body: ByteBuffer(bytes: exchange.bytes))
            response = try await client.execute(outgoing, deadline: .now() + Self.requestDeadline)
        } catch {
            _ = await finish(.error, nil)
            throw upstreamProblem(error, upstream: upstream, requestID: requestID)
        }
        runtime.metrics.forwarded()
        var headers = Self.clientHeaders(response.head.headers)
        headers[ProxyHeaders.requestID] = requestID
        for warning in exchange.warnings { headers.append(HTTPField(name: ProxyHeaders.budgetWarning, value: Self.warning(warning))) }
        let status = HTTPResponse.Status(code: Int(response.head.status.code), reasonPhrase: response.head.status.reasonPhrase)

        switch response.body {
        case .stream(let body):
            let family = api.family
            let strips = exchange.stripsUsageChunk
            let finishStream = FinishOnce { status, reported in _ = await finish(status, reported) }
            return ProxyReply(
                status: status, headers: headers,
                body: .stream { write in
                    var scanner = StreamUsageScanner(family: family, stripsUsageChunk: strips)
                    do {
                        for try await chunk in body {
                            switch scanner.scan(chunk.readableBytesView) {
                            case .unchanged: try await write(chunk)
                            case .replaced(let bytes): if !bytes.isEmpty { try await write(ByteBuffer(bytes: bytes)) }
                            }
                        }
                        let rest = scanner.finish()
                        if !rest.isEmpty { try await write(ByteBuffer(bytes: rest)) }
                    } catch {
                        await finishStream(.error, scanner.reported)
                        throw error
                    }
                    await finishStream(.ok, scanner.reported)
                })
        case .collected(let collected):
            let succeeded = (200..<300).contains(status.code)
            let reported =
                succeeded
                ? await Self.offEventLoop(ifLargerThan: collected.readableBytes) {
                    UsageReader.response(collected.readableBytesView, family: api.family)
                } : nil
            let priced = await finish(succeeded ? .ok : .error, reported)
            if priced.isPriced { headers[ProxyHeaders.cost] = priced.cost.total.usdString }
            return ProxyReply(status: status, headers: headers, body: .whole(collected))
        }
    }

    /// The client's headers as the upstream gets them: without hop-by-hop headers (those named in
    /// `Connection` too) and Burnrate's own, and with the provider key replaced when a virtual key
    /// stood in its header or the upstream supplies it.
    static func upstreamHeaders(_ incoming: HTTPFields, exchange: ProxyExchange) -> HTTPHeaders {
        let upstream = exchange.upstream
        var replacesKey = upstream.apiKey != nil
        if case .virtualKey(_, inProviderHeader: true) = exchange.caller { replacesKey = true }
        let namedByConnection = ProxyHeaders.connectionOptions(incoming[values: .connection])
        var headers = HTTPHeaders()
        for field in incoming {
            let name = field.name.canonicalName
            if ProxyHeaders.isHopByHop(name, namedByConnection, dropped: ProxyHeaders.droppedFromRequest) || name.hasPrefix("x-burnrate-") {
                continue
            }
            if replacesKey, ProxyHeaders.keyHeaders.contains(name) { continue }
            headers.add(name: field.name.rawName, value: field.value)
        }
        if let key = upstream.apiKey {
            headers.replaceOrAdd(name: upstream.keyHeader, value: upstream.kind == .openAI ? "Bearer \(key)" : key)
        }
        return headers
    }

    /// The upstream's response headers as the client gets them: without hop-by-hop headers (those
    /// named in `Connection` too) and the length, which is recomputed.
    static func clientHeaders(_ upstream: HTTPHeaders) -> HTTPFields {
        var headers = HTTPFields()
        let namedByConnection = ProxyHeaders.connectionOptions(upstream[canonicalForm: "connection"].map(String.init))
        for (name, value) in upstream {
            guard let fieldName = HTTPField.Name(name),
                !ProxyHeaders.isHopByHop(fieldName.canonicalName, namedByConnection, dropped: ProxyHeaders.droppedFromResponse)
            else { continue }
            headers.append(HTTPField(name: fieldName, value: value))
        }
        return headers
    }

    /// A 504 (timed out) or 502 (not reached, or failed mid-response) naming the upstream, never
    /// its key.
    func upstreamProblem(_ error: any Error, upstream: ProxyUpstream, requestID: String) -> Problem {
        runtime.metrics.upstreamFailed()
        runtime.logger.warning(
            "Proxy upstream failed", metadata: ["upstream": "\(upstream.name)", "request_id": "\(requestID)", "error": "\(error)"])
        let failure = error as? UpstreamError ?? .connectionFailed("\(error)")
        let named = "The upstream '\(upstream.name)' (\(upstream.baseURL))"
        let recorded = "the request was recorded as an error."
        let (status, title, detail): (HTTPResponse.Status, String, String) =
            switch failure {
            case .connectTimeout, .readTimeout, .deadlineExceeded:
                (.gatewayTimeout, "Upstream timed out", "\(named) did not answer in time (\(failure)); \(recorded)")
            case .connectionFailed, .invalidURL:
                (.badGateway, "Upstream unreachable", "\(named) could not be reached (\(failure)); \(recorded)")
            case .connectionClosed, .responseTooLarge:
                (.badGateway, "Upstream failed", "\(named) failed before its response was complete (\(failure)); \(recorded)")
            }
        return Problem(status, title: title, detail: detail, headers: [ProxyHeaders.requestID: requestID])
    }
}

/// Stores a proxied request's event and releases its budget reservations, once.
struct Finisher: Sendable {
    let exchange: ProxyExchange
    let started: ContinuousClock.Instant
    let runtime: ProxyRuntime
    let enforcer: BudgetEnforcer

    /// The tag that flags an event whose upstream usage was clamped; its value names the fields.
    static let clampedTag = "burnrate.usage_clamped"

    /// Records the event with `reported` usage (none when the response had none) and returns it
    /// priced. Usage the upstream reported out of range arrives clamped; that is logged, counted
    /// (`burnrate_proxy_usage_clamped_total`) and flagged on the event with the tag
    /// `burnrate.usage_clamped`, which names the fields.
    func callAsFunction(_ status: EventStatus, _ reported: ReportedUsage?) async -> PricedEvent {
        var reported = reported
        var tags = exchange.attribution.tags
        // A model name the proxy would refuse from a client is not recorded from an upstream either.
        if let model = reported?.model, ProxyRequestBody.modelProblem(model) != nil {
            reported?.model = nil
            reported?.clampedFields.append("model")
        }
        if let reported, !reported.clampedFields.isEmpty {
            tags[Self.clampedTag] = reported.clampedFields.joined(separator: ",")
            runtime.metrics.clampedUsage()
            runtime.logger.warning(
                "Proxy upstream reported usage out of range; token counts were clamped (a bad model name replaced by the request's) before pricing",
                metadata: [
                    "upstream": "\(exchange.upstream.name)", "request_id": "\(exchange.requestID)",
                    "fields": "\(reported.clampedFields.joined(separator: ","))", "maximum": "\(Limits.maximumTokens)",
                ])
        }
        let elapsed = ContinuousClock.now - started
        let event = UsageEvent(
            id: exchange.requestID, timestamp: exchange.timestamp, provider: exchange.upstream.provider,
            model: reported?.model ?? exchange.model, usage: reported?.usage ?? TokenUsage(), serviceTier: reported?.serviceTier,
            latencyMs: elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000, status: status,
            attribution: exchange.attribution.attribution, tags: tags, promptHash: exchange.body.promptHash, run: exchange.run)
        let priced = Pricer.price(event, catalog: exchange.catalog)
        runtime.recorder.record(priced)
        await enforcer.complete(exchange.ticket, cost: priced.cost.total)
        return priced
    }
}

/// Header names the proxy reads, writes or removes.
enum ProxyHeaders {
    static let requestID = HTTPField.Name("X-Burnrate-Request-Id")!
    static let cost = HTTPField.Name("X-Burnrate-Cost-USD")!
    static let budgetWarning = HTTPField.Name("X-Burnrate-Budget-Warning")!
    static let budget = HTTPField.Name("X-Burnrate-Budget")!
    /// Hop-by-hop headers (RFC 9110 section 7.6.1; every `proxy-*` header and those a `Connection`
    /// header names are dropped too), the length (recomputed), `expect` (the body is already read)
    /// and `accept-encoding`: the proxy must read usage from the body, so it asks the upstream for
    /// an uncompressed one.
    static let droppedFromRequest: Set<String> = [
        "host", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "transfer-encoding",
        "upgrade", "content-length", "accept-encoding", "expect",
    ]
    static let droppedFromResponse: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade",
        "content-length",
    ]
    /// Where clients put provider keys: OpenAI, Anthropic, Azure.
    static let keyHeaders: Set<String> = ["authorization", "x-api-key", "api-key"]

    /// The header names the `Connection` header values list, lower-case.
    static func connectionOptions(_ values: [String]) -> Set<String> {
        var names: Set<String> = []
        for value in values {
            for token in value.split(separator: ",") {
                let name = token.trimmingOptionalWhitespace
                if !name.isEmpty { names.insert(name.lowercased()) }
            }
        }
        return names
    }

    /// Whether the header `name` (lower-case) stays on this hop: in `dropped`, a `proxy-*` header,
    /// or named by the message's `Connection` header.
    static func isHopByHop(_ name: String, _ namedByConnection: Set<String>, dropped: Set<String>) -> Bool {
        dropped.contains(name) || name.hasPrefix("proxy-") || namedByConnection.contains(name)
    }
}
