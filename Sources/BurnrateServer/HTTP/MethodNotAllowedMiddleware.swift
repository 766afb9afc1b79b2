import HTTPTypes
import Hummingbird

/// Answers a request whose path has routes, but none for its method, with a 405 problem and an
/// `Allow` header listing the methods the path does serve (RFC 9110 §15.5.6), where the router
/// alone would answer 404.
///
/// Add it to the router after every route: middleware added last wraps only the router's
/// not-found responder. It resolves paths with a router of its own holding the same paths, so
/// `/api/v1/costs/import` (POST) is told apart from `/api/v1/costs/{id}` (DELETE) exactly as the
/// application's router tells them apart.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods a request may try on a path that lacks them; others (unregistered extension
    /// methods) keep the router's 404.
    static var knownMethods: [HTTPRequest.Method] {
        [.get, .head, .post, .put, .delete, .patch, .options, .trace, .connect]
    }

    private let allowed: RouterResponder<Context>

    /// A middleware for the router whose routes are `routes` (`Router.routes`).
    init(routes: [Router<Context>.RouteDescription]) {
        let router = Router(context: Context.self)
        let byPath = Dictionary(grouping: routes) { $0.path.description }
        for routes in byPath.values {
            let methods = Set(routes.map(\.method))
            let allow = methods.map(\.rawValue).sorted().joined(separator: ", ")
            for method in Self.knownMethods where !methods.contains(method) {
                router.on(routes[0].path, method: method) { request, _ -> Response in
                    throw Problem(
                        .methodNotAllowed,
                        detail: "\(request.uri.path) does not accept \(request.method); it accepts \(allow).",
                        headers: [.allow: allow])
                }
            }
        }
        self.allowed = router.buildResponder()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await allowed.respond(to: request, context: context)
        guard response.status == .methodNotAllowed else { return try await next(request, context) }
        return response
    }
}
