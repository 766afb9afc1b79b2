import BurnrateCore
import Foundation
import Testing

@Suite struct OutcomeEconomicsTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static func outcome(_ id: String, _ session: String, _ success: Bool, _ time: String, value: String? = nil) -> Outcome {
        Outcome(
            id: id, sessionID: session, type: "ticket_resolved", success: success, value: value.flatMap(Money.init(usd:)),
            timestamp: at(time))
    }

    /// Three support sessions and one drafting session over two days: `retry` failed, then
    /// resolved its ticket the next day; `lost` never did; `orphan` has no known cost.
    static let outcomes = [
        outcome("a", "quick", true, "2026-11-01T09:00:00Z", value: "12.00"),
        outcome("b", "retry", false, "2026-11-01T10:00:00Z", value: "5.00"),
        outcome("c", "retry", true, "2026-11-02T10:00:00Z", value: "12.00"),
        outcome("d", "lost", false, "2026-11-02T11:00:00Z"),
        outcome("e", "draft", true, "2026-11-02T12:00:00Z", value: "0.000000001"),
        outcome("f", "orphan", true, "2026-11-01T13:00:00Z"),
    ]

    static let sessions = [
        "quick": SessionCost(cost: Money(usd: "0.10")!, feature: "support"),
        "retry": SessionCost(cost: Money(usd: "0.50")!, feature: "support"),
        "lost": SessionCost(cost: Money(usd: "0.30")!, feature: "support"),
        "draft": SessionCost(cost: Money(usd: "0.05")!, feature: nil),
        "unused": SessionCost(cost: Money(usd: "9.00")!, feature: "support"),
    ]

    let economics = OutcomeEconomics(outcomes: outcomes, sessions: sessions, interval: .day, calendar: .utc)

    @Test func totalsFollowTheDefinitions() {
        let total = economics.total
        #expect(total.outcomes == 6)
        #expect(total.successes == 4)
        #expect(total.failures == 2)
        #expect(total.sessions == 5)
        #expect(total.successfulSessions == 4)
        #expect(total.sessionsWithoutCost == 1)
        // Sessions without outcomes ("unused") are not counted; "orphan" counts at zero.
        #expect(total.cost == Money(usd: "0.95")!)
        #expect(total.successfulSessionCost == Money(usd: "0.65")!)
        #expect(total.failedRunCost == Money(usd: "0.30")!)
        // The failed attempt's value is not counted.
        #expect(total.value == Money(usd: "24.000000001")!)
        #expect(total.successRate == 4.0 / 6.0)
        #expect(total.costPerSuccess == Money(usd: "0.2375")!)
        #expect(total.valuePerCost == Double(24_000_000_001) / Double(950_000_000))
        #expect(!total.isSaturated)
    }

    @Test func featuresAddUpToTheTotal() {
        #expect(economics.features.map(\.feature) == ["support", nil])
        let support = economics.features[0].figures
        #expect(support.cost == Money(usd: "0.90")!)
        #expect(support.outcomes == 4)
        #expect(support.successes == 2)
        #expect(support.failedRunCost == Money(usd: "0.30")!)
        #expect(support.costPerSuccess == Money(usd: "0.45")!)
        let unnamed = economics.features[1].figures
        #expect(unnamed.sessions == 2)
        #expect(unnamed.sessionsWithoutCost == 1)
        #expect(support.cost + unnamed.cost == economics.total.cost)
        #expect(support.outcomes + unnamed.outcomes == economics.total.outcomes)
    }

    @Test func aSessionCountsInThePeriodOfItsLastOutcome() {
        #expect(economics.periods.map(\.start) == [Self.at("2026-11-01T00:00:00Z"), Self.at("2026-11-02T00:00:00Z")])
        let first = economics.periods[0]
        #expect(first.figures.sessions == 2)  // quick, orphan; retry concluded the next day
        #expect(first.figures.cost == Money(usd: "0.10")!)
        let second = economics.periods[1]
        #expect(second.figures.outcomes == 4)  // retry's two, lost, draft
        #expect(second.figures.successes == 2)
        #expect(second.figures.cost == Money(usd: "0.85")!)
        #expect(second.figures.failedRunCost == Money(usd: "0.30")!)
        #expect(second.features.map(\.feature) == ["support", nil])
        #expect(first.figures.cost + second.figures.cost == economics.total.cost)
    }

    @Test func periodsFollowTheReportingTimeZone() throws {
        let tokyo = ReportingCalendar(timeZone: try #require(TimeZone(identifier: "Asia/Tokyo")))
        let economics = OutcomeEconomics(
            outcomes: [Self.outcome("late", "s", true, "2026-11-01T16:00:00Z")], sessions: [:], interval: .day, calendar: tokyo)
        #expect(economics.periods.map(\.start) == [Self.at("2026-11-01T15:00:00Z")])
    }

    @Test func costPerSuccessRoundsHalfAwayFromZero() {
        var figures = OutcomeFigures()
        figures.cost = Money(nanos: 5)
        figures.successes = 2
        #expect(figures.costPerSuccess == Money(nanos: 3))
        figures.successes = 3
        #expect(figures.costPerSuccess == Money(nanos: 2))
        figures.successes = 0
        #expect(figures.costPerSuccess == nil)
        #expect(figures.successRate == nil)
        #expect(figures.valuePerCost == 0)
    }

    @Test func hugeFiguresSaturateAndSaySo() {
        let outcomes = (0..<20).map { Self.outcome("o\($0)", "s\($0)", true, "2026-11-01T00:00:00Z", value: "1000000000") }
        let sessions = Dictionary(uniqueKeysWithValues: (0..<20).map { ("s\($0)", SessionCost(cost: Limits.maximumAmount)) })
        let economics = OutcomeEconomics(outcomes: outcomes, sessions: sessions, interval: .month, calendar: .utc)
        #expect(economics.total.cost == Money.max)
        #expect(economics.total.isSaturated)
        #expect(economics.total.costPerSuccess != nil)
    }

    @Test func nothingInNothingOut() {
        let economics = OutcomeEconomics(outcomes: [], sessions: Self.sessions, interval: .week, calendar: .utc)
        #expect(economics.total == OutcomeFigures())
        #expect(economics.features.isEmpty)
        #expect(economics.periods.isEmpty)
    }
}
