import BurnrateCore
import Testing

@Suite struct AlertLifecycleTests {
    let start = Timestamp(rfc3339: "2026-11-23T10:00:00Z")!

    func observation(_ key: String = "acme/80/2026-11", pending: Int64 = 0, summary: String = "80%") -> AlertObservation {
        AlertObservation(
            rule: "budget_threshold", key: key, severity: .warning, summary: summary, figures: [.count("threshold_percent", 80)],
            link: "/api/v1/summary", pendingSeconds: pending)
    }

    func ids() -> () -> String {
        var next = 0
        return {
            next += 1
            return "alert-\(next)"
        }
    }

    @Test func oneNotificationPerCrossingNotPerEvaluation() {
        let newID = ids()
        let first = AlertLifecycle.advance(
            open: [], observations: [observation()], evaluatedRules: ["budget_threshold"], now: start, newID: newID)
        #expect(first.notifications.map(\.event) == [.firing])
        #expect(first.alerts.map(\.state) == [.firing])
        var open = first.alerts
        for minute in 1...5 {
            let again = AlertLifecycle.advance(
                open: open, observations: [observation(summary: "still 80%")], evaluatedRules: ["budget_threshold"],
                now: start.adding(seconds: Int64(minute) * 60), newID: newID)
            #expect(again.notifications.isEmpty)
            #expect(again.alerts.map(\.id) == ["alert-1"])
            open = again.alerts
        }
        #expect(open[0].summary == "still 80%")
        #expect(open[0].history.map(\.event) == ["pending", "firing"])
    }

    @Test func aFiringAlertResolvesOnceItsRuleNoLongerSeesIt() {
        let opened = AlertLifecycle.advance(
            open: [], observations: [observation()], evaluatedRules: ["budget_threshold"], now: start, newID: ids())
        let later = start.adding(seconds: 60)
        let untouched = AlertLifecycle.advance(open: opened.alerts, observations: [], evaluatedRules: [], now: later, newID: ids())
        #expect(untouched.alerts.isEmpty)
        let resolved = AlertLifecycle.advance(
            open: opened.alerts, observations: [], evaluatedRules: ["budget_threshold"], now: later, newID: ids())
        #expect(resolved.alerts.map(\.state) == [.resolved])
        #expect(resolved.alerts[0].resolvedAt == later)
        #expect(resolved.notifications.map(\.event) == [.resolved])
        let crossedAgain = AlertLifecycle.advance(
            open: [], observations: [observation()], evaluatedRules: ["budget_threshold"], now: later.adding(seconds: 60),
            newID: { "alert-2" })
        #expect(crossedAgain.notifications.map(\.alert.id) == ["alert-2"])
    }

    @Test func aPendingAlertFiresOnlyAfterItsConditionHeldLongEnough() {
        let pending = AlertLifecycle.advance(
            open: [], observations: [observation(pending: 900)], evaluatedRules: ["budget_threshold"], now: start, newID: ids())
        #expect(pending.alerts.map(\.state) == [.pending])
        #expect(pending.notifications.isEmpty)
        let early = AlertLifecycle.advance(
            open: pending.alerts, observations: [observation(pending: 900)], evaluatedRules: ["budget_threshold"],
            now: start.adding(seconds: 899), newID: ids())
        #expect(early.alerts.map(\.state) == [.pending])
        let due = AlertLifecycle.advance(
            open: early.alerts, observations: [observation(pending: 900)], evaluatedRules: ["budget_threshold"],
            now: start.adding(seconds: 900), newID: ids())
        #expect(due.alerts.map(\.state) == [.firing])
        #expect(due.notifications.count == 1)
        let cleared = AlertLifecycle.advance(
            open: pending.alerts, observations: [], evaluatedRules: ["budget_threshold"], now: start.adding(seconds: 60), newID: ids())
        #expect(cleared.alerts.map(\.state) == [.resolved])
        #expect(cleared.notifications.isEmpty)
    }

    @Test func acknowledgingKeepsTheAlertOpenAndTheFirstAcknowledgement() {
        let opened = AlertLifecycle.advance(
            open: [], observations: [observation()], evaluatedRules: ["budget_threshold"], now: start, newID: ids())
        let acknowledged = AlertLifecycle.acknowledge(opened.alerts[0], by: "dana", now: start.adding(seconds: 30))
        #expect(acknowledged.state == .firing)
        #expect(acknowledged.acknowledgedBy == "dana")
        let twice = AlertLifecycle.acknowledge(acknowledged, by: "lee", now: start.adding(seconds: 60))
        #expect(twice == acknowledged)
        let next = AlertLifecycle.advance(
            open: [twice], observations: [observation()], evaluatedRules: ["budget_threshold"], now: start.adding(seconds: 90),
            newID: ids())
        #expect(next.notifications.isEmpty)
        #expect(next.alerts[0].acknowledgedBy == "dana")
        #expect(next.alerts[0].history.map(\.event) == ["pending", "firing", "acknowledged"])
    }
}

@Suite struct BudgetNotificationTests {
    @Test func thresholdsCrossedTogetherSendOneNotificationPerBudget() {
        let now = Timestamp(rfc3339: "2026-11-23T10:00:00Z")!
        func notification(_ budget: String, _ threshold: Int, _ event: AlertNotification.Event = .firing) -> AlertNotification {
            AlertNotification(
                event: event,
                alert: Alert(
                    id: "\(budget)-\(threshold)", rule: "budget_threshold", key: "\(budget)/\(threshold)/2026-11", state: .firing,
                    severity: .warning, summary: "", labels: ["budget": budget, "threshold": "\(threshold)"], link: "", startedAt: now))
        }
        let spike = AlertNotification(
            event: .firing,
            alert: Alert(
                id: "s", rule: "hourly_spike", key: "total", state: .firing, severity: .warning, summary: "", link: "", startedAt: now))
        let collapsed = BudgetAlertRules.collapse([
            notification("acme", 50), notification("acme", 100), notification("acme", 80), spike, notification("globex", 50),
            notification("acme", 80, .resolved),
        ])
        #expect(collapsed.map(\.alert.id) == ["s", "acme-100", "acme-80", "globex-50"])
        #expect(collapsed.map(\.event) == [.firing, .firing, .resolved, .firing])
    }
}
