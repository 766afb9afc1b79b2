import BurnrateCore
import BurnrateStore
import Logging

/// The enforced budgets in the request path: which apply to a request, whether they admit it,
/// and what the requests in flight have reserved (see `BudgetReservations` for the overspend
/// bound).
///
/// The budgets and their spend are read from the store at most every `refreshInterval`; between
/// reads, each proxied request's cost is added as it completes, so this process never waits for
/// the recorder to see its own spend. Spend recorded by other processes or through
/// `POST /api/v1/events` is seen at the next read. Each replica keeps its own reservations, so
/// with N replicas the bound is N times the single-process one. When the store cannot be read the
/// last figures are kept (none at first: requests are admitted) and the failure is logged.
actor BudgetEnforcer {
    /// What the enforcer decided for one request.
    enum Admission: Sendable {
        /// Go ahead; `warnings` name soft budgets that are spent.
        case admitted(Ticket, warnings: [BudgetReservations])
        /// Refused by this hard budget.
        case refused(BudgetReservations)
    }

    /// The reservations one admitted request holds, to release when it completes.
    struct Ticket: Sendable {
        var reservations: [(budget: String, amount: Money)]
    }

    let budgets: BudgetService
    let refreshInterval: Duration
    let logger: Logger
    private var states: [String: BudgetReservations] = [:]
    private var loadedAt: ContinuousClock.Instant?
    private var loading = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(budgets: BudgetService, refreshInterval: Duration, logger: Logger) {
        self.budgets = budgets
        self.refreshInterval = refreshInterval
        self.logger = logger
    }

    /// Admits or refuses a request described by `request` that reserves `reservation`.
    func admit(_ request: BudgetRequest, reserving reservation: Money) async -> Admission {
        await refreshIfStale()
        let matching = states.keys.sorted().filter { states[$0]!.budget.scope.matches(request) }
        if let refusing = matching.first(where: { states[$0]!.budget.enforcement == .hard && !states[$0]!.isOpen }) {
            return .refused(states[refusing]!)
        }
        var warnings: [BudgetReservations] = []
        var ticket = Ticket(reservations: [])
        for id in matching {
            if !states[id]!.isOpen { warnings.append(states[id]!) }
            states[id]!.forceAdmit(reserving: reservation)
            ticket.reservations.append((id, reservation))
        }
        return .admitted(ticket, warnings: warnings)
    }

    /// Releases a ticket's reservations, adding the request's actual cost.
    func complete(_ ticket: Ticket, cost: Money) {
        for (id, amount) in ticket.reservations { states[id]?.complete(reserved: amount, cost: cost) }
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
            for budget in enforced {
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
            loadedAt = .now
        } catch {
            loadedAt = .now
            logger.error("Reading the enforced budgets failed; keeping the last figures", metadata: ["error": "\(error)"])
        }
    }
}
