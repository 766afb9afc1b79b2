import BurnrateCore
import BurnrateStore

extension AlertEvaluator {
    /// How many of a feature's latest completed runs make its baseline.
    static var baselineRuns: Int { 5_000 }
    /// How long a feature's baseline serves before it is taken again.
    static var baselineSeconds: Int64 { 3_600 }

    /// The agent runs still going that are far beyond their feature's completed runs: one
    /// observation per run, firing while it runs and resolving once it stops.
    func runawaySessions(now: Timestamp) async throws -> [AlertObservation] {
        let rule = settings.runawaySession
        let liveSince = now.adding(seconds: -max(0, rule.liveWindowSeconds))
        let baselines = try await runawayBaselines(now: now, liveSince: liveSince)
        let live = try await store.sessionActivity(activeFrom: liveSince, to: now, perFeature: nil, repeatedPrompts: true)
        return RunawaySession.evaluate(live: live, baselines: baselines, now: now, settings: rule).map { runaway in
            let session = runaway.session
            var figures: [AlertFigure] = [
                .usd("cost_usd", session.cost), .count("calls", session.calls), .count("duration_seconds", session.durationSeconds),
                .count("repeated_prompts", session.repeatedPrompts),
            ]
            for excess in runaway.excesses {
                figures.append(.count("usual_\(excess.measure.rawValue)", excess.usual))
                figures.append(.count("threshold_\(excess.measure.rawValue)", excess.threshold))
            }
            return AlertObservation(
                rule: AlertRuleID.runawaySession.rawValue, key: session.sessionID, severity: .critical, summary: runaway.summary,
                figures: figures, labels: ["session": session.sessionID, "feature": session.feature ?? ""],
                link: AlertLink.session(session.sessionID))
        }
    }

    /// Each feature's baseline from its runs that ended in the `historyDays` before the live window, taken again once an hour old (or when `now` goes back, as in a replay).
    private func runawayBaselines(now: Timestamp, liveSince: Timestamp) async throws -> [String?: SessionBaseline] {
        if let cached = runawayBaselineCache, cached.takenAt <= now,
            now.microseconds - cached.takenAt.microseconds < Self.baselineSeconds * 1_000_000
        {
            return cached.baselines
        }
        let rule = settings.runawaySession
        let history = try await store.sessionActivity(
            activeFrom: liveSince.adding(seconds: -Int64(max(1, rule.historyDays)) * 86_400), to: liveSince, perFeature: Self.baselineRuns,
            repeatedPrompts: true)
        var baselines: [String?: SessionBaseline] = [:]
        // Completed runs only: one still going is judged, not a measure of the usual.
        for (feature, runs) in Dictionary(grouping: history.filter { $0.lastCall < liveSince }, by: \.feature) {
            baselines[feature] = SessionBaseline(history: runs, settings: rule)
        }
        runawayBaselineCache = (now, baselines)
        return baselines
    }
}
