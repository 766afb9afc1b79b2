import BurnrateCore
import Foundation
import Testing

@Suite struct BudgetStatusTests {
    let utc = ReportingCalendar.utc
    let november = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!..<Timestamp(rfc3339: "2026-12-01T00:00:00Z")!

    func budget(_ dollars: Int64, thresholds: [Int] = Budget.defaultThresholds) -> Budget {
        Budget(
            id: "acme", name: "Acme", scope: BudgetScope(["tenant": ["acme"]]), period: .monthly, amount: Money(dollars: dollars),
            thresholds: thresholds, createdAt: november.lowerBound)
    }

    @Test func aThresholdIsCrossedExactlyAtItsPercentage() {
        let now = Timestamp(rfc3339: "2026-11-02T00:00:00Z")!
        let below = BudgetStatus(budget: budget(1_000), period: november, spent: Money(nanos: 799_999_999_999), now: now)
        let at = BudgetStatus(budget: budget(1_000), period: november, spent: Money(dollars: 800), now: now)
        #expect(below.crossedThresholds == [50])
        #expect(at.crossedThresholds == [50, 80])
        #expect(at.state == .warning)
        let exactly = BudgetStatus(budget: budget(1_000), period: november, spent: Money(dollars: 1_000), now: now)
        #expect(exactly.state == .exceeded)
        #expect(exactly.remaining == .zero)
        #expect(exactly.exhaustion == nil)
    }

    @Test func burnRateProjectionAndExhaustionAreLinearInTime() {
        // Ten of thirty days gone, $300 spent: $30 a day, $900 projected, $1,000 reached never.
        let now = Timestamp(rfc3339: "2026-11-11T00:00:00Z")!
        let status = BudgetStatus(budget: budget(1_000), period: november, spent: Money(dollars: 300), now: now)
        #expect(status.burnRatePerDay == Money(dollars: 30))
        #expect(status.projected == Money(dollars: 900))
        #expect(status.exhaustion == nil)
        #expect(status.state == .ok)
        // $500 in ten days: $1,500 projected, $1,000 reached after 20 days, on Nov 21.
        let fast = BudgetStatus(budget: budget(1_000), period: november, spent: Money(dollars: 500), now: now)
        #expect(fast.projected == Money(dollars: 1_500))
        #expect(fast.exhaustion == Timestamp(rfc3339: "2026-11-21T00:00:00Z"))
        #expect(fast.state == .forecastExceeded)
        #expect(fast.projects(above: 110))
        #expect(!fast.projects(above: 150))
    }

    @Test func aProjectionWaitsForATenthOfThePeriod() {
        let early = Timestamp(rfc3339: "2026-11-02T00:00:00Z")!
        let status = BudgetStatus(budget: budget(1_000), period: november, spent: Money(dollars: 100), now: early)
        #expect(status.projected == Money(dollars: 3_000))
        #expect(status.state == .ok)
        #expect(!status.projects(above: 110))
    }

    @Test func periodsFollowTheLocalCalendarAcrossDaylightSaving() throws {
        let berlin = ReportingCalendar(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        // 2026-10-25 has 25 hours in Berlin: clocks go back at 03:00 CEST.
        let day = berlin.range(of: .daily, containing: Timestamp(rfc3339: "2026-10-25T12:00:00Z")!)
        #expect(day.lowerBound == Timestamp(rfc3339: "2026-10-24T22:00:00Z"))
        #expect(day.upperBound == Timestamp(rfc3339: "2026-10-25T23:00:00Z"))
        let month = berlin.range(of: .monthly, containing: Timestamp(rfc3339: "2026-10-31T23:30:00Z")!)
        #expect(month.lowerBound == Timestamp(rfc3339: "2026-10-31T23:00:00Z"))
        let week = berlin.range(of: .weekly, containing: Timestamp(rfc3339: "2026-10-25T12:00:00Z")!)
        #expect(week.lowerBound == Timestamp(rfc3339: "2026-10-18T22:00:00Z"))
        #expect(week.upperBound == Timestamp(rfc3339: "2026-10-25T23:00:00Z"))
        let quarter = berlin.range(of: .quarterly, containing: Timestamp(rfc3339: "2026-11-23T12:00:00Z")!)
        #expect(quarter.lowerBound == Timestamp(rfc3339: "2026-09-30T22:00:00Z"))
        #expect(quarter.upperBound == Timestamp(rfc3339: "2026-12-31T23:00:00Z"))
    }

    @Test(arguments: [
        ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"),
        ("2026-06-30T23:59:59Z", "2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z"),
        ("2026-12-31T12:00:00Z", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z"),
    ])
    func quartersStartInJanuaryAprilJulyAndOctober(instant: String, start: String, end: String) {
        let range = utc.range(of: .quarterly, containing: Timestamp(rfc3339: instant)!)
        #expect(range == Timestamp(rfc3339: start)!..<Timestamp(rfc3339: end)!)
        #expect(BudgetAlertRules.label(range, .quarterly, calendar: utc).hasSuffix("-Q\((Int(start.dropFirst(5).prefix(2))! - 1) / 3 + 1)"))
    }

    @Test func invalidBudgetsNameEveryBadField() {
        let bad = Budget(
            id: "bad id!", name: " ", period: .monthly, amount: .zero, thresholds: [80, 50], forecastPercent: 90,
            createdAt: november.lowerBound)
        #expect(bad.issues.compactMap(\.field) == ["id", "name", "amount_usd", "thresholds", "forecast_percent"])
        #expect(budget(10).issues.isEmpty)
    }

    /// A budget near the largest amount, spent slowly, runs out past the end of Int64 time: the
    /// exhaustion estimate overflowed and ended the process (found by schemathesis with
    /// amount_usd 9223372035); it is now simply not within the period.
    @Test func aHugeBudgetSpentSlowlyHasNoExhaustionInstant() {
        let huge = Budget(
            id: "huge", name: "Huge", scope: BudgetScope([:]), period: .monthly, amount: Money(nanos: 9_223_372_035_000_000_000),
            thresholds: Budget.defaultThresholds, createdAt: november.lowerBound)
        let status = BudgetStatus(
            budget: huge, period: november, spent: Money(nanos: 1), now: Timestamp(rfc3339: "2026-11-15T00:00:00Z")!)
        #expect(status.exhaustion == nil)
        let soon = BudgetStatus(
            budget: budget(100), period: november, spent: Money(dollars: 50), now: Timestamp(rfc3339: "2026-11-10T00:00:00Z")!)
        #expect(soon.exhaustion == Timestamp(rfc3339: "2026-11-19T00:00:00Z"))
    }
}
