import BurnrateCore
import Foundation

/// Labelled agent traffic for the runaway benchmark: weeks of ordinary completed sessions of
/// several features as history, then a day of sessions played call by call, with runaway
/// sessions of known kind injected and ordinary sessions from the top of the heavy tail that must
/// not alert.
struct RunawayScenario: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        /// A loop of expensive calls: a context that keeps growing, a dearer model in a loop.
        case costLoop = "cost_loop"
        /// A loop of many quick, ordinary calls.
        case callLoop = "call_loop"
        /// A run that does not end: ordinary calls at a slow pace for hours.
        case longRun = "long_run"
        /// The same prompt sent again and again.
        case promptLoop = "prompt_loop"
    }

    /// How one feature's runs usually go; each seed varies the figures.
    struct Feature: Sendable {
        var name: String
        /// The median calls of a run, and the spread of their logarithm.
        var calls: Double
        var callSpread: Double
        /// The median cost of a call, in dollars.
        var dollarsPerCall: Double
        /// The median seconds between two calls.
        var gap: Double
        var runsPerDay: Int
        /// Whether its runs poll: every other call sends the run's same prompt.
        var polls = false
    }

    /// The features, from a busy cheap chat to a feature too small to judge.
    static let features = [
        Feature(name: "agent-workflows", calls: 25, callSpread: 0.7, dollarsPerCall: 0.02, gap: 15, runsPerDay: 150),
        Feature(name: "support-chat", calls: 6, callSpread: 0.5, dollarsPerCall: 0.004, gap: 30, runsPerDay: 400),
        Feature(name: "code-review", calls: 12, callSpread: 0.6, dollarsPerCall: 0.05, gap: 8, runsPerDay: 80),
        Feature(name: "monitor", calls: 20, callSpread: 0.4, dollarsPerCall: 0.003, gap: 60, runsPerDay: 60, polls: true),
        Feature(name: "batch-enrich", calls: 200, callSpread: 0.5, dollarsPerCall: 0.001, gap: 2, runsPerDay: 20),
        Feature(name: "tiny-feature", calls: 10, callSpread: 0.5, dollarsPerCall: 0.01, gap: 20, runsPerDay: 1),
    ]
    /// Days of completed sessions before the stream.
    static let historyDays = 14
    /// The share of a feature's runs that are big jobs, 4 to 8 times the calls.
    static let bigShare = 0.03
    /// Each kind of runaway, per labelled stream.
    static let runawaysPerKind = 2
    /// Ordinary runs from the top of the heavy tail, per stream.
    static let heavyRuns = 3
    /// What a runaway costs at least by its end: below the rule's $1 floor a loop is not alerted
    /// by design, so every one is made to run past it.
    static let leastRunawayCost = 3.0

    struct Call: Sendable {
        /// Seconds from the start of the stream.
        var time: Int64
        var cost: Money
        var prompt: Int
    }

    struct Session: Sendable {
        var id: String
        var feature: Int
        var calls: [Call]
        /// The kind of runaway it is, nil for an ordinary run.
        var kind: Kind?
        /// Whether it is an ordinary run from the top of the heavy tail.
        var heavy = false

        var end: Int64 { calls.last?.time ?? 0 }
    }

    /// Each feature's completed sessions before the stream.
    var history: [String?: [SessionActivity]]
    var sessions: [Session]
    /// The features as this seed varied them.
    var features: [Feature]

    /// The instant second zero of the stream is.
    static let origin = Timestamp(microseconds: 1_796_083_200_000_000)

    static func timestamp(_ seconds: Int64) -> Timestamp { origin.adding(seconds: seconds) }

    /// A seed's history and a day of sessions, with runaways injected (or none).
    init(seed: UInt64, runaways: Bool) {
        var random = AnomalyScenario.Generator(state: seed)
        var prompts = 0
        let features = Self.features.map { base in
            var feature = base
            feature.calls *= exp(0.3 * random.normal())
            feature.dollarsPerCall *= exp(0.5 * random.normal())
            feature.gap *= exp(0.3 * random.normal())
            return feature
        }
        var history: [String?: [SessionActivity]] = [:]
        for (index, feature) in features.enumerated() {
            let count = feature.runsPerDay * Self.historyDays
            history[feature.name] = (0..<count).map { number in
                let start = -Int64(Self.historyDays * 86_400) + Int64(number) * Int64(Self.historyDays * 86_400) / Int64(count)
                let calls = Self.ordinary(feature, start: start, heavy: false, prompts: &prompts, random: &random)
                return Session(id: "h\(index)-\(number)", feature: index, calls: calls).activity(features, callCount: calls.count)
            }
        }
        var sessions: [Session] = []
        for (index, feature) in features.enumerated() {
            for _ in 0..<feature.runsPerDay {
                let start = Int64.random(in: 0..<86_400, using: &random)
                let calls = Self.ordinary(feature, start: start, heavy: false, prompts: &prompts, random: &random)
                sessions.append(Session(id: "s\(sessions.count)", feature: index, calls: calls))
            }
        }
        let judged = features.indices.filter { features[$0].runsPerDay * Self.historyDays >= RunawaySessionSettings().minimumHistory }
        for _ in 0..<Self.heavyRuns {
            let feature = judged.randomElement(using: &random) ?? 0
            let start = Int64.random(in: 0..<86_400, using: &random)
            let calls = Self.ordinary(features[feature], start: start, heavy: true, prompts: &prompts, random: &random)
            sessions.append(Session(id: "s\(sessions.count)", feature: feature, calls: calls, heavy: true))
        }
        if runaways {
            for kind in Kind.allCases {
                for _ in 0..<Self.runawaysPerKind {
                    let feature = judged.randomElement(using: &random) ?? 0
                    let start = Int64.random(in: 0..<(18 * 3_600), using: &random)
                    let calls = Self.runaway(kind, features[feature], start: start, prompts: &prompts, random: &random)
                    sessions.append(Session(id: "s\(sessions.count)", feature: feature, calls: calls, kind: kind))
                }
            }
        }
        self.features = features
        self.history = history
        self.sessions = sessions
    }

    /// An ordinary run: lognormal calls (a big job now and then), a cost per call that varies by
    /// run and by call, and a pace that varies by run and by call; a call is retried with its
    /// prompt now and then. A `heavy` run is a big job at the top of the big jobs' range: 8 times
    /// the calls, one standard deviation up in calls and half of one in cost per call, at the
    /// usual pace.
    static func ordinary(
        _ feature: Feature, start: Int64, heavy: Bool, prompts: inout Int, random: inout AnomalyScenario.Generator
    ) -> [Call] {
        let big = heavy ? 8 : (Double.random(in: 0..<1, using: &random) < bigShare ? Double.random(in: 4...8, using: &random) : 1)
        let spread = heavy ? 1 : random.normal()
        let count = max(1, Int((feature.calls * exp(feature.callSpread * spread) * big).rounded()))
        let dollarsPerCall = feature.dollarsPerCall * exp(0.4 * (heavy ? 0.5 : random.normal()))
        let gap = feature.gap * exp(0.4 * (heavy ? 0 : random.normal()))
        let poll = prompts + 1
        prompts += 1
        var calls: [Call] = []
        var time = start
        for number in 0..<count {
            if number > 0 { time += max(1, Int64(gap * exp(0.5 * random.normal()))) }
            let retry = number > 0 && Double.random(in: 0..<1, using: &random) < 0.03
            if !retry {
                prompts += 1
            }
            let prompt = feature.polls && number % 2 == 0 ? poll : (retry ? calls[number - 1].prompt : prompts)
            calls.append(Call(time: time, cost: dollars(dollarsPerCall * exp(0.5 * random.normal())), prompt: prompt))
        }
        return calls
    }

    /// A runaway: a few ordinary calls, then the loop of its kind until it has run its course and
    /// cost at least `leastRunawayCost`.
    static func runaway(
        _ kind: Kind, _ feature: Feature, start: Int64, prompts: inout Int, random: inout AnomalyScenario.Generator
    ) -> [Call] {
        let usualSeconds = feature.calls * feature.gap
        // The pace, the cost of a call against the usual, and the least seconds and calls it runs.
        let (gap, costFactor, seconds, count): (Double, Double, Double, Double) =
            switch kind {
            case .costLoop:
                (feature.gap, Double.random(in: 20...60, using: &random), Double.random(in: 1_800...7_200, using: &random), 0)
            case .callLoop: (Double.random(in: 1...4, using: &random), 1, 0, feature.calls * Double.random(in: 40...120, using: &random))
            case .longRun:
                (
                    min(480, feature.gap * Double.random(in: 2...6, using: &random)), 1,
                    max(4 * 3_600, usualSeconds * Double.random(in: 60...150, using: &random)), 0
                )
            case .promptLoop: (Double.random(in: 3...10, using: &random), 1, 0, Double.random(in: 200...1_000, using: &random))
            }
        var calls = Array(
            ordinary(feature, start: start, heavy: false, prompts: &prompts, random: &random).prefix(Int.random(in: 1...5, using: &random)))
        prompts += 1
        let loopPrompt = prompts
        var time = calls.last?.time ?? start
        var cost = calls.reduce(Money.zero) { $0 + $1.cost }
        while Double(time - start) < seconds || Double(calls.count) < count || cost < Money(approximateUSD: leastRunawayCost) {
            time += max(1, Int64(gap * exp(0.3 * random.normal())))
            prompts += 1
            let call = Call(
                time: time, cost: dollars(feature.dollarsPerCall * costFactor * exp(0.5 * random.normal())),
                prompt: kind == .promptLoop ? loopPrompt : prompts)
            calls.append(call)
            cost = cost + call.cost
        }
        return calls
    }

    static func dollars(_ value: Double) -> Money { Money(approximateUSD: value) }
}

extension RunawayScenario.Session {
    /// What the session had done after its first `callCount` calls.
    func activity(_ features: [RunawayScenario.Feature], callCount: Int) -> SessionActivity {
        let done = calls.prefix(callCount)
        var counts: [Int: Int64] = [:]
        for call in done { counts[call.prompt, default: 0] += 1 }
        return SessionActivity(
            sessionID: id, feature: features[feature].name, start: RunawayScenario.timestamp(done.first?.time ?? 0),
            lastCall: RunawayScenario.timestamp(done.last?.time ?? 0), calls: Int64(done.count),
            cost: done.reduce(Money.zero) { $0 + $1.cost }, repeatedPrompts: counts.values.max() ?? 0)
    }
}
