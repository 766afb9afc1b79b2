import BurnrateCore
import Testing

@Suite struct BudgetReservationsTests {
    static let budget = Budget(
        id: "acme", name: "Acme", scope: BudgetScope(["tenant": ["acme"]]), period: .monthly, amount: Money(nanos: 1_000),
        enforcement: .hard, createdAt: Timestamp(microseconds: 0))
    static let period = Timestamp(microseconds: 0)..<Timestamp(microseconds: 1_000_000)

    @Test func admitsWhileSpentPlusReservedIsBelowTheAmount() {
        var state = BudgetReservations(budget: Self.budget, period: Self.period, spent: Money(nanos: 900))
        let admitted1 = state.admit(reserving: Money(nanos: 60))
        #expect(admitted1)
        let admitted2 = state.admit(reserving: Money(nanos: 60))
        #expect(admitted2)
        let admitted3 = state.admit(reserving: Money(nanos: 60))
        #expect(!admitted3)
        #expect(state.inFlight == 2)
        state.complete(reserved: Money(nanos: 60), cost: Money(nanos: 40))
        #expect(state.spent == Money(nanos: 940))
        let admitted4 = state.admit(reserving: Money(nanos: 60))
        #expect(!admitted4)
        state.complete(reserved: Money(nanos: 60), cost: Money(nanos: 10))
        let admitted5 = state.admit(reserving: Money(nanos: 60))
        #expect(admitted5)
    }

    /// The stated bound: when every cost is within its reservation, the final spend stays below
    /// the amount plus the largest reservation, whatever the order of arrivals and completions.
    @Test(arguments: 1...200)
    func overspendStaysBelowOneReservationWhenReservationsBoundCosts(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var state = BudgetReservations(budget: Self.budget, period: Self.period, spent: Money(nanos: Int64(random.next() % 900)))
        var inFlight: [(reserved: Money, cost: Money)] = []
        var largest = Money.zero
        for _ in 0..<200 {
            if inFlight.isEmpty || random.next() % 2 == 0 {
                let reservation = Money(nanos: Int64(1 + random.next() % 80))
                if state.admit(reserving: reservation) {
                    largest = max(largest, reservation)
                    inFlight.append((reservation, Money(nanos: Int64(random.next() % UInt64(reservation.nanos + 1)))))
                }
            } else {
                let request = inFlight.remove(at: Int(random.next() % UInt64(inFlight.count)))
                state.complete(reserved: request.reserved, cost: request.cost)
            }
        }
        for request in inFlight { state.complete(reserved: request.reserved, cost: request.cost) }
        #expect(state.reserved == .zero)
        #expect(state.spent < Self.budget.amount + largest)
    }

    @Test func refreshKeepsLocalSpendUntilTheStoreCatchesUpAndResetsOnANewPeriod() {
        var state = BudgetReservations(budget: Self.budget, period: Self.period, spent: Money(nanos: 100))
        let admitted6 = state.admit(reserving: Money(nanos: 50))
        #expect(admitted6)
        state.complete(reserved: Money(nanos: 50), cost: Money(nanos: 50))
        state.refresh(storeSpent: Money(nanos: 100), period: Self.period)
        #expect(state.spent == Money(nanos: 150))
        state.refresh(storeSpent: Money(nanos: 400), period: Self.period)
        #expect(state.spent == Money(nanos: 400))
        let next = Self.period.upperBound..<Timestamp(microseconds: 2_000_000)
        state.refresh(storeSpent: .zero, period: next)
        #expect(state.spent == .zero)
        #expect(state.period == next)
    }

    @Test func scopesMatchNormalizedRequests() {
        let request = BudgetRequest(
            provider: "openai", models: ["gpt-4o-2024-08-06", "gpt-4o"], attribution: Attribution(tenant: "acme", feature: "search"),
            tags: ["region": "eu"])
        #expect(BudgetScope().matches(request))
        #expect(BudgetScope(["tenant": ["acme"], "model": ["GPT-4o"]]).matches(request))
        #expect(BudgetScope(["provider": ["OpenAI"], "tag.region": ["eu", "us"]]).matches(request))
        #expect(BudgetScope(["category": ["llm_api"], "status": ["error"]]).matches(request))
        #expect(!BudgetScope(["category": ["compute"]]).matches(request))
        #expect(!BudgetScope(["tenant": ["other"]]).matches(request))
        #expect(!BudgetScope(["team": ["core"]]).matches(request))
        #expect(!BudgetScope(["tag.tier": ["free"]]).matches(request))
        #expect(!BudgetScope(["unknown": ["x"]]).matches(request))
    }
}
