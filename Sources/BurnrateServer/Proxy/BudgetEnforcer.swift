import BurnrateCore
import BurnrateStore
import Logging

/// The enforced budgets in the request path: which apply to a request, whether they admit it,
/// and what the requests in flight have reserved (see `BudgetReservations` for the overspend
/// bound of a period budget, `SessionReservations` for a per-session one).
///
/// The budgets and their spend are read from the store at most every `refreshInterval`; between
/// reads, each proxied request's cost is added as it completes, so this process never waits for
/// the recorder to see its own spend. A session's spend (its run's stored cost) is read the same
/// way when a request of it meets a per-session budget. Spend recorded by other processes or
/// through `POST /api/v1/events` is seen at the next read. Each replica keeps its own
/// reservations, so with N replicas the bound is N times the single-process one. When the store
/// cannot be read the last figures are kept (none at first: requests are admitted) and the
/// failure is logged.
actor BudgetEnforcer {
    /// A budget limit a request reached: a period budget, or a per-session budget and the session.
    enum Limit: Sendable {
        case period(BudgetReservations)
        case session(Budget, SessionReservations)
    }

    /// What the enforcer decided for one request.
    enum Admission: Sendable {
        /// Go ahead; `warnings` name soft budgets that are spent, or that this request may take
        /// past their amount for its session.
        case admitted(Ticket, warnings: [Limit])
        /// Refused by this hard budget.
        case refused(Limit)
    }

    /// The reservations one admitted request holds, to release when it completes.
    struct Ticket: Sendable {
        var reservations: [(budget: String, amount: Money)]
        /// The session whose spend the request reserved, when per-session budgets counted it.
        var session: (id: String, amount: Money)?
    }

    let budgets: BudgetService
    let refreshInterval: Duration
    let logger: Logger
    private var states: [String: BudgetReservations] = [:]
    /// The enforced per-session budgets, by id.
    private var sessionBudgets: [Budget] = []
    private var sessions = TrackedSessions()
    private var loadedAt: ContinuousClock.Instant?
    private var loading = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(budgets: BudgetService, refreshInterval: Duration, logger: Logger) {
        self.budgets = budgets
        self.refreshInterval = refreshInterval
        self.logger = logger
    }

    /// Admits or refuses a request described by `request`, of the session `session` when it
    /// names one, that reserves `reservation`.
    func admit(_ request: BudgetRequest, session: String?, reserving reservation: Money) async -> Admission {
        await refreshIfStale()
        if let session, sessionBudgets.contains(where: { $0.scope.matches(request) }) { await readIfStale(session) }
        // No suspension from here on: the decision and the reservations it makes are one step.
        let matching = states.keys.sorted().filter { states[$0]!.budget.scope.matches(request) }
        if let refusing = matching.first(where: { states[$0]!.budget.enforcement == .hard && !states[$0]!.isOpen }) {
            return .refused(.period(states[refusing]!))
        }
        var warnings: [Limit] = []
        var ticket = Ticket(reservations: [])
        let perSession = sessionBudgets.filter { $0.scope.matches(request) }
        if let session, !perSession.isEmpty {
            let spend = sessions[session] ?? SessionReservations(sessionID: session, spent: .zero)
            switch spend.admission(by: perSession, reserving: reservation) {
            case .refused(let budget): return .refused(.session(budget, spend))
            case .admitted(let soft): warnings += soft.map { Limit.session($0, spend) }
            }
            if sessions[session] == nil { sessions.read(.zero, for: session, at: .now) }
            sessions.reserve(reservation, for: session)
            ticket.session = (session, reservation)
        }
        for id in matching {
            if !states[id]!.isOpen { warnings.append(.period(states[id]!)) }
            states[id]!.forceAdmit(reserving: reservation)
            ticket.reservations.append((id, reservation))
        }
        return .admitted(ticket, warnings: warnings)
    }

    /// Releases a ticket's reservations, adding the request's actual cost.
    func complete(_ ticket: Ticket, cost: Money) {
        for (id, amount) in ticket.reservations { states[id]?.complete(reserved: amount, cost: cost) }
        if let session = ticket.session { sessions.complete(session.id, reserved: session.amount, cost: cost) }
    }

    /// Forgets the figures so that the next request reads the store (after budgets change).
    func invalidate() { loadedAt = nil }

    private func refreshIfStale() async {
        if let loadedAt, ContinuousClock.now - loadedAt < refreshInterval { return }
        if loading {
            // The first load is awaited by everyone; later ones let requests use the last figures.
            if loadedAt == nil { await withCheckedContinuation { waiters.append($0) } }
            return
        }
        loading = true
        await reload()
        loading = false
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    private func reload() async {
        let now = Timestamp.now()
        do {
            let enforced = try await budgets.store.budgets().filter { $0.enforcement != .off }
            var fresh: [String: (Budget, Range<Timestamp>, Money)] = [:]
            for budget in enforced where budget.per == .period {
                let status = try await budgets.status(of: budget, now: now)
                fresh[budget.id] = (budget, status.period, status.spent)
            }
            var next: [String: BudgetReservations] = [:]
            for (id, (budget, period, spent)) in fresh {
                if var state = states[id] {
                    state.budget = budget
                    state.refresh(storeSpent: spent, period: period)
                    next[id] = state
                } else {
                    next[id] = BudgetReservations(budget: budget, period: period, spent: spent)
                }
            }
            states = next
            sessionBudgets = enforced.filter { $0.per == .session }
            sessions.forgetIdle(at: .now)
            loadedAt = .now
        } catch {
            loadedAt = .now
            logger.error("Reading the enforced budgets failed; keeping the last figures", metadata: ["error": "\(error)"])
        }
    }

    /// Reads the run's stored cost for `session` unless it was read within `refreshInterval`;
    /// when the store cannot be read, the last figure (or none) is kept and the failure logged.
    private func readIfStale(_ session: String) async {
        let now = ContinuousClock.now
        if sessions.isFresh(session, at: now, within: refreshInterval) { return }
        do {
            let stored = try await budgets.store.session(id: session, limit: 0)?.summary.cost ?? .zero
            sessions.read(stored, for: session, at: now)
        } catch {
            if sessions[session] == nil { sessions.read(.zero, for: session, at: now) }
            logger.error(
                "Reading a session's spend failed; keeping the last figure", metadata: ["session": "\(session)", "error": "\(error)"])
        }
    }
}
