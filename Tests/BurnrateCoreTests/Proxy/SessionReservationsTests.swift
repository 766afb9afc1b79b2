import BurnrateCore
import Testing

/// Per-session budgets: which requests they count, and when a session's call is refused.
@Suite struct SessionReservationsTests {
    static func budget(_ id: String, amount: Int64, enforcement: BudgetEnforcement = .hard) -> Budget {
        Budget(
            id: id, name: id, scope: BudgetScope(["feature": ["agent-workflows"]]), period: .monthly, per: .session,
            amount: Money(nanos: amount), enforcement: enforcement, createdAt: Timestamp(microseconds: 0))
    }

    static func request(feature: String?) -> BudgetRequest {
        BudgetRequest(provider: "openai", models: ["gpt-4o"], attribution: Attribution(feature: feature), tags: [:])
    }

    @Test func theScopeDecidesWhichRequestsAPerSessionBudgetCounts() {
        let scope = Self.budget("run", amount: 1).scope
        #expect(scope.matches(Self.request(feature: "agent-workflows")))
        #expect(!scope.matches(Self.request(feature: "search")))
        #expect(!scope.matches(Self.request(feature: nil)))
    }

    /// The call whose reservation would take the run past the amount is refused, exactly at the
    /// boundary: landing on the amount is allowed, one nano-dollar more is not.
    @Test func refusesTheCallThatWouldTakeTheRunPastTheAmount() {
        var session = SessionReservations(sessionID: "run-1", spent: Money(nanos: 900))
        let budgets = [Self.budget("run", amount: 1_000)]
        #expect(session.admission(by: budgets, reserving: Money(nanos: 100)) == .admitted(warnings: []))
        #expect(session.admission(by: budgets, reserving: Money(nanos: 101)) == .refused(budgets[0]))
        session.reserve(Money(nanos: 60))
        #expect(session.admission(by: budgets, reserving: Money(nanos: 41)) == .refused(budgets[0]))
        session.complete(reserved: Money(nanos: 60), cost: Money(nanos: 20))
        #expect(session.spent == Money(nanos: 920))
        #expect(session.reserved == .zero)
        #expect(session.admission(by: budgets, reserving: Money(nanos: 80)) == .admitted(warnings: []))
    }

    @Test func aSoftBudgetWarnsAndTheFirstHardOneByIDRefuses() {
        let session = SessionReservations(sessionID: "run-1", spent: Money(nanos: 500))
        let soft = Self.budget("a-soft", amount: 400, enforcement: .soft)
        let hardB = Self.budget("b-hard", amount: 450)
        let hardC = Self.budget("c-hard", amount: 300)
        let roomy = Self.budget("d-roomy", amount: 10_000)
        #expect(session.admission(by: [soft, roomy], reserving: Money(nanos: 1)) == .admitted(warnings: [soft]))
        #expect(session.admission(by: [hardC, soft, hardB], reserving: Money(nanos: 1)) == .refused(hardB))
    }

    @Test func refreshingKeepsTheLargerFigureAndSumsSaturate() {
        var session = SessionReservations(sessionID: "run-1", spent: Money(nanos: 500))
        session.refresh(storeSpent: Money(nanos: 400))
        #expect(session.spent == Money(nanos: 500))
        session.refresh(storeSpent: Money(nanos: 700))
        #expect(session.spent == Money(nanos: 700))
        session.reserve(Money(nanos: Int64.max))
        #expect(!session.fits(Money(nanos: Int64.max), within: Money(nanos: Int64.max)))
    }

    /// The stated bound: when every cost is within its reservation, a session never ends above
    /// its amount, whatever the order of arrivals and completions.
    @Test(arguments: 1...100)
    func neverOverspendsWhenCostsStayWithinReservations(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let amount = Money(nanos: 10_000)
        let budgets = [Self.budget("run", amount: amount.nanos)]
        var session = SessionReservations(sessionID: "run", spent: Money(nanos: Int64(random.next() % 5_000)))
        var inFlight: [Money] = []
        for _ in 0..<200 {
            if random.next() % 2 == 0 || inFlight.isEmpty {
                let reservation = Money(nanos: Int64(random.next() % 900 + 1))
                if session.admission(by: budgets, reserving: reservation) == .admitted(warnings: []) {
                    session.reserve(reservation)
                    inFlight.append(reservation)
                }
            } else {
                let reservation = inFlight.remove(at: Int(random.next() % UInt64(inFlight.count)))
                session.complete(reserved: reservation, cost: Money(nanos: Int64(random.next() % UInt64(reservation.nanos + 1))))
            }
            #expect(session.spent + session.reserved <= amount)
        }
    }

    /// A small deterministic generator, so that each seed replays.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
