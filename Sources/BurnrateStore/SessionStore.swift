import BurnrateCore

/// Agent runs: the calls that share a `session_id`, read from the `sessions` table (one row per
/// run, kept with its calls) and from the calls themselves.
public protocol SessionStore: Sendable {
    /// The sessions with calls in the filter's range, in `order`, `limit` from `offset`. A filter on
    /// tenant, user, feature, team or environment matches the run's attribution (its first call's);
    /// one on provider, model, status or tags matches runs with a call that has it. Each comes
    /// with its models.
    func sessions(_ filter: EventFilter, order: SessionOrder, limit: Int, offset: Int) async throws -> [SessionSummary]

    /// The sessions with these ids that have calls (without their models), in no order.
    func sessions(ids: [String]) async throws -> [SessionSummary]

    /// One session and its calls in time order, at most `limit` of them (the earliest).
    func session(id: String, limit: Int) async throws -> (summary: SessionSummary, calls: [PricedEvent])?

    /// The spread of session costs per feature (and per period of `bucketSeconds`, aligned on the
    /// Unix epoch, when given) over the sessions that started in the filter's range.
    func sessionCostDistribution(_ filter: EventFilter, bucketSeconds: Int64?) async throws -> [SessionCostDistribution]

    /// What the sessions with a call in `from ..< to` (their first before `to`, their latest at or
    /// after `from`) have done, for the runaway rule: at most `perFeature` of each feature (the
    /// latest) when given, and how often each repeated its most repeated prompt when
    /// `repeatedPrompts`.
    func sessionActivity(
        activeFrom from: Timestamp, to: Timestamp, perFeature: Int?, repeatedPrompts: Bool
    ) async throws
        -> [SessionActivity]

    /// The steps whose calls cost most across the sessions in range, costliest first.
    func stepCosts(_ filter: EventFilter, limit: Int) async throws -> [StepCost]
}
