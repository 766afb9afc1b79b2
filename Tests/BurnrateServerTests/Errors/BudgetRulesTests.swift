import BurnrateCore
import Testing

@testable import BurnrateServer

/// The budget rules of `BudgetService` as plain functions of what is stored.
@Suite struct BudgetRulesTests {
    static let now = Timestamp(microseconds: 1_790_000_000_000_000)

    static func budget(_ id: String, source: BudgetSource = .api) -> Budget {
        Budget(id: id, name: id, period: .monthly, amount: Money(usd: "100")!, source: source, createdAt: now)
    }

    @Test func aBudgetThatIsNotStoredIsNotFound() throws {
        #expect(throws: BudgetError(code: .notFound, id: "acme")) { try BudgetService.existing(nil, id: "acme") }
        #expect(try BudgetService.existing(Self.budget("acme"), id: "acme").id == "acme")
    }

    @Test func aNewBudgetMayNotTakeAStoredId() throws {
        #expect(throws: BudgetError(code: .exists, id: "acme")) {
            try BudgetService.checkNew(Self.budget("acme"), stored: Self.budget("acme"))
        }
        try BudgetService.checkNew(Self.budget("acme"), stored: nil)
    }

    @Test(arguments: [BudgetSource.api, .config])
    func onlyTheConfigFileChangesItsBudgets(_ source: BudgetSource) throws {
        let budget = Self.budget("acme", source: source)
        if source == .config {
            #expect(throws: BudgetError(code: .managedByConfig, id: "acme")) { try BudgetService.checkChangeable(budget) }
        } else {
            try BudgetService.checkChangeable(budget)
        }
    }

    @Test func aBudgetNotYetStoredMayBeCreatedInPlace() throws {
        try BudgetService.checkChangeable(nil)
    }
}
