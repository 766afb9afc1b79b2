import BurnrateCore
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

extension Problem {
    /// The problem to answer a request to `path` that failed with `error`: known errors keep
    /// their status, a database that cannot be reached becomes a 503 with Retry-After, anything
    /// else is logged and becomes a 500 that names `requestID`.
    static func describing(_ error: any Error, method: HTTPRequest.Method, path: String, requestID: String, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as ROIInputError:
            return Problem.badRequest("The ROI inputs are not valid.", errors: error.issues)
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, detail: "The request body is larger than this endpoint accepts.")
        case let error as StoreError where error.isUnavailable:
            logger.warning("Database unavailable", metadata: ["error": "\(error)"])
            return Problem(
                .serviceUnavailable,
                detail:
                    "The database is unavailable, so the request was not confirmed. Retry shortly: sending the same events again is safe.",
                headers: [.retryAfter: "2"]
            )
        case let error where StoreError.isArithmeticOverflow(error):
            logger.warning("A total passed the range of a 64-bit integer", metadata: ["error": "\(error)"])
            return Problem(
                .unprocessableContent,
                detail:
                    "A total over this range passes $9.2 billion, the most Burnrate sums exactly; ask for a shorter range or narrower filters."
            )
        case let error as HTTPError:
            let detail = error.body ?? (error.status == .notFound ? "No route for \(method) \(path)." : error.status.reasonPhrase)
            return Problem(error.status, detail: detail, headers: error.headers)
        default:
            logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError, detail: "An internal error occurred (request id \(requestID)); it has been logged.")
        }
    }
}
