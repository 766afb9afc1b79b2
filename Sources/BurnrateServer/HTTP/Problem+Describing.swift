import BurnrateCore
import BurnrateStore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension Problem {
    /// The problem to answer a request to `path` that failed with `error`: the one place where
    /// errors become HTTP statuses. Domain errors keep their meaning (a query that cannot be
    /// answered is a 400, an unknown baseline a 422, a budget rule a 404 or 409), a database that
    /// cannot be reached becomes a 503 with Retry-After, and anything else is logged and becomes
    /// a 500 that names `requestID`, never a stack or SQL text.
    static func describing(_ error: any Error, method: HTTPRequest.Method, path: String, requestID: String, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let query as InvalidQuery:
            return Problem.badRequest(query.summary, errors: query.issues)
        case let baseline as UnknownBaseline:
            return Problem(
                .unprocessableContent, title: "Unknown baseline model",
                detail:
                    "No price for '\(baseline.name)'. GET /api/v1/prices lists the priced models; add one with PUT /api/v1/prices/{model}.",
                errors: [FieldIssue(field: baseline.parameter, message: "has no price")])
        case let budget as BudgetError:
            return Problem(budget)
        case let conflict as OutcomeConflict:
            let count = conflict.items.count
            return Problem(
                .conflict,
                detail:
                    "\(count) outcome\(count == 1 ? "" : "s") reuse\(count == 1 ? "s" : "") the id of a different outcome; nothing was stored.",
                errors: conflict.issues)
        case let invalid as BudgetDecodingError:
            return Problem.badRequest("The budget is not valid.", errors: invalid.issues)
        case let error as ROIInputError:
            return Problem.badRequest("The ROI inputs are not valid.", errors: error.issues)
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, detail: "The request body is larger than this endpoint accepts.")
        case let error as StoreError where error.code == .unavailable:
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

    /// The problem for a change the budget rules refused.
    init(_ error: BudgetError) {
        switch error.code {
        case .notFound:
            self = .notFound("No budget with id '\(error.id)'. GET /api/v1/budgets lists them.")
        case .exists:
            self = Problem(.conflict, detail: "A budget with id '\(error.id)' exists. Change it with PUT /api/v1/budgets/\(error.id).")
        default:
            // `.managedByConfig`
            self = Problem(
                .conflict,
                detail: "Budget '\(error.id)' is declared in the config file; change or remove it there and restart Burnrate.")
        }
    }
}
