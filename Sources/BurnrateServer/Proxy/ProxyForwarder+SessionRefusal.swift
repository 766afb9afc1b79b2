import BurnrateCore
import HTTPTypes

extension ProxyForwarder {
    /// Tells clients not to retry: the OpenAI and Anthropic SDKs honour it. A session's budget
    /// does not reset, so retrying the refused call cannot succeed.
    static let shouldRetry = HTTPField.Name("X-Should-Retry")!

    /// 429 naming the per-session budget, the session, its spend and the limit. There is no
    /// `Retry-After`: a run's spend does not reset; `X-Should-Retry: false` says so to the SDKs.
    static func refusal(_ budget: Budget, session: SessionReservations, reservation: Money, requestID: String) -> Problem {
        let inFlight = session.reserved > .zero ? " (\(session.reserved.usdString) USD more in flight)" : ""
        var problem = Problem(
            .tooManyRequests, title: "Session budget exhausted",
            detail:
                "The per-session budget '\(budget.id)' (\(budget.name); \(budget.scope.description)) allows \(budget.amount.usdString) USD per session: session '\(shown(session.sessionID))' has spent \(session.spent.usdString) USD\(inFlight), and this call may cost up to \(reservation.usdString) USD.",
            headers: [ProxyHeaders.requestID: requestID, ProxyHeaders.budget: budget.id, shouldRetry: "false"])
        problem.extensions = [
            ("budget_id", .string(budget.id)), ("budget_name", .string(budget.name)), ("per", .string(budget.per.rawValue)),
            ("session_id", .string(session.sessionID)), ("amount_usd", .string(budget.amount.usdString)),
            ("spent_usd", .string(session.spent.usdString)), ("in_flight_usd", .string(session.reserved.usdString)),
            ("request_reservation_usd", .string(reservation.usdString)),
            // The OpenAI and Anthropic SDKs put a body's `message` in the exception's text.
            ("message", .string(problem.detail)),
        ]
        return problem
    }

    /// `X-Burnrate-Budget-Warning` for a soft budget the request reached.
    static func warning(_ limit: BudgetEnforcer.Limit) -> String {
        switch limit {
        case .period(let state):
            return
                "budget '\(state.budget.id)' (\(state.budget.period.rawValue)) is spent: \(state.spent.usdString) of \(state.budget.amount.usdString) USD; resets at \(state.period.upperBound.rfc3339)"
        case .session(let budget, let session):
            return
                "budget '\(budget.id)' (per session) may be exceeded by session '\(shown(session.sessionID))': \(session.spent.usdString) USD spent and \(session.reserved.usdString) in flight of \(budget.amount.usdString) USD"
        }
    }
}
