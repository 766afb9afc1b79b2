/// An agent run that has gone far beyond what its feature's runs usually do, found while it is
/// still running: a loop of expensive calls, a loop of many calls, a run that does not end, or
/// the same prompt sent again and again.
///
/// Each live session is judged against the completed sessions of its feature (see
/// `SessionBaseline`): it is a runaway when it has cost at least `settings.minimumCost` and is
/// above the threshold of at least one measure. A session's figures only grow while it runs, so
/// once a runaway it stays one until it stops; a feature with fewer than
/// `settings.minimumHistory` completed sessions is not judged.
public struct RunawaySession: Sendable, Hashable {
    /// One measure on which the session is far above the usual.
    public struct Excess: Sendable, Hashable {
        public var measure: SessionMeasure
        /// The session's figure so far, in the measure's unit (nano-dollars, calls, seconds).
        public var observed: Int64
        /// What the feature's runs usually reach at most (the baseline's quantile).
        public var usual: Int64
        /// The threshold the session is above.
        public var threshold: Int64
    }

    public var session: SessionActivity
    /// The measures it is far above the usual on, in `SessionMeasure` order; never empty.
    public var excesses: [Excess]
    /// The baseline it was judged against.
    public var baseline: SessionBaseline

    /// The runaways among `live`: the sessions with a call within `settings.liveWindowSeconds`
    /// before `now`, judged against `history`, the completed sessions of each feature (the key
    /// nil for sessions without one) over the last `settings.historyDays`.
    public static func evaluate(
        live: [SessionActivity], history: [String?: [SessionActivity]], now: Timestamp, settings: RunawaySessionSettings
    ) -> [RunawaySession] {
        var baselines: [String?: SessionBaseline] = [:]
        for feature in Set(live.map(\.feature)) {
            baselines[feature] = history[feature].flatMap { SessionBaseline(history: $0, settings: settings) }
        }
        return evaluate(live: live, baselines: baselines, now: now, settings: settings)
    }

    /// The same, with each feature's baseline taken already (a baseline changes slowly: it can be
    /// taken once for many evaluations).
    public static func evaluate(
        live: [SessionActivity], baselines: [String?: SessionBaseline], now: Timestamp, settings: RunawaySessionSettings
    ) -> [RunawaySession] {
        guard settings.enabled else { return [] }
        let liveSince = now.adding(seconds: -max(0, settings.liveWindowSeconds))
        return live.compactMap { session in
            guard session.lastCall >= liveSince, let baseline = baselines[session.feature] else { return nil }
            return judge(session, against: baseline, settings: settings)
        }
    }

    /// `session` as a runaway against `baseline`, or nil when it is not one.
    public static func judge(
        _ session: SessionActivity, against baseline: SessionBaseline, settings: RunawaySessionSettings
    ) -> RunawaySession? {
        guard session.cost >= settings.minimumCost else { return nil }
        let excesses = SessionMeasure.allCases.compactMap { measure -> Excess? in
            guard let bound = baseline.bounds[measure] else { return nil }
            let observed = measure.value(of: session)
            guard observed > bound.threshold else { return nil }
            return Excess(measure: measure, observed: observed, usual: bound.usual, threshold: bound.threshold)
        }
        return excesses.isEmpty ? nil : RunawaySession(session: session, excesses: excesses, baseline: baseline)
    }
}
