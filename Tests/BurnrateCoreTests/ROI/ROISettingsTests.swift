import BurnrateCore
import Testing

/// The configured investment, what a request replaces of it, and the demo's.
@Suite struct ROISettingsTests {
    static let configured = ROISettings(
        name: "Model routing", investment: Money(dollars: 100_000), recurringCost: Money(dollars: 5_000), months: 24)

    @Test func aRequestReplacesWhatItGivesAndKeepsTheRest() {
        #expect(Self.configured.overridden(investment: nil, recurringCost: nil, months: nil) == Self.configured)
        let changed = Self.configured.overridden(investment: Money(dollars: 50_000), recurringCost: nil, months: 12)
        #expect(changed == ROISettings(investment: Money(dollars: 50_000), recurringCost: Money(dollars: 5_000), months: 12))
        let none = Self.configured.overridden(investment: .zero, recurringCost: .zero, months: nil)
        #expect(!none.hasInvestment)
        #expect(none.investments.isEmpty)
        #expect(!ROISettings().hasInvestment)
    }

    @Test func theItemsAreTheOneOffAndTheMonthlyCost() {
        #expect(
            Self.configured.investments == [
                ROIInvestment(name: "Model routing", kind: .oneOff, amount: Money(dollars: 100_000)),
                ROIInvestment(name: "Recurring cost", kind: .monthly, amount: Money(dollars: 5_000)),
            ])
        let assumptions = Self.configured.assumptions(monthlySavings: Money(dollars: 25_000))
        #expect(assumptions.investments.oneOffTotal == Money(dollars: 100_000))
        #expect(assumptions.investments.monthlyTotal == Money(dollars: 5_000))
        #expect(assumptions.growth == 0)
    }

    /// The demo's savings on the day this was written ($821.87 a month), a small and a large
    /// demo: six months of savings once, a twelfth a month, paid back in about seven months.
    @Test(arguments: [
        (Int64(821_871_681_833), Int64(5_000), Int64(70), 7), (45_000_000_000, 500, 10, 15), (10_000_000_000_000, 60_000, 840, 7),
    ])
    func theDemoInvestmentPaysBackFromTheDemosSavings(savingsNanos: Int64, investment: Int64, recurring: Int64, breakEven: Int) throws {
        let monthly = Money(nanos: savingsNanos)
        let settings = try #require(DemoInvestment.settings(monthlySavings: monthly))
        #expect(settings.name == DemoInvestment.name)
        #expect(settings.investment == Money(dollars: investment))
        #expect(settings.recurringCost == Money(dollars: recurring))
        let projection = try ROIOptions(months: settings.months).analysis(of: settings.assumptions(monthlySavings: monthly)).projection
        #expect(projection.breakEvenMonth == breakEven)
        #expect((projection.roi36Percent ?? 0) > 0)
    }

    @Test func withoutSavingsTheDemoHasNoInvestment() {
        #expect(DemoInvestment.settings(monthlySavings: .zero) == nil)
        #expect(DemoInvestment.settings(monthlySavings: Money(dollars: -10)) == nil)
    }
}
