import BurnrateCore
import BurnrateStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

@testable import BurnrateServer

/// What `serve --demo` adds to its history, so that a first look shows what Burnrate does: the
/// alerts the rules raised over its last weeks, and an investment for ROI.
@Suite struct DemoSeedingTests {
    /// The configuration `serve --demo` runs with: the demo's investment, sized from its savings.
    static func demoConfiguration(_ ledger: Ledger) async throws -> AppConfiguration {
        var configuration = AppConfiguration(logLevel: .error)
        configuration.roi = try #require(
            try await ledger.demoInvestment(calendar: .utc, baselines: configuration.savingsBaselines))
        return configuration
    }

    @Test func theRunawayLoopFiredAtItsFirstHourAndResolvedAfterItEnded() async throws {
        let ledger = try await DemoLedger.ledger()
        // The loop runs from 13:00 to 18:00 UTC; the rule judges each hour once it is complete.
        let loopStart = Timestamp(microseconds: Int64(DemoLedger.spikeDay) * 86_400_000_000 + 13 * 3_600_000_000)
        let firstHourEnd = loopStart.adding(seconds: 3_600)
        let hourAfterLoop = loopStart.adding(seconds: 6 * 3_600)
        let spikes = try await ledger.store.alerts(state: nil, rule: AlertRuleID.hourlySpike.rawValue, before: nil, limit: 100)
        let runaway = try #require(spikes.first { $0.startedAt >= loopStart && $0.startedAt <= hourAfterLoop })
        #expect(runaway.state == .resolved)
        #expect(runaway.startedAt == firstHourEnd)
        #expect(runaway.firedAt == firstHourEnd)
        let resolved = try #require(runaway.resolvedAt)
        #expect(resolved > firstHourEnd && resolved <= hourAfterLoop)
        #expect(runaway.history.map(\.event) == ["pending", "firing", "resolved"])
        #expect(runaway.history.map(\.at) == [firstHourEnd, firstHourEnd, resolved])
        // Every alert of the replay has its real hour, within the weeks replayed.
        let all = try await ledger.store.alerts(state: nil, rule: nil, before: nil, limit: 1_000)
        let replayStart = Timestamp.now().adding(seconds: -Ledger.demoAlertDays * 86_400 - 3_600)
        #expect(all.allSatisfy { $0.startedAt >= replayStart && $0.startedAt.microseconds % 3_600_000_000 == 0 })
        // Nobody was told, and a second seeding leaves the history as it is.
        #expect(try await ledger.store.deliveries(alertID: nil, failedOnly: false, limit: 10).isEmpty)
        #expect(try await ledger.seedDemoAlerts(settings: AlertRuleSettings(), calendar: .utc, logger: Logger(label: "test")).isEmpty)
    }

    @Test func theROIPagesShowTheDemoInvestmentsReturnWithoutAQuery() async throws {
        let ledger = try await DemoLedger.ledger()
        let configuration = try await Self.demoConfiguration(ledger)
        try await TestServer.withClient(configuration: configuration, ledger: ledger) { client in
            let api = try await client.get("/api/v1/roi")
            #expect(api.status == .ok)
            let json = api.json
            #expect(json[path: "summary.investment_usd"] as? String == configuration.roi.investment.usdString)
            let breakEven = try #require(json[path: "summary.break_even_month"] as? Int)
            #expect((2...12).contains(breakEven))
            let roi12 = try #require(json[path: "summary.roi_12_months_percent"] as? Double)
            #expect(roi12 > 0)
            #expect(json[path: "investment_source.name"] as? String == DemoInvestment.name)

            let roi = PageText(html: try await client.get("/roi").text)
            #expect(roi.figure("break_even_month") == String(breakEven))
            #expect(roi.figure("roi_12_months_percent") == String(roi12))
            #expect(roi.html.contains(DemoInvestment.name))

            let executive = PageText(html: try await client.get("/").text)
            #expect(executive.figure("break_even_month") == String(breakEven))
            #expect(executive.figure("roi_12_months_percent") == String(roi12))
        }
    }

    /// The replay's cache answers every aggregate and user count as the store does.
    @Test func theReplayStoreAnswersAsTheStoreDoes() async throws {
        let store = try await DemoLedger.ledger().store
        let replay = ReplayStore(store)
        let hour: Int64 = 3_600
        let end = ReportingCalendar.utc.start(of: .day, containing: .now()).adding(seconds: -5 * 86_400 + 7 * hour)
        func range(_ from: Int64, _ to: Int64, _ dimensions: [BurnrateStore.Dimension: [String]] = [:]) -> EventFilter {
            EventFilter(from: end.adding(seconds: from), to: end.adding(seconds: to), dimensions: dimensions)
        }
        let cases: [(filter: EventFilter, keys: [GroupKey])] = [
            (range(-35 * 24 * hour, 0), [.time(.hour)]),
            (range(-35 * 24 * hour, 0), [.dimension(.tenant), .time(.hour)]),
            (range(-24 * hour + 1_234, 1_800), [.dimension(.provider), .dimension(.model)]),
            (range(-10 * 24 * hour - 7 * hour, 59), [.time(.day)]),
            (range(-3 * hour, 0, [.feature: ["agent-workflows"]]), []),
            (range(-20 * 24 * hour, hour), [.time(.quarterHour)]),
            (range(-900, 0), [.dimension(.tenant)]),
        ]
        for _ in 0..<2 {
            for item in cases {
                let expected = Set(try await store.aggregate(item.filter, by: item.keys))
                #expect(Set(try await replay.aggregate(item.filter, by: item.keys)) == expected, "\(item.keys) \(item.filter)")
            }
            // Month so far growing hour by hour, as the category rule asks for it.
            let month = ReportingCalendar.utc.start(of: .month, containing: end.adding(seconds: -20 * 24 * hour))
            for offset in [0, 1, 2, 30] {
                let filter = EventFilter(from: month, to: end.adding(seconds: Int64(offset) * hour + 17))
                #expect(try await replay.activeUsers(filter) == (try await store.activeUsers(filter)))
            }
        }
    }
}
