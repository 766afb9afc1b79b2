import BurnrateCore

/// Durable storage for non-token cost items.
///
/// Writes are atomic per call, and idempotent by id like events: saving an id already stored
/// stores nothing and returns the stored original.
public protocol CostItemStore: Sendable {
    /// Stores the items whose ids are new, in one transaction. Returns one outcome per item in
    /// order; an item whose id is stored (or repeated earlier in the batch) comes back as the
    /// stored original with `duplicate` set.
    func saveCostItems(_ items: [CostItem]) async throws -> [CostItemOutcome]

    /// The items with any part in `[from, to)` (a `nil` bound is open), by period start and id.
    /// An open-ended monthly item overlaps every range that ends after it starts.
    func costItems(overlapping from: Timestamp?, to: Timestamp?) async throws -> [CostItem]

    /// Deletes the item with this id; returns whether there was one.
    func deleteCostItem(id: String) async throws -> Bool
}

/// Reading stored events page by page, for exports whose memory must stay flat however many
/// events match.
public protocol EventExportStore: Sendable {
    /// Up to `limit` events matching `filter` after `cursor` (from the first when `nil`), in
    /// `(timestamp, id)` order with ids compared byte by byte. Pass the cursor of the last event
    /// of a page (`EventCursor(after:)`) to read the next; a page shorter than `limit` is the last.
    func events(_ filter: EventFilter, after cursor: EventCursor?, limit: Int) async throws -> [StoredEvent]

    /// The newest `limit` events matching `filter`, newest first (the same instant by id,
    /// descending): the latest requests of a view. Implementations read raw events only from
    /// the hour the rollups say the newest `limit` start in (`narrowedToLatest`).
    func latestEvents(_ filter: EventFilter, limit: Int) async throws -> [StoredEvent]
}

/// The result of saving one cost item.
public struct CostItemOutcome: Sendable, Hashable {
    /// The stored item: the new one, or the original when `duplicate`.
    public var item: CostItem
    public var duplicate: Bool

    public init(item: CostItem, duplicate: Bool) {
        self.item = item
        self.duplicate = duplicate
    }
}
