/// One enforced budget's spend as the proxy tracks it in memory: what is spent in the current
/// period and what the requests in flight have reserved.
///
/// A request is admitted while `spent + reserved < amount`, and reserves an upper bound of its
/// cost until it completes, when the reservation is replaced by the actual cost.
///
/// **Overspend bound.** Admission keeps `spent + reserved < amount + r` where `r` is the
/// reservation of the request just admitted, and completion never raises `spent + reserved`
/// while actual costs stay within their reservations. So once every request has completed,
/// `spent < amount + r_last`: the budget is overspent by less than the cost bound of a single
/// request. When reservations under-estimate (no output limit in the request, an unpriced
/// model), the overspend is at most the sum, over the requests in flight when the budget ran out,
/// of what each cost beyond its reservation: never more than the cost of those requests.
public struct BudgetReservations: Sendable, Hashable {
    public var budget: Budget
    /// The current period.
    public var period: Range<Timestamp>
    /// What was spent this period: the store's figure, plus proxied requests completed since.
    public var spent: Money
    /// The sum of the reservations of admitted requests still in flight.
    public private(set) var reserved: Money = .zero
    /// How many admitted requests are in flight.
    public private(set) var inFlight = 0

    public init(budget: Budget, period: Range<Timestamp>, spent: Money) {
        self.budget = budget
        self.period = period
        self.spent = spent
    }

    /// Whether the budget still admits requests.
    public var isOpen: Bool { spent + reserved < budget.amount }

    /// Admits a request reserving `reservation` when the budget is open; returns whether it did.
    public mutating func admit(reserving reservation: Money) -> Bool {
        guard isOpen else { return false }
        reserved = reserved + reservation
        inFlight += 1
        return true
    }

    /// Ends a request admitted with `reservation` that cost `cost`.
    public mutating func complete(reserved reservation: Money, cost: Money) {
        reserved = reserved - reservation
        inFlight -= 1
        spent = spent + cost
    }

    /// Takes a fresh figure from the store without losing what completed requests added that the
    /// store may not hold yet: the larger of the two wins.
    public mutating func refresh(storeSpent: Money, period: Range<Timestamp>) {
        if period != self.period {
            self.period = period
            spent = storeSpent
        } else {
            spent = max(spent, storeSpent)
        }
    }
}

extension BudgetReservations {
    /// Reserves `reservation` whether or not the budget is open: for a soft budget, which warns
    /// but admits, or a budget that admitted the request through another, matching budget.
    public mutating func forceAdmit(reserving reservation: Money) {
        reserved = reserved + reservation
        inFlight += 1
    }
}
