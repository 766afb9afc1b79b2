import BurnrateCore

/// A store whose contents can be copied, as stored, into another store of any backend.
///
/// Events are exported in a total order, `(timestamp, id)` with ids compared byte by byte, that is
/// the same on every backend; they are imported exactly as stored (price, cost parts and arrival
/// time included, never repriced), skipping ids the destination already holds, with the rollups
/// and a `TransferCheckpoint` written in the same transaction. Price overrides and the repricing
/// audit log are small and copied whole, idempotently.
///
/// A later table slots in the same way: an export and an import here, a step in
/// `LedgerMigration`, and a check in its verification.
public protocol LedgerTransfer: LedgerStore {
    /// Up to `limit` events after `cursor` (from the first when `nil`), in `(timestamp, id)` order.
    func exportEvents(after cursor: EventCursor?, limit: Int) async throws -> [StoredEvent]

    /// Stores `events` as they are, skipping ids already present, and saves `checkpoint` in the
    /// same transaction; returns how many events were new. With no events it only saves the
    /// checkpoint.
    func importEvents(_ events: [StoredEvent], checkpoint: TransferCheckpoint) async throws -> Int

    /// How far the transfer from `source` into this store got, if one started.
    func transferCheckpoint(source: String) async throws -> TransferCheckpoint?

    /// Counts and sums over the raw events (not the rollups).
    func eventDigest() async throws -> EventDigest

    /// Every price override with its document as stored, in `(provider, model, effective_from)` order.
    func exportPriceOverrides() async throws -> [PriceOverrideRecord]

    /// Stores overrides as they are, replacing those with the same key; an override already equal
    /// is left alone, so that the revision only grows when something changed.
    func importPriceOverrides(_ records: [PriceOverrideRecord]) async throws

    /// The ids of the repricing runs in the audit log, oldest first.
    func repriceRunIDs() async throws -> [Int64]

    /// One repricing run with every change it made, in event id order.
    func exportRepriceRun(id: Int64) async throws -> RepriceRunRecord?

    /// Stores a run under its own id with its changes, in one transaction; returns `false` and
    /// stores nothing when a run with that id already exists. Runs created later get larger ids.
    func importRepriceRun(_ run: RepriceRunRecord) async throws -> Bool
}

/// A position in the export order of events: just after the event with this timestamp and id.
public struct EventCursor: Sendable, Hashable {
    public var timestamp: Timestamp
    public var id: String

    public init(timestamp: Timestamp, id: String) {
        self.timestamp = timestamp
        self.id = id
    }

    /// The position just after `event`.
    public init(after event: StoredEvent) {
        self.init(timestamp: event.priced.event.timestamp, id: event.priced.event.id)
    }
}

/// How far a transfer from one source into a destination got, kept in the destination.
public struct TransferCheckpoint: Sendable, Hashable {
    /// What identifies the source, e.g. `sqlite:/var/lib/burnrate.sqlite` (never a password).
    public var source: String
    /// The last event copied, or empty when the transfer started but copied nothing yet.
    public var lastEventID: String
    /// How many of the source's events the transfer has gone through, in export order.
    public var eventsCopied: Int64
    public var updatedAt: Timestamp

    public init(source: String, lastEventID: String, eventsCopied: Int64, updatedAt: Timestamp = .now()) {
        self.source = source
        self.lastEventID = lastEventID
        self.eventsCopied = eventsCopied
        self.updatedAt = updatedAt
    }
}

/// Counts and exact sums over every stored event, read from the events themselves.
public struct EventDigest: Sendable, Hashable {
    public var events: Int64 = 0
    public var unpricedEvents: Int64 = 0
    public var usage = TokenUsage()
    /// The sums of the cost parts.
    public var cost = CostBreakdown.zero
    /// The sum of the stored per-event totals, which must equal `cost.total`.
    public var storedTotal = Money.zero

    public init() {}
}

/// A price override as stored: its key, its JSON document and when it was saved.
public struct PriceOverrideRecord: Sendable, Hashable {
    public var provider: String
    public var model: String
    /// `YYYY-MM-DD`.
    public var effectiveFrom: String
    public var document: String
    public var updatedAt: Timestamp

    public init(provider: String, model: String, effectiveFrom: String, document: String, updatedAt: Timestamp) {
        self.provider = provider
        self.model = model
        self.effectiveFrom = effectiveFrom
        self.document = document
        self.updatedAt = updatedAt
    }
}

/// One repricing run of the audit log with the changes it made.
public struct RepriceRunRecord: Sendable, Hashable {
    public var report: RepriceReport
    public var changes: [RepriceChange]

    public init(report: RepriceReport, changes: [RepriceChange]) {
        self.report = report
        self.changes = changes
    }
}

/// What a repricing run changed about one event.
public struct RepriceChange: Sendable, Hashable {
    public var eventID: String
    public var oldPriceID: String?
    public var newPriceID: String?
    public var oldTotal: Money
    public var newTotal: Money

    public init(eventID: String, oldPriceID: String?, newPriceID: String?, oldTotal: Money, newTotal: Money) {
        self.eventID = eventID
        self.oldPriceID = oldPriceID
        self.newPriceID = newPriceID
        self.oldTotal = oldTotal
        self.newTotal = newTotal
    }
}
