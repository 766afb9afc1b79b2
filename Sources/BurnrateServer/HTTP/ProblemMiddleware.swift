import BurnrateStore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every error into a problem+json response: known errors keep their status, a database
/// that cannot be reached becomes a 503 with Retry-After, anything else is logged and becomes a
/// 500 that names the request id, never a stack or SQL text.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = try problem.response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            response = try Problem(.contentTooLarge, detail: "The request body is larger than this endpoint accepts.")
                .response(from: request, context: context)
        } catch let error as StoreError where error.isUnavailable {
            context.logger.warning("Database unavailable", metadata: ["error": "\(error)"])
            response = try Problem(
                .serviceUnavailable,
                detail:
                    "The database is unavailable, so the request was not confirmed. Retry shortly: sending the same events again is safe.",
                headers: [.retryAfter: "2"]
            )
            .response(from: request, context: context)
        } catch let error as HTTPError {
            let detail =
                error.body
                ?? (error.status == .notFound ? "No route for \(request.method) \(request.uri.path)." : error.status.reasonPhrase)
            response = try Problem(error.status, detail: detail, headers: error.headers).response(from: request, context: context)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            response = try Problem(
                .internalServerError, detail: "An internal error occurred (request id \(context.id)); it has been logged."
            )
            .response(from: request, context: context)
        }
        // A proxied response keeps the provider's own request id.
        let requestID = HTTPField.Name("X-Request-Id")!
        if response.headers[requestID] == nil { response.headers[requestID] = context.id }
        return response
    }
}
