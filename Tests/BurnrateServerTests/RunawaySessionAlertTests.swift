import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import Testing

/// The runaway rule over the demo's agent runs: the runaway loop fires while it runs and resolves
/// once it stops; ordinary afternoons raise nothing.
@Suite struct RunawaySessionAlertTests {
    @Test func theDemoLoopIsARunawayWhileItRuns() async throws {
        let (ledger, spikeDay) = try await AlertEvaluationTests.demoLedger(lastDay: 20_430)
        let outbox = AlertEvaluationTests.Outbox()
        // This rule alone: the others read weeks of hours at each evaluation.
        var only = AlertRuleSettings()
        only.budgetThreshold = false
        only.budgetForecast = false
        only.dailyAnomaly.enabled = false
        only.hourlySpike.enabled = false
        only.dimensionSpike.enabled = false
        only.levelShift.enabled = false
        only.drift.enabled = false
        only.costPerRequest.enabled = false
        only.unpricedModel = false
        only.categoryShare = false
        let evaluator = AlertEvaluationTests().evaluator(ledger, outbox, settings: only)
        let quiet = try await evaluator.evaluate(now: AlertEvaluationTests.instant(day: spikeDay - 1, hour: 14))
        #expect(!quiet.changed.contains { $0.rule == "runaway_session" })
        let during = try await evaluator.evaluate(now: AlertEvaluationTests.instant(day: spikeDay, hour: 14))
        let runaway = try #require(during.changed.first { $0.rule == "runaway_session" })
        #expect(runaway.key.hasSuffix("run-loop"))
        #expect(runaway.state == .firing)
        #expect(runaway.summary.contains("of agent-workflows has cost"))
        #expect(runaway.link == AlertLink.session(runaway.key))
        #expect(during.changed.filter { $0.rule == "runaway_session" }.count == 1)
        let after = try await evaluator.evaluate(now: AlertEvaluationTests.instant(day: spikeDay, hour: 20))
        #expect(after.changed.contains { $0.rule == "runaway_session" && $0.state == .resolved })
        var off = AlertRuleSettings()
        off.runawaySession.enabled = false
        let disabled = try await AlertEvaluationTests().evaluator(ledger, outbox, settings: off).evaluate(
            now: AlertEvaluationTests.instant(day: spikeDay, hour: 15))
        #expect(!disabled.changed.contains { $0.rule == "runaway_session" })
    }
}
