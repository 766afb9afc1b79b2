import HTTPTypes
import Hummingbird
import NIOCore

/// Answers a request whose path has routes, but none for its method, with a 405 problem and an
/// `Allow` header listing the methods the path does serve (RFC 9110 §15.5.6), where the router
/// alone would answer 404. Any method counts, extension methods such as QUERY included.
///
/// Add it to the router after every route: middleware added last wraps only the router's
/// not-found responder. It resolves paths with a router of its own holding the same paths, so
/// `/api/v1/costs/import` (POST) is told apart from `/api/v1/costs/{id}` (DELETE) exactly as the
/// application's router tells them apart.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The method the path router serves on every path; no client sends it.
    private static var probe: HTTPRequest.Method { HTTPRequest.Method("BURNRATE-ALLOW")! }

    /// Answers `probe` on every served path with an empty response carrying the path's `Allow`.
    private let paths: RouterResponder<Context>

    /// A middleware for the router whose routes are `routes` (`Router.routes`).
    init(routes: [Router<Context>.RouteDescription]) {
        let router = Router(context: Context.self)
        for routes in Dictionary(grouping: routes, by: { $0.path.description }).values {
            let allow = Set(routes.map(\.method.rawValue)).sorted().joined(separator: ", ")
            router.on(routes[0].path, method: Self.probe) { _, _ in
                Response(status: .noContent, headers: [.allow: allow])
            }
        }
        self.paths = router.buildResponder()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var head = request.head
        head.method = Self.probe
        let probed = try await paths.respond(to: Request(head: head, body: .init(buffer: ByteBuffer())), context: context)
        guard probed.status == .noContent, let allow = probed.headers[.allow] else { return try await next(request, context) }
        throw Problem(
            .methodNotAllowed, detail: "\(request.uri.path) does not accept \(request.method); it accepts \(allow).",
            headers: [.allow: allow])
    }
}
