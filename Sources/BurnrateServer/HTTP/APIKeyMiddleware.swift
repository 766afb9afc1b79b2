import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer KEY` on every `/api` route, on `/metrics` and on the OTLP
/// receiver `/v1/traces` when keys are configured.
///
/// Admin keys open every route; ingest keys open only the routes that record usage:
/// `POST /api/v1/events`, `POST /api/v1/outcomes` and `POST /v1/traces`; metrics (scrape) keys open only `GET /metrics`. Paths are compared with empty segments removed
/// (`/v1/traces/`, `//api/...`), as the router matches them. Keys are compared in constant time
/// so that response timing does not reveal how much of a guess was right.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let adminKeys: [[UInt8]]
    let ingestKeys: [[UInt8]]
    let metricsKeys: [[UInt8]]

    init(adminKeys: [String], ingestKeys: [String], metricsKeys: [String] = []) {
        self.adminKeys = adminKeys.map { Array($0.utf8) }
        self.ingestKeys = ingestKeys.map { Array($0.utf8) }
        self.metricsKeys = metricsKeys.map { Array($0.utf8) }
    }

    /// The routes an ingest key may call (with POST).
    static var ingestPaths: Set<String> { ["/api/v1/events", "/api/v1/outcomes", "/v1/traces"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = "/" + request.uri.path.split(separator: "/").joined(separator: "/")
        guard path.hasPrefix("/api/") || path == "/metrics" || path == "/v1/traces" else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem(
                .unauthorized, detail: "This Burnrate requires an API key: send 'Authorization: Bearer KEY'.",
                headers: [.wwwAuthenticate: "Bearer realm=\"burnrate\""])
        }
        let presented = Array(header.dropFirst(7).utf8)
        if Self.matchesAny(presented, adminKeys) { return try await next(request, context) }
        if Self.matchesAny(presented, ingestKeys) {
            guard request.method == .post, Self.ingestPaths.contains(path) else {
                throw Problem(
                    .forbidden,
                    detail:
                        "This key may only send events, outcomes and traces (POST /api/v1/events, POST /api/v1/outcomes, POST /v1/traces); use an admin key for \(request.method) \(request.uri.path)."
                )
            }
            return try await next(request, context)
        }
        if Self.matchesAny(presented, metricsKeys) {
            guard request.method == .get || request.method == .head, path == "/metrics" else {
                throw Problem(
                    .forbidden,
                    detail: "This key may only scrape GET /metrics; use an admin key for \(request.method) \(request.uri.path).")
            }
            return try await next(request, context)
        }
        throw Problem(
            .unauthorized, detail: "The API key is not valid.",
            headers: [.wwwAuthenticate: "Bearer realm=\"burnrate\", error=\"invalid_token\""])
    }

    /// Compares against every key without stopping early.
    static func matchesAny(_ presented: [UInt8], _ keys: [[UInt8]]) -> Bool {
        var matched = false
        for key in keys {
            matched = constantTimeEquals(presented, key) || matched
        }
        return matched
    }

    /// Equality whose running time depends only on the lengths, not on where the bytes differ.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0 && lhs.count == rhs.count
    }
}
