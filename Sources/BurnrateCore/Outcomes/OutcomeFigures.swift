/// Outcomes set against the cost of their sessions, for one group (a feature, a period, or all).
///
/// A run is an agent session with at least one outcome. It succeeded when any of its outcomes
/// succeeded (a retry that resolves the ticket redeems the attempts before it) and failed when
/// none did. Every session counts its whole cost once, in the group of its feature and of the
/// period of its last outcome; so the figures of the groups add up to the total exactly.
public struct OutcomeFigures: Sendable, Hashable {
    public var outcomes: Int64 = 0
    public var successes: Int64 = 0
    /// Sessions with at least one outcome.
    public var sessions: Int64 = 0
    /// Sessions with at least one successful outcome.
    public var successfulSessions: Int64 = 0
    /// Sessions whose cost was not known (no events were found for them); counted at zero cost,
    /// so a caller can say that the cost figures leave them out.
    public var sessionsWithoutCost: Int64 = 0
    /// The whole cost of every session with an outcome.
    public var cost = Money.zero
    /// The cost of the sessions that succeeded.
    public var successfulSessionCost = Money.zero
    /// The cost of the failed runs: sessions with outcomes, none of them successful.
    public var failedRunCost = Money.zero
    /// The sum of `value_usd` over the successful outcomes; a failed outcome delivered nothing,
    /// whatever value it names.
    public var value = Money.zero

    public init() {}

    /// Outcomes that did not succeed.
    public var failures: Int64 { outcomes - successes }

    /// Successful outcomes per outcome, from 0 to 1; `nil` without outcomes.
    public var successRate: Double? { outcomes > 0 ? Double(successes) / Double(outcomes) : nil }

    /// What one successful outcome costs: the cost of every session with an outcome (the failed
    /// runs included, since they are part of the price of success) divided by the successful
    /// outcomes, rounded half away from zero to the nano-dollar; `nil` without successes.
    public var costPerSuccess: Money? { successes > 0 ? cost.scaled(by: 1, over: successes) : nil }

    /// Value delivered per dollar spent, `value / cost`; `nil` when nothing was spent.
    public var valuePerCost: Double? { cost.nanos > 0 ? Double(value.nanos) / Double(cost.nanos) : nil }

    /// Whether a sum reached the limit of `Money` and stopped there, so that it is not exact.
    public var isSaturated: Bool {
        [cost, successfulSessionCost, failedRunCost, value].contains { $0.isSaturated }
    }

    /// Adds one session's outcomes and cost.
    mutating func add(_ run: OutcomeRun) {
        outcomes += run.outcomes
        successes += run.successes
        sessions += 1
        if !run.costKnown { sessionsWithoutCost += 1 }
        cost = cost + run.cost
        value = value + run.value
        if run.successes > 0 {
            successfulSessions += 1
            successfulSessionCost = successfulSessionCost + run.cost
        } else {
            failedRunCost = failedRunCost + run.cost
        }
    }

    /// Adds the figures of a disjoint group.
    mutating func merge(_ other: OutcomeFigures) {
        outcomes += other.outcomes
        successes += other.successes
        sessions += other.sessions
        successfulSessions += other.successfulSessions
        sessionsWithoutCost += other.sessionsWithoutCost
        cost = cost + other.cost
        successfulSessionCost = successfulSessionCost + other.successfulSessionCost
        failedRunCost = failedRunCost + other.failedRunCost
        value = value + other.value
    }
}

/// One session's outcomes, summed, with its cost and feature.
struct OutcomeRun {
    var outcomes: Int64 = 0
    var successes: Int64 = 0
    var value = Money.zero
    /// The session's last outcome, which decides its period.
    var last: Timestamp
    var cost = Money.zero
    var costKnown = false
    var feature: String?
}
