import BurnrateCore

/// Durable storage for the business outcomes of agent sessions.
///
/// Writes are all or nothing per call and idempotent by id like events: an outcome whose id is
/// stored with the same result stores nothing and comes back as the stored original; one whose id
/// is stored with a different result fails the whole batch with `OutcomeConflict`.
public protocol OutcomeStore: Sendable {
    /// Stores the outcomes whose ids are new, in one transaction. Returns one result per outcome in
    /// order; an outcome whose id is stored (or repeated earlier in the batch) with the same result
    /// (`Outcome.recordsSameResult(as:)`) comes back as the stored original with `duplicate` set.
    /// Throws `OutcomeConflict`, storing nothing, when any id stands for a different result.
    func saveOutcomes(_ outcomes: [Outcome]) async throws -> [SavedOutcome]

    /// Up to `limit` outcomes matching `filter` after `cursor` (from the first when `nil`), in
    /// `(timestamp, id)` order with ids compared byte by byte. Pass `OutcomeCursor(after:)` of the
    /// last outcome of a page to read the next; a page shorter than `limit` is the last.
    func outcomes(_ filter: OutcomeFilter, after cursor: OutcomeCursor?, limit: Int) async throws -> [Outcome]

    /// Every outcome of the sessions `sessionIDs`, by session, then `(timestamp, id)`.
    func outcomes(sessionIDs: [String]) async throws -> [Outcome]
}

/// The result of saving one outcome.
public struct SavedOutcome: Sendable, Hashable {
    /// The stored outcome: the new one, or the original when `duplicate`.
    public var outcome: Outcome
    public var duplicate: Bool

    public init(outcome: Outcome, duplicate: Bool) {
        self.outcome = outcome
        self.duplicate = duplicate
    }
}

/// Which outcomes a listing returns; the conditions combine with AND, the values of one list
/// with OR, and an empty list does not narrow.
public struct OutcomeFilter: Sendable, Hashable {
    /// Outcomes at or after this instant.
    public var from: Timestamp?
    /// Outcomes before this instant.
    public var to: Timestamp?
    public var types: [String]
    public var success: Bool?
    public var sessionIDs: [String]

    public init(from: Timestamp? = nil, to: Timestamp? = nil, types: [String] = [], success: Bool? = nil, sessionIDs: [String] = []) {
        self.from = from
        self.to = to
        self.types = types
        self.success = success
        self.sessionIDs = sessionIDs
    }
}

/// A position in the listing order of outcomes: just after the outcome with this timestamp and id.
public struct OutcomeCursor: Sendable, Hashable {
    public var timestamp: Timestamp
    public var id: String

    public init(timestamp: Timestamp, id: String) {
        self.timestamp = timestamp
        self.id = id
    }

    /// The position just after `outcome`.
    public init(after outcome: Outcome) {
        self.init(timestamp: outcome.timestamp, id: outcome.id)
    }
}
