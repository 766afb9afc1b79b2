import BurnrateCore
import Testing

@Suite struct RunawaySessionTests {
    static let now = Timestamp(microseconds: 1_796_083_200_000_000)

    /// A session of `feature` that started `minutes` before its last call, at `now`.
    static func session(
        _ id: String = "run", feature: String? = "agent", minutes: Int64 = 10, calls: Int64 = 20, dollars: Double = 0.5,
        repeated: Int64 = 1, lastCall: Timestamp = now
    ) -> SessionActivity {
        SessionActivity(
            sessionID: id, feature: feature, start: lastCall.adding(seconds: -minutes * 60), lastCall: lastCall, calls: calls,
            cost: Money(approximateUSD: dollars), repeatedPrompts: repeated)
    }

    /// 100 completed runs of about 20 calls, $0.50 and 10 minutes, varying by up to a half either way.
    static let history: [SessionActivity] = (0..<100).map { index in
        let scale = 0.5 + Double(index) / 100
        return session(
            "done-\(index)", minutes: Int64(10 * scale), calls: Int64(20 * scale), dollars: 0.5 * scale, repeated: index % 10 == 0 ? 2 : 1,
            lastCall: now.adding(seconds: -86_400))
    }

    static func runaways(_ live: [SessionActivity], settings: RunawaySessionSettings = RunawaySessionSettings()) -> [RunawaySession] {
        RunawaySession.evaluate(live: live, history: ["agent": history], now: now, settings: settings)
    }

    @Test func anOrdinaryRunIsNotARunaway() {
        #expect(Self.runaways([Self.session(minutes: 14, calls: 29, dollars: 0.74)]).isEmpty)
    }

    @Test func aRunFarAboveItsFeaturesCostIsOneWithTheFiguresOfItsAlert() throws {
        let finding = try #require(Self.runaways([Self.session("abc", minutes: 40, calls: 29, dollars: 41.2)]).first)
        #expect(finding.excesses.map(\.measure) == [.cost])
        let cost = try #require(finding.excesses.first)
        #expect(cost.observed == 41_200_000_000)
        // The p99 of 100 runs is the 99th, and the threshold at least 5 times that.
        #expect(cost.usual == Money(approximateUSD: 0.5 * (0.5 + 98.0 / 100)).nanos)
        #expect(cost.threshold >= 5 * cost.usual)
        #expect(
            finding.summary
                == "Session abc of agent has cost $41.20 in 29 calls over 40 min; this feature's runs usually cost up to $0.74 (p99 of 100 completed runs)."
        )
    }

    @Test(arguments: [
        (SessionMeasure.calls, session(calls: 500, dollars: 2)),
        (.duration, session(minutes: 600, dollars: 2)),
        (.repeatedPrompts, session(dollars: 2, repeated: 40)),
    ])
    func eachMeasureFindsItsRunaway(measure: SessionMeasure, live: SessionActivity) throws {
        let finding = try #require(Self.runaways([live]).first)
        #expect(finding.excesses.map(\.measure) == [measure])
    }

    @Test func aLoopOnOnePromptIsNamedInTheSummary() throws {
        let finding = try #require(Self.runaways([Self.session("loop", calls: 300, dollars: 2, repeated: 280)]).first)
        #expect(finding.excesses.map(\.measure) == [.calls, .repeatedPrompts])
        #expect(
            finding.summary
                == "Session loop of agent has cost $2.00 in 300 calls over 10 min, sending one prompt 280 times; this feature's runs usually make up to 29 calls and send one prompt up to 2 times (p99 of 100 completed runs)."
        )
    }

    @Test func aCheapRunIsNeverARunawayHoweverManyItsCalls() {
        #expect(Self.runaways([Self.session(calls: 5_000, dollars: 0.99, repeated: 5_000)]).isEmpty)
    }

    @Test func aFeatureWithLittleHistoryIsNotJudged() {
        let live = [Self.session(feature: "new", dollars: 500)]
        let history = [
            "new": Array(
                Self.history.prefix(29).map { run in
                    var run = run; run.feature = "new"; return run
                })
        ]
        #expect(RunawaySession.evaluate(live: live, history: history, now: Self.now, settings: RunawaySessionSettings()).isEmpty)
        #expect(RunawaySession.evaluate(live: live, history: [:], now: Self.now, settings: RunawaySessionSettings()).isEmpty)
        #expect(SessionBaseline(history: [], settings: RunawaySessionSettings()) == nil)
    }

    @Test func sessionsWithoutAFeatureAreJudgedAgainstEachOther() {
        let history = Self.history.map { run in
            var run = run; run.feature = nil; return run
        }
        let live = [Self.session(feature: nil, dollars: 500)]
        #expect(RunawaySession.evaluate(live: live, history: [nil: history], now: Self.now, settings: RunawaySessionSettings()).count == 1)
    }

    @Test func onlyLiveSessionsAreJudged() {
        let ended = Self.session(dollars: 500, lastCall: Self.now.adding(seconds: -901))
        let running = Self.session("running", dollars: 500, lastCall: Self.now.adding(seconds: -900))
        #expect(Self.runaways([ended, running]).map(\.session.sessionID) == ["running"])
        var off = RunawaySessionSettings()
        off.enabled = false
        #expect(Self.runaways([running], settings: off).isEmpty)
    }

    @Test func theFloorsHoldForAFeatureOfTinyRuns() throws {
        let tiny = (0..<50).map { Self.session("t\($0)", minutes: 0, calls: 1, dollars: 0.001, repeated: 1) }
        let baseline = try #require(SessionBaseline(history: tiny, settings: RunawaySessionSettings()))
        #expect(baseline.bounds[.cost]?.threshold == Money(dollars: 1).nanos)
        #expect(baseline.bounds[.calls]?.threshold == 50)
        #expect(baseline.bounds[.duration]?.threshold == 1_800)
        #expect(baseline.bounds[.repeatedPrompts]?.threshold == 10)
    }

    @Test func anEarlierRunawayInTheHistoryDoesNotHideTheNextOne() throws {
        // One earlier loop in 101 runs is above their p99, not the usual.
        let polluted = Self.history + [Self.session("old-loop", dollars: 400)]
        let baseline = try #require(SessionBaseline(history: polluted, settings: RunawaySessionSettings()))
        let live = Self.session(dollars: 50)
        #expect(RunawaySession.judge(live, against: baseline, settings: RunawaySessionSettings()) != nil)
    }

    @Test func hostileFiguresAreJudgedWithoutTrapping() throws {
        let extremes = [
            SessionActivity(
                sessionID: "max", feature: "agent", start: Timestamp(microseconds: Int64.min), lastCall: Timestamp(microseconds: Int64.max),
                calls: Int64.max, cost: .max, repeatedPrompts: Int64.max),
            SessionActivity(
                sessionID: "min", feature: "agent", start: Timestamp(microseconds: Int64.max), lastCall: Timestamp(microseconds: Int64.min),
                calls: Int64.min, cost: .min, repeatedPrompts: Int64.min),
        ]
        #expect(extremes[0].durationSeconds == Int64((Int128(Int64.max) * 2 + 1) / 1_000_000))
        #expect(extremes[1].durationSeconds == 0)
        let history = Array(repeating: extremes, count: 20).flatMap { $0 }
        let baseline = try #require(SessionBaseline(history: history, settings: RunawaySessionSettings()))
        #expect(baseline.bounds.values.allSatisfy { $0.threshold >= $0.usual })
        #expect(RunawaySession.judge(extremes[0], against: baseline, settings: RunawaySessionSettings()) == nil)
        let live = extremes.map { run in
            var run = run; run.lastCall = Self.now; return run
        }
        let findings = Self.runaways(live)
        #expect(findings.map(\.session.sessionID) == ["max"])
        #expect(findings.first?.summary.contains("$9,223,372,036.85") == true)
    }

    @Test func settingsOutOfRangeNeverTrap() throws {
        var settings = RunawaySessionSettings()
        settings.quantile = .nan
        settings.factor = .infinity
        settings.deviations = -.infinity
        settings.minimumCalls = Int64.min
        settings.liveWindowSeconds = Int64.min
        let baseline = try #require(SessionBaseline(history: Self.history, settings: settings))
        #expect(baseline.bounds[.cost]?.threshold == Int64.max)
        #expect(Self.runaways([Self.session(dollars: 500)], settings: settings).isEmpty)
    }

    @Test func aLongRunReadsInHours() throws {
        let finding = try #require(Self.runaways([Self.session("slow", minutes: 600, dollars: 2)]).first)
        #expect(finding.summary.contains("in 20 calls over 10.0 h; this feature's runs usually last up to 14 min (p99"))
    }
}
