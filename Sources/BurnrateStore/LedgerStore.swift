import BurnrateCore

/// Durable storage for priced events, price overrides and the repricing audit log.
///
/// Every implementation (SQLite, PostgreSQL) passes the same test suite. Writes are atomic per
/// call: when a method returns, what it wrote is committed; when it throws, nothing was written.
public protocol LedgerStore: Sendable, AggregateStore, CostItemStore, EventExportStore, ProviderChargeStore, BudgetStore, AlertStore,
    UsageProfileStore, SessionStore, OutcomeStore
{
    /// Stores events not seen before, in one transaction, and keeps the rollups in step.
    ///
    /// Returns one outcome per event in order; an event whose id is already stored (or repeated
    /// earlier in the batch) is not stored again and comes back as the stored original.
    func ingest(_ events: [PricedEvent]) async throws -> [IngestOutcome]

    /// The stored event with this id.
    func event(id: String) async throws -> StoredEvent?

    /// Re-prices the selected events in one transaction with `price`, updating the rollups and
    /// writing an audit record of what changed.
    func reprice(
        _ selection: RepriceSelection, reason: String,
        using price: @Sendable (UsageEvent) -> PricedEvent
    ) async throws -> RepriceReport

    /// The most recent repricing runs, newest first.
    func repriceHistory(limit: Int) async throws -> [RepriceReport]

    /// Price overrides set through the API.
    func priceOverrides() async throws -> [PriceEntry]

    /// Stores overrides in one transaction, each replacing one with the same provider, model and
    /// date.
    func savePriceOverrides(_ entries: [PriceEntry]) async throws

    /// A number that grows whenever an override is saved, so that each replica can tell cheaply
    /// whether its catalog is current.
    func priceOverridesRevision() async throws -> Int64

    /// Deletes the events before `cutoff` with their rollups and ids, so that a team can keep a
    /// bounded history. PostgreSQL drops whole monthly partitions where it can.
    func deleteEvents(before cutoff: Timestamp) async throws -> RetentionReport

    /// Runs `body` as the named background job unless another replica is running it or it last
    /// started less than `interval` ago; returns whether it ran.
    ///
    /// On PostgreSQL the job is claimed in a table with one atomic statement, so that across any
    /// number of replicas each job runs on one at a time and once per interval; the claim holds no
    /// connection while the job runs.
    func runExclusively(
        job: String, interval: Duration, now: Timestamp, _ body: @Sendable () async throws -> Void
    ) async throws -> Bool

    /// Throws when the database cannot serve requests.
    func checkHealth() async throws
}

/// The result of ingesting one event.
public struct IngestOutcome: Sendable, Hashable {
    /// The stored event: the new one, or the original when `duplicate`.
    public var stored: StoredEvent
    public var duplicate: Bool

    public init(stored: StoredEvent, duplicate: Bool) {
        self.stored = stored
        self.duplicate = duplicate
    }
}

/// An event as stored, with its price and when it arrived.
public struct StoredEvent: Sendable, Hashable {
    public var priced: PricedEvent
    public var ingestedAt: Timestamp

    public init(priced: PricedEvent, ingestedAt: Timestamp) {
        self.priced = priced
        self.ingestedAt = ingestedAt
    }
}

extension LedgerStore {
    /// Stores an override, replacing one with the same provider, model and date.
    public func savePriceOverride(_ entry: PriceEntry) async throws {
        try await savePriceOverrides([entry])
    }
}
