/// The cost of a session and the feature its events belong to: what `OutcomeEconomics` needs
/// from the ledger for each session with outcomes.
public struct SessionCost: Sendable, Hashable {
    /// The total cost of the session's events.
    public var cost: Money
    /// The feature of the session's events; `nil` when they name none.
    public var feature: String?

    public init(cost: Money, feature: String? = nil) {
        self.cost = cost
        self.feature = feature
    }
}

/// Cost per outcome: outcomes set against the cost of their sessions, overall, per feature and
/// per calendar period, with the definitions of `OutcomeFigures`.
///
/// Pure and exact: costs and values are summed in nano-dollars; only the ratios are floating
/// point, and `costPerSuccess` is rounded once.
///
/// ```swift
/// let outcomes = try await store.outcomes(sessionIDs: ids)
/// let economics = OutcomeEconomics(outcomes: outcomes, sessions: costs, interval: .day, calendar: calendar)
/// economics.total.costPerSuccess  // e.g. $0.42 per resolved ticket
/// ```
public struct OutcomeEconomics: Sendable, Hashable {
    /// The figures of one feature; `feature` is `nil` for sessions whose events name none.
    public struct Feature: Sendable, Hashable {
        public var feature: String?
        public var figures: OutcomeFigures
    }

    /// The figures of one calendar period, whole and per feature.
    public struct Period: Sendable, Hashable {
        public var start: Timestamp
        public var figures: OutcomeFigures
        public var features: [Feature]
    }

    public var total: OutcomeFigures
    /// Per feature, the costliest first (ties by name, the unnamed feature last).
    public var features: [Feature]
    /// The periods with outcomes, oldest first; a period without any is left out.
    public var periods: [Period]

    /// Groups `outcomes` by session, and each session by its feature and the period of its last
    /// outcome.
    ///
    /// - Parameters:
    ///   - sessions: Per session id, its cost and feature. A session with outcomes but no entry
    ///     counts at zero cost, without a feature, in `sessionsWithoutCost`.
    ///   - interval: The width of the periods, in `calendar`'s time zone.
    public init(outcomes: [Outcome], sessions: [String: SessionCost], interval: CalendarInterval, calendar: ReportingCalendar) {
        var runs: [String: OutcomeRun] = [:]
        for outcome in outcomes {
            var run = runs[outcome.sessionID] ?? OutcomeRun(last: outcome.timestamp)
            run.outcomes += 1
            if outcome.success {
                run.successes += 1
                run.value = run.value + (outcome.value ?? .zero)
            }
            run.last = max(run.last, outcome.timestamp)
            runs[outcome.sessionID] = run
        }
        var total = OutcomeFigures()
        var byFeature: [String?: OutcomeFigures] = [:]
        var byPeriod: [Timestamp: [String?: OutcomeFigures]] = [:]
        for (session, var run) in runs {
            if let known = sessions[session] {
                run.cost = known.cost
                run.costKnown = true
                run.feature = known.feature
            }
            total.add(run)
            byFeature[run.feature, default: OutcomeFigures()].add(run)
            byPeriod[calendar.start(of: interval, containing: run.last), default: [:]][run.feature, default: OutcomeFigures()].add(run)
        }
        self.total = total
        self.features = Self.ranked(byFeature)
        self.periods = byPeriod.keys.sorted().map { start in
            let features = Self.ranked(byPeriod[start] ?? [:])
            var figures = OutcomeFigures()
            for feature in features { figures.merge(feature.figures) }
            return Period(start: start, figures: figures, features: features)
        }
    }

    /// The features, costliest first, ties by name with the unnamed feature last.
    static func ranked(_ figures: [String?: OutcomeFigures]) -> [Feature] {
        figures.map { Feature(feature: $0.key, figures: $0.value) }.sorted { left, right in
            if left.figures.cost != right.figures.cost { return left.figures.cost > right.figures.cost }
            switch (left.feature, right.feature) {
            case (let left?, let right?): return left < right
            case (.some, nil): return true
            default: return false
            }
        }
    }
}
