import BurnrateCatalog
import BurnrateCore
import BurnrateStore
import Testing

@testable import BurnrateServer

/// On the demo's traffic, whose working days are several times its nights, the hourly rule and
/// the Operations chart mark the injected runaway loop and nothing else.
@Suite struct HourlySpikeSeriesTests {
    @Test func theDemoMarksOnlyItsRunawayLoop() async throws {
        // Five weeks ending Saturday 2026-11-21, the runaway loop (13:00–18:00) nine days before.
        let (ledger, spikeDay) = try await AlertEvaluationTests.demoLedger(lastDay: 20_778, days: 35)
        let analytics = CostAnalytics(store: ledger.store, calendar: .utc)
        let end = AlertEvaluationTests.instant(day: 20_778, hour: 0, minute: 0)
        let series = try await HourlySpikeSeries.load(
            AnalyticsScope(range: end.adding(seconds: -14 * 86_400)..<end, filter: EventFilter()), analytics: analytics,
            settings: HourlySpikeSettings())
        #expect(series.periods.count == 14 * 24)
        let marked = series.judgements.indices.filter { series.judgements[$0]?.isSpike == true }.map { series.periods[$0].lowerBound }
        let loopStart = AlertEvaluationTests.instant(day: spikeDay, hour: 13, minute: 0)
        let loop = loopStart..<AlertEvaluationTests.instant(day: spikeDay, hour: 18, minute: 0)
        #expect(!marked.isEmpty)
        #expect(marked.allSatisfy { loop.contains($0) }, "marked outside the loop: \(marked.filter { !loop.contains($0) }.map(\.rfc3339))")
        // The trailing-24-hour rule it replaced marked the working mornings too.
        let costs = series.costs
        let trailing = costs.indices.dropFirst(24).filter { index in
            Spike.evaluate(actual: costs[index], trailing: Array(costs[(index - 24)..<index]), factor: 2, minimumExcess: Money(dollars: 1))?
                .isSpike == true
        }
        #expect(trailing.count > marked.count)
    }
}
