/// One session's spend as the proxy tracks it for its per-session budgets: what the run has cost
/// so far and what its requests in flight have reserved.
///
/// A per-session budget admits a request only when `spent + reserved + reservation ≤ amount`: the
/// call whose cost bound would take the run past the amount is refused, where a period budget
/// refuses only once it is spent.
///
/// **Overspend bound.** Admission keeps `spent + reserved ≤ amount`, and completion never raises
/// `spent + reserved` while actual costs stay within their reservations. So when reservations
/// bound the costs, a session never ends above the amount, however many of its requests run at
/// once. When they under-estimate (no output limit, an unpriced model), the overspend is at most
/// what the requests in flight cost beyond their reservations.
public struct SessionReservations: Sendable, Hashable {
    /// The session: the `X-Burnrate-Session` the requests carry.
    public var sessionID: String
    /// What the run has cost: the store's figure, plus proxied requests completed since.
    public private(set) var spent: Money
    /// The sum of the reservations of admitted requests still in flight.
    public private(set) var reserved: Money = .zero
    /// How many admitted requests are in flight.
    public private(set) var inFlight = 0

    public init(sessionID: String, spent: Money) {
        self.sessionID = sessionID
        self.spent = spent
    }

    /// Whether a request reserving `reservation` keeps the session within `amount`, exactly.
    public func fits(_ reservation: Money, within amount: Money) -> Bool {
        Int128(spent.nanos) + Int128(reserved.nanos) + Int128(reservation.nanos) <= Int128(amount.nanos)
    }

    /// Holds `reservation` for an admitted request.
    public mutating func reserve(_ reservation: Money) {
        reserved = reserved + reservation
        inFlight += 1
    }

    /// Ends a request admitted with `reservation` that cost `cost`.
    public mutating func complete(reserved reservation: Money, cost: Money) {
        reserved = reserved - reservation
        inFlight -= 1
        spent = spent + cost
    }

    /// Takes a fresh figure from the store without losing what completed requests added that the
    /// store may not hold yet: the larger of the two wins.
    public mutating func refresh(storeSpent: Money) {
        spent = max(spent, storeSpent)
    }
}
