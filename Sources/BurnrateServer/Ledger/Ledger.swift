import BurnrateCore
import BurnrateStore
import Foundation
import Synchronization

/// The ledger as the application uses it: validated events in, priced and stored; prices managed
/// with their overrides. The HTTP API and the command line both go through it.
///
/// Several replicas may share one store: before pricing, each checks the store's override
/// revision and reloads the overrides another replica saved, so every replica prices alike.
public final class Ledger: Sendable {
    public let store: any LedgerStore
    private let builtin: [PriceEntry]
    private let fileOverrides: [PriceEntry]
    private let catalogState: Mutex<(catalog: PriceCatalog, revision: Int64)>

    /// Opens a ledger over `store`, laying `fileOverrides` and the store's overrides over the
    /// built-in entries.
    public init(store: any LedgerStore, builtin: [PriceEntry], fileOverrides: [PriceEntry] = []) async throws {
        self.store = store
        self.builtin = builtin
        self.fileOverrides = fileOverrides
        let revision = try await store.priceOverridesRevision()
        let stored = try await store.priceOverrides()
        self.catalogState = Mutex((PriceCatalog(entries: builtin).adding(fileOverrides + stored), revision))
    }

    /// The effective catalog now, including overrides saved through any replica.
    public func catalog() async throws -> PriceCatalog {
        let revision = try await store.priceOverridesRevision()
        let current = catalogState.withLock { $0 }
        if current.revision == revision { return current.catalog }
        let stored = try await store.priceOverrides()
        let catalog = PriceCatalog(entries: builtin).adding(fileOverrides + stored)
        catalogState.withLock { state in
            if state.revision < revision { state = (catalog, revision) }
        }
        return catalog
    }

    /// Prices events with the current catalog and stores them in one transaction.
    public func ingest(_ events: [UsageEvent]) async throws -> [IngestOutcome] {
        let catalog = try await self.catalog()
        return try await store.ingest(events.map { Pricer.price($0, catalog: catalog) })
    }

    /// Stores a price override and makes it effective for new events at once.
    ///
    /// Stored events keep their cost until they are repriced.
    public func setPrice(_ entry: PriceEntry) async throws {
        try await setPrices([entry])
    }

    /// Stores several overrides at once, all or none.
    public func setPrices(_ entries: [PriceEntry]) async throws {
        try await store.savePriceOverrides(entries)
        _ = try await catalog()
    }

    /// Compares a prices file's entries with the catalog and, unless `dryRun`, stores the ones
    /// that change a price, effective from `effectiveFrom`; stored events keep their cost until
    /// repriced.
    public func importPrices(_ incoming: [PriceEntry], effectiveFrom: Date?, replace: Bool, dryRun: Bool) async throws -> PriceImportPlan {
        let plan = PriceImport.plan(incoming, over: try await catalog(), effectiveFrom: effectiveFrom, replace: replace)
        // Stored overrides are read back at every catalog load: one that could not be would stop
        // every replica from pricing, so each is checked before any is stored.
        _ = try PriceDocument.parse(Array(PriceDocument.serialize(plan.entries).utf8), origin: .override)
        if !dryRun, !plan.changes.isEmpty { try await setPrices(plan.entries) }
        return plan
    }

    /// Recomputes the cost of the selected events with the current catalog.
    public func reprice(_ selection: RepriceSelection, reason: String) async throws -> RepriceReport {
        let catalog = try await self.catalog()
        return try await store.reprice(selection, reason: reason) { Pricer.price($0, catalog: catalog) }
    }

    /// The date a new override takes effect from when the caller names none: the beginning of
    /// time for a model without any price (so its stored events can be repriced), else today.
    public func defaultEffectiveFrom(provider: String, model: String, now: Date = Date()) async throws -> Date {
        if try await catalog().history(provider: provider, model: model).isEmpty {
            return Date(timeIntervalSince1970: 0)
        }
        return CalendarDate.parse(CalendarDate.string(from: now)) ?? now
    }
}
