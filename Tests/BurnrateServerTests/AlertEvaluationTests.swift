import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import Logging
import Synchronization
import Testing

/// Alert evaluation over real demo traffic and small budgets, at chosen instants.
@Suite struct AlertEvaluationTests {
    /// What the evaluator handed over to be sent.
    final class Outbox: Sendable {
        private let sent = Mutex<[AlertNotification]>([])
        func send(_ notifications: [AlertNotification]) { sent.withLock { $0 += notifications } }
        var notifications: [AlertNotification] { sent.withLock { $0 } }
    }

    static let logger = Logger(label: "burnrate.tests") { _ in SwiftLogNoOpLogHandler() }

    /// Three weeks of demo traffic ending on `lastDay` (days since the epoch), with the demo's
    /// spike nine days before the end, as `serve --demo` seeds it.
    static func demoLedger(lastDay: Int, days: Int = 21) async throws -> (Ledger, spikeDay: Int) {
        let ledger = try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: try BuiltinCatalog.entries())
        let dayNumbers = Array((lastDay - days + 1)...lastDay)
        let spikeDay = dayNumbers[dayNumbers.count - 10]
        let generator = DemoGenerator(seed: 42, spikeDay: spikeDay)
        for day in dayNumbers { _ = try await ledger.ingest(generator.events(forDay: day)) }
        return (ledger, spikeDay)
    }

    static func instant(day: Int, hour: Int, minute: Int = 5) -> Timestamp {
        Timestamp(microseconds: (Int64(day) * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60) * 1_000_000)
    }

    func evaluator(_ ledger: Ledger, _ outbox: Outbox, settings: AlertRuleSettings = AlertRuleSettings()) -> AlertEvaluator {
        AlertEvaluator(store: ledger.store, calendar: .utc, settings: settings, logger: Self.logger) { outbox.send($0) }
    }

    @Test func theDemoSpikeAlertsAndANormalMondayDoesNot() async throws {
        // The data ends on Saturday 2026-11-21; the spike falls on Thursday 2026-11-12 and 2026-11-16
        // is a Monday.
        let lastDay = 20_778
        let (ledger, spikeDay) = try await Self.demoLedger(lastDay: lastDay)
        #expect(spikeDay == 20_769)
        let outbox = Outbox()
        let evaluator = evaluator(ledger, outbox)

        // 18:05 on the spike day: the runaway loop ran from 13:00 to 18:00.
        let during = try await evaluator.evaluate(now: Self.instant(day: spikeDay, hour: 18))
        let firing = Set(during.changed.filter { $0.state == .firing }.map(\.rule))
        #expect(firing.contains("hourly_spike"))
        #expect(firing.contains("daily_anomaly"))
        let tenantSpike = try #require(during.changed.first { $0.rule == "dimension_spike" && $0.labels["tenant"] == "globex" })
        #expect(tenantSpike.state == .firing)
        #expect(tenantSpike.link.contains("tenant=globex"))
        #expect(tenantSpike.figures.contains { $0.name == "expected_usd" })
        #expect(tenantSpike.summary.contains("the same hour on the last"))
        #expect(during.changed.contains { $0.rule == "dimension_spike" && $0.labels["feature"] == "agent-workflows" })

        // The Monday after, at the end of the day and just after it: nothing unusual.
        let monday = spikeDay + 4
        for now in [Self.instant(day: monday, hour: 23), Self.instant(day: monday + 1, hour: 1)] {
            let quiet = try await evaluator.evaluate(now: now)
            #expect(!quiet.changed.contains { $0.rule == "daily_anomaly" && $0.state != .resolved })
            #expect(!quiet.changed.contains { $0.rule == "hourly_spike" && $0.state != .resolved })
            #expect(!quiet.changed.contains { $0.rule == "dimension_spike" && $0.state != .resolved })
        }
        let open = try await ledger.store.openAlerts()
        #expect(!open.contains { ["daily_anomaly", "hourly_spike", "dimension_spike"].contains($0.rule) })
    }

    @Test func noAnomalyAlertWithLessThanAWeekOfHistory() async throws {
        let (ledger, spikeDay) = try await Self.demoLedger(lastDay: 20_778, days: 15)
        let outbox = Outbox()
        // Five complete days before the spike day, at 17:05: the hour before ran in the runaway
        // loop, but a week of the same hour is the least history an hour is judged against (with
        // less, a Monday morning would be judged against weekend mornings).
        let result = try await evaluator(ledger, outbox).evaluate(now: Self.instant(day: spikeDay, hour: 17))
        #expect(!result.changed.contains { ["daily_anomaly", "hourly_spike", "dimension_spike"].contains($0.rule) })
    }

    /// Five weeks of steady traffic (110 requests an hour), then 30 hours in which each request
    /// reads half as many tokens again: the cost per request, not the traffic, moved.
    @Test func aDearerRequestIsALevelShiftAndACostPerRequestAlert() async throws {
        let ledger = try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: try BuiltinCatalog.entries())
        let firstDay = 20_740
        let hours = 5 * 168 + 30
        for hour in 0..<hours {
            let tokens: Int64 = hour >= 5 * 168 ? 30_000 : 20_000
            let start = Self.instant(day: firstDay, hour: hour, minute: 0)
            _ = try await ledger.ingest(
                (0..<110).map { index in
                    UsageEvent(
                        id: "h\(hour)-\(index)", timestamp: start.adding(seconds: Int64(index) * 30), provider: "openai", model: "gpt-4o",
                        usage: TokenUsage(inputTokens: tokens), attribution: Attribution(tenant: "acme"))
                })
        }
        let outbox = Outbox()
        var settings = AlertRuleSettings()
        settings.costPerRequest.minimumRequestsToCompare = 100
        let result = try await evaluator(ledger, outbox, settings: settings).evaluate(
            now: Self.instant(day: firstDay, hour: hours, minute: 5))
        let shift = try #require(result.changed.first { $0.rule == "level_shift" })
        #expect(shift.state == .firing)
        #expect(shift.labels["cause"] == "cost_per_request")
        #expect(shift.summary.contains("1.5x its usual level since"))
        let perRequest = try #require(result.changed.first { $0.rule == "cost_per_request" })
        #expect(perRequest.summary.contains("1.5x the $0.05 of the same 60 minutes on the last 4"))
        #expect(!result.changed.contains { $0.rule == "hourly_spike" || $0.rule == "drift" })
    }

    @Test func aSmallBudgetFiresOnceAndResolvesWhenRaised() async throws {
        let ledger = try await TestServer.ledger()
        let now = Timestamp(rfc3339: "2026-11-20T12:00:00Z")!
        _ = try await ledger.ingest(
            (0..<4).map { index in
                UsageEvent(
                    id: "s-\(index)", timestamp: now.adding(seconds: -600), provider: "openai", model: "gpt-4o",
                    usage: TokenUsage(inputTokens: 100_000), attribution: Attribution(tenant: "acme"))
            })
        var budget = Budget(
            id: "acme", name: "Acme", scope: BudgetScope(["tenant": ["acme"]]), period: .monthly, amount: Money(nanos: 500_000_000),
            createdAt: now)
        try await ledger.store.saveBudget(budget)
        let outbox = Outbox()
        var settings = AlertRuleSettings()
        settings.categoryShare = false
        let evaluator = evaluator(ledger, outbox, settings: settings)

        let first = try await evaluator.evaluate(now: now)
        let thresholds = first.changed.filter { $0.rule == "budget_threshold" }
        #expect(thresholds.map(\.state) == [.firing, .firing, .firing])
        // Three thresholds crossed at once: one notification, for 100%.
        #expect(outbox.notifications.map(\.alert.labels) == [["budget": "acme", "period": "monthly", "threshold": "100"]])
        #expect(outbox.notifications.first?.alert.summary.contains("$1.00 of $0.50") == true)

        for minute in 1...3 { try await evaluator.evaluate(now: now.adding(seconds: Int64(minute) * 60)) }
        #expect(outbox.notifications.count == 1)

        budget.amount = Money(dollars: 100)
        try await ledger.store.saveBudget(budget)
        let raised = try await evaluator.evaluate(now: now.adding(seconds: 300))
        #expect(raised.changed.filter { $0.rule == "budget_threshold" }.map(\.state) == [.resolved, .resolved, .resolved])
        #expect(outbox.notifications.map(\.event) == [.firing, .resolved])
        #expect(try await ledger.store.openAlerts().filter { $0.rule == "budget_threshold" }.isEmpty)
    }

    @Test func theNextPeriodStartsAFreshAlert() async throws {
        let ledger = try await TestServer.ledger()
        let berlin = ReportingCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        // 23:30 on Oct 31 in Berlin is 22:30 UTC; the month ends at 23:00 UTC.
        let lateOctober = Timestamp(rfc3339: "2026-10-31T22:30:00Z")!
        _ = try await ledger.ingest([
            UsageEvent(
                id: "oct", timestamp: lateOctober.adding(seconds: -60), provider: "openai", model: "gpt-4o",
                usage: TokenUsage(inputTokens: 400_000))
        ])
        try await ledger.store.saveBudget(
            Budget(id: "all", name: "All", period: .monthly, amount: Money(dollars: 1), createdAt: lateOctober))
        let outbox = Outbox()
        var settings = AlertRuleSettings()
        settings.categoryShare = false
        settings.unpricedModel = false
        let evaluator = AlertEvaluator(store: ledger.store, calendar: berlin, settings: settings, logger: Self.logger) { outbox.send($0) }
        let october = try await evaluator.evaluate(now: lateOctober)
        #expect(october.changed.contains { $0.key == "all/100/2026-10" && $0.state == .firing })
        // 00:10 on Nov 1 in Berlin (23:10 UTC): a new month with nothing spent yet.
        let november = try await evaluator.evaluate(now: Timestamp(rfc3339: "2026-10-31T23:10:00Z")!)
        #expect(november.changed.filter { $0.rule == "budget_threshold" }.allSatisfy { $0.state == .resolved })
        #expect(outbox.notifications.map(\.event) == [.firing, .resolved])
    }
}
