import BurnrateCore
import Testing

/// The demo's budgets tell their three stories from whatever the month so far spent.
@Suite struct DemoBudgetsTests {
    @Test(arguments: [(Int64(50_000), Int64(1_000_000)), (400, 1_000), (9_000, 10_000)])
    func onTrackForecastToExceedAndEnforced(spentDollars: Int64, projectedDollars: Int64) {
        let now = Timestamp(rfc3339: "2026-11-20T12:00:00Z")!
        let spent = Money(dollars: spentDollars)
        let projected = Money(dollars: projectedDollars)
        let budgets = DemoBudgets.templates(now: now).map { DemoBudgets.sized($0, spent: spent, projected: projected) }
        let byID = Dictionary(uniqueKeysWithValues: budgets.map { ($0.id, $0) })
        let all = try! #require(byID["demo-all-llm"])
        #expect(all.amount > projected, "on track")
        #expect(all.amount.nanos % Money(dollars: 100).nanos == 0)
        let tenant = try! #require(byID["demo-globex"])
        #expect(tenant.amount > spent, "not yet exceeded")
        #expect(tenant.amount < projected || spent.scaled(by: 11, over: 10) >= projected.scaled(by: 4, over: 5), "forecast to exceed")
        let agents = try! #require(byID["demo-agents-hard"])
        #expect(agents.enforcement == .hard)
        #expect(agents.scope.filters == ["feature": ["agent-workflows"]])
        #expect(budgets.allSatisfy { $0.issues.isEmpty })
    }
}
