import BurnrateCore
import Foundation
import Testing

/// The level rules and the seasonal cost-per-request rule on small series built by hand.
@Suite struct LevelRulesTests {
    /// `weeks` weeks of a working-day rhythm ($10 office hours, $2 otherwise), then `changed`
    /// applied to each later hour (its index from the change).
    static func series(weeks: Int, extraHours: Int, changed: (Int, Double) -> Double) -> [Double] {
        (0..<(weeks * 168 + extraHours)).map { hour in
            let office = hour % 24 >= 9 && hour % 24 < 18 && hour / 24 % 7 < 5
            let usual = office ? 10.0 : 2.0
            return hour < weeks * 168 ? usual : changed(hour - weeks * 168, usual)
        }
    }

    static func money(_ dollars: [Double]) -> [Money] { dollars.map { Money(approximateUSD: $0) } }

    static let week = 168

    @Test func aPriceRiseIsAShiftInTheCostOfARequest() throws {
        let dollars = Self.series(weeks: 5, extraHours: 24) { _, usual in usual * 1.5 }
        let requests = Self.series(weeks: 5, extraHours: 24) { _, usual in usual }.map { Int64($0 * 100) }
        let shift = try #require(
            LevelShift.evaluate(costs: Self.money(dollars), requests: requests, at: dollars.count - 1, settings: LevelShiftSettings()))
        #expect(shift.isShift)
        #expect(shift.cause == .costPerRequest)
        #expect(abs(shift.ratio - 1.5) < 0.01)
        #expect(shift.start == 5 * Self.week)
        let observation = try #require(
            AnomalyAlertRules.levelShift(
                shift, since: "2026-11-02T00:00", range: Timestamp(microseconds: 0)..<Timestamp(microseconds: 1),
                settings: LevelShiftSettings()))
        #expect(observation.summary.contains("1.5x its usual level since 2026-11-02T00:00"))
        #expect(observation.summary.contains("a price change or a dearer model"))
    }

    @Test func moreTrafficIsAShiftInTraffic() throws {
        let dollars = Self.series(weeks: 5, extraHours: 24) { _, usual in usual * 1.6 }
        let requests = dollars.map { Int64($0 * 100) }
        let shift = try #require(
            LevelShift.evaluate(costs: Self.money(dollars), requests: requests, at: dollars.count - 1, settings: LevelShiftSettings()))
        #expect(shift.isShift && shift.cause == .traffic)
    }

    @Test func aSpikeOfAFewHoursIsNoShift() throws {
        let dollars = Self.series(weeks: 5, extraHours: 24) { hour, usual in hour >= 16 && hour < 21 ? usual * 8 : usual }
        let shift = try #require(
            LevelShift.evaluate(costs: Self.money(dollars), requests: nil, at: dollars.count - 1, settings: LevelShiftSettings()))
        #expect(!shift.isShift)
    }

    @Test func aSteadyClimbIsADriftAndAStepIsNot() throws {
        let climbing = Self.series(weeks: 5, extraHours: 12 * 24) { hour, usual in usual * pow(1.04, Double(hour) / 24) }
        let drift = try #require(CostDrift.evaluate(Self.money(climbing), at: climbing.count - 1, settings: DriftSettings()))
        #expect(drift.isDrift)
        #expect(abs(drift.dailyGrowth - 0.04) < 0.01)
        let observation = try #require(
            AnomalyAlertRules.drift(drift, range: Timestamp(microseconds: 0)..<Timestamp(microseconds: 1), settings: DriftSettings()))
        #expect(observation.summary.contains("% a day over the last 14 days"))

        let step = Self.series(weeks: 5, extraHours: 12 * 24) { hour, usual in hour >= 6 * 24 ? usual * 1.6 : usual }
        #expect(CostDrift.evaluate(Self.money(step), at: step.count - 1, settings: DriftSettings())?.isDrift == false)
    }

    @Test func nothingIsJudgedWithoutThreeWeeksOfHistory() {
        let dollars = Self.series(weeks: 3, extraHours: 0) { _, usual in usual }
        #expect(
            LevelShift.evaluate(costs: Self.money(dollars), requests: nil, at: 3 * Self.week - 100, settings: LevelShiftSettings()) == nil)
        #expect(CostDrift.evaluate(Self.money(dollars), at: dollars.count - 1, settings: DriftSettings()) == nil)
    }

    @Test func aRequestDearerThanOnEarlierWeeksAlertsWithWhatItComparedWith() throws {
        let settings = CostPerRequestSettings()
        let window = Timestamp(microseconds: 0)..<Timestamp(microseconds: 3_600_000_000)
        let earlier = (0..<4).map { _ in UsageAlertRules.WindowUsage(cost: Money(dollars: 5), requests: 500) }
        let dearer = UsageAlertRules.WindowUsage(cost: Money(dollars: 10), requests: 500)
        let observation = try #require(
            UsageAlertRules.costPerRequest(dearer, earlier: earlier, window: window, weekday: "Tuesday", settings: settings))
        #expect(observation.summary.contains("2.0x the $0.01 of the same 60 minutes on the last 4 Tuesdays"))
        #expect(observation.figures.contains { $0.name == "usual_cost_per_request_usd" })

        let same = UsageAlertRules.WindowUsage(cost: Money(dollars: 6), requests: 500)
        #expect(UsageAlertRules.costPerRequest(same, earlier: earlier, window: window, weekday: "Tuesday", settings: settings) == nil)
        // Fifty requests say too little to compare with earlier weeks; the ceiling still holds.
        #expect(Figures.unitUSD(Money(usd: "0.0122")!) == "$0.0122")
        #expect(Figures.unitUSD(Money(usd: "0.0076405")!) == "$0.007641")
        let few = UsageAlertRules.WindowUsage(cost: Money(dollars: 1), requests: 50)
        #expect(UsageAlertRules.costPerRequest(few, earlier: earlier, window: window, weekday: "Tuesday", settings: settings) == nil)
        let dear = UsageAlertRules.WindowUsage(cost: Money(dollars: 10), requests: 50)
        #expect(
            UsageAlertRules.costPerRequest(dear, earlier: earlier, window: window, weekday: "Tuesday", settings: settings)?.summary
                .contains("above the limit of $0.10") == true)
    }
}
