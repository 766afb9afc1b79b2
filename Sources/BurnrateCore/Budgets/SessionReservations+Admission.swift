/// What the per-session budgets decided for one request of a session.
public enum SessionAdmission: Sendable, Hashable {
    /// Go ahead; `warnings` are the soft budgets the request may take past their amount.
    case admitted(warnings: [Budget])
    /// Refused by this hard budget, which the request may take past its amount.
    case refused(Budget)
}

extension SessionReservations {
    /// What `budgets`, the enforced per-session budgets whose scope matches the request, decide for
    /// a request of this session reserving `reservation`: refused by the first hard one (by id)
    /// it does not fit, else admitted with the soft ones it does not fit as warnings.
    public func admission(by budgets: [Budget], reserving reservation: Money) -> SessionAdmission {
        let exceeded = budgets.filter { !fits(reservation, within: $0.amount) }.sorted { $0.id < $1.id }
        if let hard = exceeded.first(where: { $0.enforcement == .hard }) { return .refused(hard) }
        return .admitted(warnings: exceeded.filter { $0.enforcement == .soft })
    }
}
