import BurnrateCore
import BurnrateStore

/// What the business outcomes of a range cost, and whether all of them were read.
struct OutcomeReport: Sendable {
    var range: Range<Timestamp>
    var interval: CalendarInterval
    var economics: OutcomeEconomics
    /// The range held more than `CostAnalytics.maximumOutcomes` outcomes: the figures cover the
    /// earliest of them only.
    var truncated: Bool
}

extension CostAnalytics {
    /// The most outcomes one report reads.
    static var maximumOutcomes: Int { 200_000 }

    /// Cost per successful outcome, success rate and cost of failed runs over the outcomes
    /// recorded in `range` (of `types`, all without), per feature and per `interval`: each
    /// outcome's run costed from the `sessions` table.
    func outcomes(in range: Range<Timestamp>, types: [String] = [], interval: CalendarInterval) async throws -> OutcomeReport {
        var outcomes: [Outcome] = []
        var cursor: OutcomeCursor?
        var truncated = false
        while true {
            let page = try await store.outcomes(
                OutcomeFilter(from: range.lowerBound, to: range.upperBound, types: types), after: cursor, limit: 1_000)
            outcomes += page
            guard page.count == 1_000, let last = page.last else { break }
            guard outcomes.count < Self.maximumOutcomes else {
                truncated = true
                break
            }
            cursor = OutcomeCursor(after: last)
        }
        let ids = Array(Set(outcomes.map(\.sessionID)))
        var sessions: [String: SessionCost] = [:]
        for session in try await store.sessions(ids: ids) {
            sessions[session.id] = SessionCost(cost: session.cost, feature: session.attribution.feature)
        }
        return OutcomeReport(
            range: range, interval: interval,
            economics: OutcomeEconomics(outcomes: outcomes, sessions: sessions, interval: interval, calendar: calendar),
            truncated: truncated)
    }
}
