import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Foundation
import Testing

/// The behaviour every store must have for budgets; each test runs against every backend.
@Suite(.tags(.postgres)) struct BudgetContractTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// A budget with every field away from its default: a scope with tags and categories, money
    /// to the nano-dollar, instants to the microsecond.
    static let scoped = Budget(
        id: "acme-search_q.1", name: "Acme search: quarterly LLM spend ✓",
        scope: BudgetScope(["tenant": ["globex", "acme"], "category": ["storage", "compute"], "tag.équipe": ["北京"], "model": ["gpt-4o"]]),
        period: .quarterly, per: .session, amount: Money(nanos: 1_234_567_890_123), thresholds: [25, 50, 80, 100, 120],
        forecastPercent: 150, source: .config, createdAt: at("2026-03-08T09:30:00.123456Z"), updatedAt: at("2026-03-09T10:00:00.000001Z"))

    static let global = Budget(
        id: "Global", name: "All spend", period: .monthly, amount: Money(dollars: 5_000), createdAt: at("2026-01-01T00:00:00Z"))

    static let weekly = Budget(
        id: "a-weekly", name: "Weekly", scope: BudgetScope(["feature": ["search"]]), period: .weekly, amount: Money(nanos: 1),
        thresholds: [1000], createdAt: at("2026-02-01T00:00:00Z"))

    @Test(arguments: StoreBackend.allCases)
    func budgetsRoundTripEveryField(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            for budget in [Self.scoped, Self.global, Self.weekly] { try await store.saveBudget(budget) }
            #expect(try await store.budget(id: Self.scoped.id) == Self.scoped)
            #expect(try await store.budget(id: Self.global.id) == Self.global)
            #expect(try await store.budget(id: "unknown") == nil)
            let stored = try await store.budget(id: Self.scoped.id)
            #expect(stored?.scope.pairs.map { "\($0.key)=\($0.value)" } == Self.scoped.scope.pairs.map { "\($0.key)=\($0.value)" })
            #expect(stored?.amount.nanos == 1_234_567_890_123)
            guard let reopen else { return }
            try await reopen { (reopened: any LedgerStore) async throws in
                #expect(try await reopened.budgets() == [Self.global, Self.weekly, Self.scoped])
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func budgetsAreListedByIdComparedByteByByte(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let ids = ["zeta", "Zeta", "alpha", "alpha.2", "alpha-1", "alpha_3", "9-nine"]
            for id in ids {
                try await store.saveBudget(
                    Budget(id: id, name: id, period: .daily, amount: Money(dollars: 1), createdAt: Self.at("2026-01-01T00:00:00Z")))
            }
            let expected = ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(expected == ["9-nine", "Zeta", "alpha", "alpha-1", "alpha.2", "alpha_3", "zeta"])
            #expect(try await store.budgets().map(\.id) == expected)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func savingAnExistingIdReplacesIt(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.saveBudget(Self.scoped)
            try await store.saveBudget(Self.global)
            var changed = Self.scoped
            changed.name = "Renamed"
            changed.scope = BudgetScope()
            changed.period = .daily
            changed.amount = Money(nanos: 999)
            changed.thresholds = [90]
            changed.forecastPercent = 100
            changed.source = .api
            changed.updatedAt = Self.at("2026-04-01T00:00:00.5Z")
            try await store.saveBudget(changed)
            #expect(try await store.budgets() == [Self.global, changed])
            #expect(try await store.budget(id: changed.id) == changed)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func deletingSaysWhetherThereWasABudget(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.saveBudget(Self.scoped)
            try await store.saveBudget(Self.global)
            #expect(try await !store.deleteBudget(id: "unknown"))
            #expect(try await store.deleteBudget(id: Self.scoped.id))
            #expect(try await !store.deleteBudget(id: Self.scoped.id))
            #expect(try await store.budget(id: Self.scoped.id) == nil)
            #expect(try await store.budgets() == [Self.global])
        }
    }
}
