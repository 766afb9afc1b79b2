import BurnrateCore

/// The sessions the proxy tracks for per-session budgets: each one's spend and reservations
/// (see `SessionReservations`), and when its spend was last read from the store.
///
/// A session is forgotten once it has nothing in flight and has not been read for
/// `memory`: by then the recorder has stored its completed calls, and the next request of the
/// session reads them back. So the memory held grows with the sessions active in that window, not
/// with all sessions ever seen.
struct TrackedSessions: Sendable {
    /// How long an idle session is kept.
    static let memory = Duration.seconds(300)

    private var entries: [String: (spend: SessionReservations, readAt: ContinuousClock.Instant)] = [:]

    /// The tracked spend of the session `id`.
    subscript(id: String) -> SessionReservations? { entries[id]?.spend }

    /// Whether the session's spend was read from the store less than `interval` before `now`.
    func isFresh(_ id: String, at now: ContinuousClock.Instant, within interval: Duration) -> Bool {
        entries[id].map { now - $0.readAt < interval } ?? false
    }

    /// Takes the store's figure for the session `id`, read at `now` (see `SessionReservations.refresh`).
    mutating func read(_ storeSpent: Money, for id: String, at now: ContinuousClock.Instant) {
        if var entry = entries[id] {
            entry.spend.refresh(storeSpent: storeSpent)
            entry.readAt = max(entry.readAt, now)
            entries[id] = entry
        } else {
            entries[id] = (SessionReservations(sessionID: id, spent: storeSpent), now)
        }
    }

    /// Holds `reservation` for an admitted request of the session `id`, which is tracked.
    mutating func reserve(_ reservation: Money, for id: String) {
        entries[id]?.spend.reserve(reservation)
    }

    /// Ends a request of the session `id` admitted with `reservation` that cost `cost`.
    mutating func complete(_ id: String, reserved reservation: Money, cost: Money) {
        entries[id]?.spend.complete(reserved: reservation, cost: cost)
    }

    /// Forgets the sessions with nothing in flight last read more than `memory` before `now`.
    mutating func forgetIdle(at now: ContinuousClock.Instant) {
        entries = entries.filter { $0.value.spend.inFlight > 0 || now - $0.value.readAt < Self.memory }
    }
}
