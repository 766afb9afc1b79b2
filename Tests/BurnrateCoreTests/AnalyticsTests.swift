import BurnrateCore
import Testing

/// Period comparison, ranking, movers, what-if pricing and unit economics as plain functions.
@Suite struct AnalyticsTests {
    func usd(_ text: String) -> Money { Money(usd: text)! }

    @Test func previousPeriodHasEqualLengthAndEndsWhereTheRangeStarts() {
        let range = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!..<Timestamp(rfc3339: "2026-11-23T00:00:00Z")!
        #expect(previousPeriod(of: range) == Timestamp(rfc3339: "2026-10-10T00:00:00Z")!..<range.lowerBound)
    }

    @Test func costGrowingFasterThanUsageIsFlagged() {
        let change = CostChange(current: usd("150"), previous: usd("100"))
        #expect(change.absolute == usd("50"))
        #expect(change.percent == 50)
        #expect(Growth(cost: change, usage: 1_100, previousUsage: 1_000).verdict == .costFasterThanUsage)
        #expect(Growth(cost: change, usage: 1_500, previousUsage: 1_000).verdict == .inLine)
        #expect(Growth(cost: change, usage: 2_000, previousUsage: 1_000).verdict == .usageFasterThanCost)
        #expect(Growth(cost: CostChange(current: usd("1"), previous: .zero), usage: 5, previousUsage: 0).verdict == .noBaseline)
        #expect(CostChange(current: usd("1"), previous: .zero).percent == nil)
    }

    struct Row: Equatable {
        var key: String
        var cost: Money
    }

    @Test func topWithOtherSumsExactlyToTheTotal() {
        let rows = (1...7).map { Row(key: "k\($0)", cost: Money(nanos: Int64($0 * 1_000_000_001 % 7_000_000))) }
        let total = rows.reduce(Money.zero) { $0 + $1.cost }
        let ranked = Ranking.top(rows, limit: 3, cost: \.cost, tieBreak: \.key) { rest in
            Row(key: "other", cost: rest.reduce(Money.zero) { $0 + $1.cost })
        }
        #expect(ranked.top.count == 3)
        #expect(ranked.top.map(\.cost) == ranked.top.map(\.cost).sorted(by: >))
        #expect(ranked.top.reduce(Money.zero) { $0 + $1.cost } + ranked.other!.cost == total)
        #expect(Ranking.top(rows, limit: 10, cost: \.cost, tieBreak: \.key) { $0[0] }.other == nil)
        let ties = [Row(key: "b", cost: usd("1")), Row(key: "a", cost: usd("1"))]
        #expect(Ranking.top(ties, limit: 2, cost: \.cost, tieBreak: \.key) { $0[0] }.top.map(\.key) == ["a", "b"])
    }

    @Test func unitCostsRoundToTheNanoDollar() {
        #expect(UnitCost.perRequest(Money(nanos: 10), requests: 3) == Money(nanos: 3))
        #expect(UnitCost.perRequest(Money(nanos: 11), requests: 2) == Money(nanos: 6))
        #expect(UnitCost.perThousandTokens(usd("0.003"), tokens: 1_500) == usd("0.002"))
        #expect(UnitCost.perRequest(usd("1"), requests: 0) == nil)
    }

    @Test func moversRankTheLargestIncreaseFirst() {
        let movers = Movers.rank(
            current: ["acme": usd("120"), "globex": usd("10"), "new": usd("30"), "flat": usd("1")],
            previous: ["acme": usd("100"), "globex": usd("50"), "gone": usd("5"), "flat": usd("1")])
        #expect(movers.map(\.key) == ["new", "acme", "gone", "globex"])
        #expect(movers[0].change.percent == nil)
        #expect(movers[1].change.absolute == usd("20"))
        #expect(movers.last!.change.absolute == usd("-40"))
    }

    @Test func whatIfPricesTheSameTokenMixOnTheTarget() {
        let usage = TokenUsage(inputTokens: 2_000_000, outputTokens: 500_000, cacheReadTokens: 1_000_000)
        // gpt-4o-mini: 1M × $0.15 + 1M cached × $0.075 + 0.5M × $0.60
        #expect(WhatIf.cost(of: usage, requests: 100, on: Fixtures.entry("openai", "gpt-4o-mini")) == usd("0.525"))
        // gemini-2.5-pro: 100 requests averaging 300k input tokens take the long-context rates.
        let long = TokenUsage(inputTokens: 30_000_000, outputTokens: 100_000)
        #expect(WhatIf.cost(of: long, requests: 100, on: Fixtures.entry("google", "gemini-2.5-pro")) == usd("76.5"))
        #expect(WhatIf.cost(of: long, requests: 1_000, on: Fixtures.entry("google", "gemini-2.5-pro")) == usd("38.5"))
        let line = WhatIfLine(key: "search", requests: 1, usage: usage, actual: usd("1"), projected: usd("0.525"))
        #expect(line.difference == usd("-0.475"))
    }

    @Test func unitEconomicsProrateMonthlyRevenue() {
        let month = RevenueModel.averageMonthSeconds
        let perUser = UnitEconomics(
            model: RevenueModel(perUserPerMonth: usd("20")), cost: usd("500"), requests: 10_000, activeUsers: 100, seconds: month)!
        #expect(perUser.revenue == usd("2000"))
        #expect(perUser.margin == usd("1500"))
        #expect(perUser.returnOnCost == 3)
        #expect(perUser.marginPerUser == usd("15"))
        let halfMonth = UnitEconomics(
            model: RevenueModel(perUserPerMonth: usd("20"), perRequest: usd("0.01")), cost: usd("0"), requests: 1_000,
            activeUsers: 10, seconds: month / 2)!
        #expect(halfMonth.revenue == usd("110"))
        #expect(halfMonth.returnOnCost == nil)
        #expect(UnitEconomics(model: RevenueModel(), cost: usd("1"), requests: 1, activeUsers: 1, seconds: 1) == nil)
    }
}
