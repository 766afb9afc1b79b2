import HTTPTypes
import Hummingbird

/// Turns every error into a problem+json response through `Problem.describing`, the one mapping
/// from errors to problems, and gives every response its request id.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let problem = Problem.describing(
                error, method: request.method, path: request.uri.path, requestID: context.id, logger: context.logger)
            response = try problem.response(from: request, context: context)
        }
        // A proxied response keeps the provider's own request id.
        if response.headers[.requestID] == nil { response.headers[.requestID] = context.id }
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`, which every response carries.
    static let requestID = HTTPField.Name("X-Request-Id")!
    /// `Prefer` (RFC 7240): how the client would like the answer.
    static let prefer = HTTPField.Name("Prefer")!
    /// `Preference-Applied` (RFC 7240): which of them the answer honours.
    static let preferenceApplied = HTTPField.Name("Preference-Applied")!
}
