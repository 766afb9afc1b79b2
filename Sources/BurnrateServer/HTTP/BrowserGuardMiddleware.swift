import HTTPTypes
import Hummingbird

/// Keeps web pages from turning a visitor's browser against a Burnrate that runs without keys.
///
/// Without keys Burnrate listens on loopback only, but a browser on the same machine can still
/// reach it, in two ways this middleware closes:
///
/// - **DNS rebinding.** A page at `evil.example` rebinds its name to `127.0.0.1` and reads
///   Burnrate as if it were its own origin. The browser still sends `Host: evil.example`, so
///   every route but `/healthz` and `/readyz` answers only a `Host` that is a loopback name or
///   address (`localhost`, `127.x.x.x`, `[::1]`, any port), the listen address, or a name in
///   `allowedHosts` (`--allowed-host`, for a reverse proxy); anything else gets a 421. A request
///   without `Host` (HTTP/1.0 tools) passes: browsers always send one.
/// - **Cross-site requests.** Any page may make the browser send a "simple" POST (a form,
///   `fetch` with `mode: "no-cors"`) whose content type is `text/plain`, a form encoding, or
///   none. A state-changing `/api` request (POST, PUT, PATCH, DELETE) therefore passes only when
///   its `Origin` is this server's own, or, without `Origin` (curl, scripts), when its
///   `Content-Type` is one the API takes and a browser may not send across sites without a
///   CORS preflight, which Burnrate never grants (`allowedContentTypes`). DELETE carries no
///   body; browsers cannot send it across sites without a preflight, so without `Origin` it
///   needs no content type. A foreign `Origin` is always refused, with a 403.
///
/// The dashboard's forms are not under `/api`: they carry a CSRF token (`WebSession`).
struct BrowserGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Host names accepted besides loopback: the listen address and the configured extras,
    /// lowercased, without port or brackets.
    let allowedHosts: Set<String>

    init(configuration: AppConfiguration) {
        allowedHosts = Set(
            ([configuration.host] + configuration.allowedHosts).map { Self.hostname(ofAuthority: $0) ?? $0.lowercased() })
    }

    /// Routes that answer any `Host`: health checks of load balancers and orchestrators.
    static var anyHostPaths: Set<String> { ["/healthz", "/readyz"] }

    /// The media types a state-changing `/api` request without `Origin` may have: those the
    /// routes take, none of which a browser sends across sites without a preflight.
    static var allowedContentTypes: Set<String> {
        [
            "application/json", "application/x-ndjson", "application/ndjson", "application/jsonl", "application/jsonlines",
            "application/x-jsonlines", "application/json-seq", "text/csv", "application/x-protobuf", "application/protobuf",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let problem = problem(for: request.head) { throw problem }
        return try await next(request, context)
    }

    /// Why a browser may not have sent `head`, or `nil` when it passes. Callers that answer
    /// requests before the router can ask the same question.
    func problem(for head: HTTPRequest) -> Problem? {
        let rawPath = head.path?.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let path = "/" + rawPath.split(separator: "/").joined(separator: "/")
        if !Self.anyHostPaths.contains(path) {
            for host in Self.hosts(of: head) where !accepts(host: host) {
                return Problem(
                    .misdirectedRequest,
                    detail:
                        "Host '\(host)' is not this Burnrate. Without API keys it answers only loopback names (localhost, 127.0.0.1, [::1]) and its listen address, as protection against DNS rebinding; add a name with --allowed-host (or BURNRATE_ALLOWED_HOSTS), or configure API keys."
                )
            }
        }
        if path.hasPrefix("/api/"), [.post, .put, .patch, .delete].contains(head.method) {
            return Self.crossSiteProblem(head, path: path)
        }
        return nil
    }

    /// Whether `authority` (a `Host` value, with or without port) names this server.
    func accepts(host authority: String) -> Bool {
        guard let name = Self.hostname(ofAuthority: authority) else { return false }
        return Self.isLoopback(name) || allowedHosts.contains(name)
    }

    /// Why a state-changing request looks like one a page on another site made, or `nil`.
    static func crossSiteProblem(_ head: HTTPRequest, path: String) -> Problem? {
        if let origin = head.headerFields[.origin] {
            guard let authority = head.authority, isSameOrigin(origin, authority: authority) else {
                return Problem(
                    .forbidden,
                    detail:
                        "This request came from a page on another site (Origin '\(origin)'). Without API keys Burnrate accepts changes only from its own pages or from programs, to keep web pages from using your browser against it."
                )
            }
            return nil
        }
        let type = head.headerFields[.contentType]
        if head.method == .delete, type == nil { return nil }
        if let type, allowedContentTypes.contains(mediaType(type)) || mediaType(type).hasSuffix("+json") { return nil }
        return Problem(
            .forbidden,
            detail:
                "\(head.method) \(path) needs 'Content-Type: application/json' (or the type of the file it takes, such as text/csv), not \(type.map { "'\($0)'" } ?? "none"). Without API keys Burnrate refuses the content types a web page on another site can make a browser send."
        )
    }

    /// The `Host` values of a request: its authority (where HTTP/1 puts `Host`) and any further
    /// `Host` fields, which a well-formed request does not have.
    static func hosts(of head: HTTPRequest) -> [String] {
        (head.authority.map { [$0] } ?? []) + head.headerFields[values: hostField]
    }

    /// `Host`, which HTTP/1 turns into the authority; HTTPTypes spells it only this way.
    static var hostField: HTTPField.Name { HTTPField.Name("Host")! }

    /// `type` without parameters, lowercased: `application/json` of `Application/JSON; charset=utf-8`.
    static func mediaType(_ type: String) -> String {
        String(type.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmed.lowercased()
    }

    /// The host of a `Host` value or listen address, lowercased, without port, brackets or a
    /// trailing dot: `localhost` of `LocalHost:8080`, `::1` of `[::1]:8080`; `nil` when it is not
    /// a host (empty, or a port that is not a number).
    static func hostname(ofAuthority authority: String) -> String? {
        var text = Substring(authority.trimmed.lowercased())
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || isPort(rest) else { return nil }
            text = text[text.index(after: text.startIndex)..<close]
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            guard isPort(text[colon...]) else { return nil }
            text = text[..<colon]
        }
        if text.hasSuffix(".") { text = text.dropLast() }
        return text.isEmpty ? nil : String(text)
    }

    /// Whether `text` is `:` and a port number.
    static func isPort(_ text: Substring) -> Bool {
        guard text.first == ":", let port = Int(text.dropFirst()), String(port) == text.dropFirst() else { return false }
        return (0...65_535).contains(port)
    }

    /// `localhost`, an address in 127.0.0.0/8, or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            guard let value = Int(octet), String(value) == octet else { return false }
            return (0...255).contains(value)
        }
    }

    /// Whether `origin` (`scheme://host[:port]`) names the same host and port as `authority`.
    static func isSameOrigin(_ origin: String, authority: String) -> Bool {
        let parts = origin.lowercased().split(separator: "://", maxSplits: 1)
        guard parts.count == 2, parts[0] == "http" || parts[0] == "https", !parts[1].contains("/") else { return false }
        let defaultPort = parts[0] == "https" ? ":443" : ":80"
        func normalized(_ text: Substring) -> Substring { text.hasSuffix(defaultPort) ? text.dropLast(defaultPort.count) : text }
        return normalized(parts[1]) == normalized(Substring(authority.trimmed.lowercased()))
    }
}

extension AppConfiguration {
    /// Which proxied requests the channel pipeline may answer before the router: all of them
    /// with keys configured; in no-key mode only those the browser guard lets through, so that
    /// the router's guard answers the rest (421 or 403) as it does on every other route.
    var proxyAdmits: @Sendable (HTTPRequest) -> Bool {
        guard !requiresAuthentication else { return { _ in true } }
        let browserGuard = BrowserGuardMiddleware<BasicRequestContext>(configuration: self)
        return { browserGuard.problem(for: $0) == nil }
    }
}
