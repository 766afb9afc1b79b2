import ArgumentParser
import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import Logging

/// `burnrate demo`: writes synthetic history into the database.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write realistic demo history into the database.")

    @OptionGroup var ledgerOptions: LedgerOptions

    @Option(help: "Days of history, ending today.")
    var days = 180

    @Option(help: "Seed; the same seed writes the same events.")
    var seed: UInt64 = 42

    @Option(
        help: ArgumentHelp(
            "Requests on an average weekday in January 2026, before growth and seasonality.",
            discussion: "The default writes about 430,000 events over 180 days; 35000 writes about 10 million."))
    var dailyRequests = 1_500

    func validate() throws {
        guard (1...3_650).contains(days) else { throw ValidationError("--days must be between 1 and 3650.") }
        guard (1...10_000_000).contains(dailyRequests) else {
            throw ValidationError("--daily-requests must be between 1 and 10000000.")
        }
    }

    func run() async throws {
        try await ledgerOptions.withLedger { ledger in
            try await DemoSeeder.seed(ledger, days: days, seed: seed, dailyRequests: dailyRequests)
            let baselines = AppConfiguration().savingsBaselines
            if let investment = try await ledger.demoInvestment(calendar: .utc, baselines: baselines) {
                print("demo: serve with --demo to measure ROI against the demo's investment, or put it in the config file:")
                print(investment.configSection)
            }
        }
    }
}

/// Generates and stores demo history day by day, with a progress line, then the budgets and the
/// alerts the rules would have raised over its last weeks.
enum DemoSeeder {
    static func seed(
        _ ledger: Ledger, days: Int, seed: UInt64, dailyRequests: Int = 1_500, calendar: ReportingCalendar = .utc,
        alertRules: AlertRuleSettings = AlertRuleSettings()
    ) async throws {
        let dayNumbers = DemoGenerator.days(endingOn: Date(), count: days)
        let generator = DemoGenerator(
            seed: seed, baseDailyRequests: Double(dailyRequests),
            spikeDay: dayNumbers.count > 10 ? dayNumbers[dayNumbers.count - 10] : nil)
        let started = Date()
        var stored = 0
        var duplicates = 0
        for (offset, day) in dayNumbers.enumerated() {
            let events = generator.events(forDay: day)
            let outcomes = try await ledger.ingest(events)
            _ = try await ledger.store.saveOutcomes(generator.outcomes(for: events))
            let fresh = outcomes.filter { !$0.duplicate }.count
            stored += fresh
            duplicates += outcomes.count - fresh
            Progress.line("demo: day \(offset + 1)/\(days), \(stored) events stored")
        }
        let costs = DemoCosts(seed: seed, gpuRates: try BuiltinGPURates.shared.get()).items(forDays: dayNumbers)
        let newCosts = try await ledger.store.saveCostItems(costs).filter { !$0.duplicate }.count
        Progress.line("demo: replaying the alert rules over the last \(Ledger.demoAlertDays) days")
        let replayStarted = Date()
        // Before the budgets, which did not exist in the weeks replayed.
        let alerts = try await ledger.seedDemoAlerts(settings: alertRules, calendar: calendar, logger: Logger(label: "burnrate"))
        let replayed = Progress.seconds(since: replayStarted)
        let budgets = try await ledger.seedDemoBudgets(calendar: calendar)
        Progress.finish(
            "demo: stored \(counted(stored, "event")), \(counted(newCosts, "cost item")) and \(counted(budgets.count, "budget")) over \(counted(days, "day")) (\(duplicates) events already present) in \(Progress.seconds(since: started))"
        )
        if !alerts.isEmpty {
            print(
                "demo: the alert rules, replayed hour by hour over the last \(Ledger.demoAlertDays) days in \(replayed), left \(counted(alerts.count, "alert")):"
            )
            for alert in alerts { print("  " + describe(alert)) }
        }
    }

    /// One alert of the replay in a line: rule, key, state and when it started, fired and resolved.
    static func describe(_ alert: Alert) -> String {
        var text = "\(alert.rule) \(alert.key): \(alert.state.rawValue), started \(alert.startedAt.rfc3339)"
        if let fired = alert.firedAt { text += ", fired \(fired.rfc3339)" }
        if let resolved = alert.resolvedAt { text += ", resolved \(resolved.rfc3339)" }
        return text
    }
}
