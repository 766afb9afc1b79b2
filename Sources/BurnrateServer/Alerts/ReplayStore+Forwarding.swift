import BurnrateCore
import BurnrateStore

/// Everything but the aggregates goes to the store as it is; writing events empties the cache.
extension ReplayStore {
    func ingest(_ events: [PricedEvent]) async throws -> [IngestOutcome] {
        defer { forget() }
        return try await store.ingest(events)
    }

    func reprice(
        _ selection: RepriceSelection, reason: String, using price: @Sendable (UsageEvent) -> PricedEvent
    ) async throws -> RepriceReport {
        defer { forget() }
        return try await store.reprice(selection, reason: reason, using: price)
    }

    func deleteEvents(before cutoff: Timestamp) async throws -> RetentionReport {
        defer { forget() }
        return try await store.deleteEvents(before: cutoff)
    }

    func event(id: String) async throws -> StoredEvent? { try await store.event(id: id) }
    func repriceHistory(limit: Int) async throws -> [RepriceReport] { try await store.repriceHistory(limit: limit) }
    func priceOverrides() async throws -> [PriceEntry] { try await store.priceOverrides() }
    func savePriceOverrides(_ entries: [PriceEntry]) async throws { try await store.savePriceOverrides(entries) }
    func priceOverridesRevision() async throws -> Int64 { try await store.priceOverridesRevision() }
    func checkHealth() async throws { try await store.checkHealth() }

    func runExclusively(
        job: String, interval: Duration, now: Timestamp, _ body: @Sendable () async throws -> Void
    ) async throws -> Bool {
        try await store.runExclusively(job: job, interval: interval, now: now, body)
    }

    func partiallyPriced(_ filter: EventFilter) async throws -> [PartiallyPricedModel] { try await store.partiallyPriced(filter) }

    func saveCostItems(_ items: [CostItem]) async throws -> [CostItemOutcome] { try await store.saveCostItems(items) }
    func costItems(overlapping from: Timestamp?, to: Timestamp?) async throws -> [CostItem] {
        try await store.costItems(overlapping: from, to: to)
    }
    func deleteCostItem(id: String) async throws -> Bool { try await store.deleteCostItem(id: id) }

    func saveOutcomes(_ outcomes: [Outcome]) async throws -> [SavedOutcome] { try await store.saveOutcomes(outcomes) }
    func outcomes(_ filter: OutcomeFilter, after cursor: OutcomeCursor?, limit: Int) async throws -> [Outcome] {
        try await store.outcomes(filter, after: cursor, limit: limit)
    }
    func outcomes(sessionIDs: [String]) async throws -> [Outcome] { try await store.outcomes(sessionIDs: sessionIDs) }

    func events(_ filter: EventFilter, after cursor: EventCursor?, limit: Int) async throws -> [StoredEvent] {
        try await store.events(filter, after: cursor, limit: limit)
    }
    func latestEvents(_ filter: EventFilter, limit: Int) async throws -> [StoredEvent] {
        try await store.latestEvents(filter, limit: limit)
    }

    func saveCharges(_ charges: [ProviderCharge]) async throws -> ChargeSaveReport { try await store.saveCharges(charges) }
    func charges(from: UTCDay?, to: UTCDay?, provider: String?) async throws -> [ProviderCharge] {
        try await store.charges(from: from, to: to, provider: provider)
    }
    func deleteChargeImport(_ importID: String) async throws -> Int { try await store.deleteChargeImport(importID) }

    func saveBudget(_ budget: Budget) async throws { try await store.saveBudget(budget) }
    func budgets() async throws -> [Budget] { try await store.budgets() }
    func budget(id: String) async throws -> Budget? { try await store.budget(id: id) }
    func deleteBudget(id: String) async throws -> Bool { try await store.deleteBudget(id: id) }

    func saveAlerts(_ alerts: [Alert]) async throws { try await store.saveAlerts(alerts) }
    func openAlerts() async throws -> [Alert] { try await store.openAlerts() }
    func alerts(state: AlertState?, rule: String?, before: Timestamp?, limit: Int) async throws -> [Alert] {
        try await store.alerts(state: state, rule: rule, before: before, limit: limit)
    }
    func alert(id: String) async throws -> Alert? { try await store.alert(id: id) }
    func recordDeliveries(_ deliveries: [NotificationDelivery]) async throws { try await store.recordDeliveries(deliveries) }
    func deliveries(alertID: String?, failedOnly: Bool, limit: Int) async throws -> [NotificationDelivery] {
        try await store.deliveries(alertID: alertID, failedOnly: failedOnly, limit: limit)
    }

    func promptRepetition(_ filter: EventFilter) async throws -> [PromptRepetition] { try await store.promptRepetition(filter) }
    func batchProfile(_ filter: EventFilter) async throws -> [BatchProfile] { try await store.batchProfile(filter) }
    func compressionUsage(_ filter: EventFilter, by key: GroupKey?) async throws -> [CompressionUsage] {
        try await store.compressionUsage(filter, by: key)
    }
    func sessions(_ filter: EventFilter, order: SessionOrder, limit: Int, offset: Int) async throws -> [SessionSummary] {
        try await store.sessions(filter, order: order, limit: limit, offset: offset)
    }
    func sessions(ids: [String]) async throws -> [SessionSummary] { try await store.sessions(ids: ids) }
    func session(id: String, limit: Int) async throws -> (summary: SessionSummary, calls: [PricedEvent])? {
        try await store.session(id: id, limit: limit)
    }
    func sessionCostDistribution(_ filter: EventFilter, bucketSeconds: Int64?) async throws -> [SessionCostDistribution] {
        try await store.sessionCostDistribution(filter, bucketSeconds: bucketSeconds)
    }
    func sessionActivity(
        activeFrom from: Timestamp, to: Timestamp, perFeature: Int?, repeatedPrompts: Bool
    ) async throws
        -> [SessionActivity]
    {
        try await store.sessionActivity(activeFrom: from, to: to, perFeature: perFeature, repeatedPrompts: repeatedPrompts)
    }
    func stepCosts(_ filter: EventFilter, limit: Int) async throws -> [StepCost] { try await store.stepCosts(filter, limit: limit) }
}
