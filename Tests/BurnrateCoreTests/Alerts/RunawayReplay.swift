import BurnrateCore

/// Plays a `RunawayScenario`'s stream call by call in time order and judges the live sessions
/// every `step` seconds, as the alert evaluator would: the first time each session is found a
/// runaway, with what it had done by then.
struct RunawayReplay {
    /// The first finding on one session.
    struct Alert: Sendable {
        var session: Int
        /// Seconds from the start of the stream.
        var time: Int64
        var finding: RunawaySession
    }

    /// What a session has done so far, kept call by call.
    struct Progress {
        var activity: SessionActivity
        var promptCounts: [Int: Int64] = [:]

        mutating func add(_ call: RunawayScenario.Call) {
            activity.calls += 1
            activity.cost = activity.cost + call.cost
            activity.lastCall = RunawayScenario.timestamp(call.time)
            promptCounts[call.prompt, default: 0] += 1
            activity.repeatedPrompts = max(activity.repeatedPrompts, promptCounts[call.prompt] ?? 0)
        }
    }

    static func alerts(_ scenario: RunawayScenario, settings: RunawaySessionSettings, step: Int64 = 60) -> [Alert] {
        var baselines: [String?: SessionBaseline] = [:]
        for (feature, history) in scenario.history {
            baselines[feature] = SessionBaseline(history: history, settings: settings)
        }
        let calls = scenario.sessions.indices.flatMap { session in scenario.sessions[session].calls.map { (session: session, call: $0) } }
            .sorted { $0.call.time < $1.call.time }
        var progress: [Int: Progress] = [:]
        var alerted: Set<Int> = []
        var alerts: [Alert] = []
        var next = 0
        let last: Int64 = calls.last?.call.time ?? 0
        let steps = (last + settings.liveWindowSeconds) / step + 1
        for now in (1...steps).lazy.map({ $0 * step }) {
            while next < calls.count, calls[next].call.time <= now {
                let (session, call) = calls[next]
                progress[session, default: Progress(activity: start(scenario, session: session, call: call))].add(call)
                next += 1
            }
            // Sessions a step past the live window are dropped; the rule is left to ignore the rest.
            let stale = RunawayScenario.timestamp(now - settings.liveWindowSeconds - step)
            progress = progress.filter { $0.value.activity.lastCall >= stale && !alerted.contains($0.key) }
            let indices = Dictionary(uniqueKeysWithValues: progress.map { ($0.value.activity.sessionID, $0.key) })
            let findings = RunawaySession.evaluate(
                live: progress.values.map(\.activity), baselines: baselines, now: RunawayScenario.timestamp(now), settings: settings)
            for finding in findings {
                guard let session = indices[finding.session.sessionID] else { continue }
                alerted.insert(session)
                alerts.append(Alert(session: session, time: now, finding: finding))
            }
        }
        return alerts
    }

    /// A session before its first call.
    static func start(_ scenario: RunawayScenario, session: Int, call: RunawayScenario.Call) -> SessionActivity {
        SessionActivity(
            sessionID: scenario.sessions[session].id, feature: scenario.features[scenario.sessions[session].feature].name,
            start: RunawayScenario.timestamp(call.time), lastCall: RunawayScenario.timestamp(call.time), calls: 0, cost: .zero,
            repeatedPrompts: 0)
    }
}
