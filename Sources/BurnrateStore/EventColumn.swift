import BurnrateCore

/// A column of the `events` view that makes up a `StoredEvent`, named as both backends name it.
///
/// Every `SELECT` of stored events lists `allCases` in this order (`EventColumn.selectList`), and
/// every backend reads a row through `ColumnReader` by column, not by a position written out by
/// hand: a new field is a new case here and a column in each schema.
enum EventColumn: String, CaseIterable, Sendable {
    case id, ts, provider, model
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case cacheReadTokens = "cache_read_tokens"
    case cacheWriteTokens = "cache_write_tokens"
    case cacheWrite1hTokens = "cache_write_1h_tokens"
    case reasoningTokens = "reasoning_tokens"
    case batch
    case serviceTier = "service_tier"
    case latencyMs = "latency_ms"
    case status, tenant
    case user = "user_id"
    case feature, team, environment, tags
    case promptHash = "prompt_hash"
    case gpuSeconds = "gpu_seconds"
    case priceID = "price_id"
    case tier
    case longContext = "long_context"
    case costInput = "cost_input"
    case costCacheRead = "cost_cache_read"
    case costCacheWrite = "cost_cache_write"
    case costOutput = "cost_output"
    case costTotal = "cost_total"
    case ingestedAt = "ingested_at"
    case originalInputTokens = "original_input_tokens"
    case unbilled
    case sessionID = "session_id"
    case traceID = "trace_id"
    case parentID = "parent_id"
    case step

    /// The columns of an event's place in an agent run (`RunPosition`), which came after the
    /// compact layout: a view of a database not yet at `v14-sessions` reads them as `NULL`.
    static let runColumns: [EventColumn] = [.sessionID, .traceID, .parentID, .step]

    /// The column's position in a row selected with `selectList`.
    var index: Int { Self.indexes[self] ?? 0 }

    private static let indexes = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// The column names, in order.
    static let names = allCases.map(\.rawValue)

    /// The select list of every column, in order.
    static let selectList = names.joined(separator: ", ")
}

/// Reads one row's columns; each backend implements it over its own row type.
protocol ColumnReader {
    func text(_ column: EventColumn) throws -> String
    func int(_ column: EventColumn) throws -> Int64
    func optionalInt(_ column: EventColumn) throws -> Int64?
    func optionalText(_ column: EventColumn) throws -> String?
    func flag(_ column: EventColumn) throws -> Bool
    func optionalDouble(_ column: EventColumn) throws -> Double?
}

extension ColumnReader {
    /// The stored event the row holds.
    func storedEvent() throws -> StoredEvent {
        let usage = TokenUsage(
            inputTokens: try int(.inputTokens), outputTokens: try int(.outputTokens), cacheReadTokens: try int(.cacheReadTokens),
            cacheWriteTokens: try int(.cacheWriteTokens), cacheWrite1hTokens: try int(.cacheWrite1hTokens),
            reasoningTokens: try int(.reasoningTokens))
        let event = UsageEvent(
            id: try text(.id), timestamp: Timestamp(microseconds: try int(.ts)), provider: try text(.provider),
            model: try text(.model), usage: usage, batch: try flag(.batch), serviceTier: try optionalText(.serviceTier),
            latencyMs: try optionalInt(.latencyMs), status: EventStatus(rawValue: try text(.status)) ?? .ok,
            attribution: Attribution(
                tenant: try optionalText(.tenant), user: try optionalText(.user), feature: try optionalText(.feature),
                team: try optionalText(.team), environment: try optionalText(.environment)),
            tags: TagCoding.decode(try optionalText(.tags)), promptHash: try optionalText(.promptHash),
            gpuSeconds: try optionalDouble(.gpuSeconds), originalInputTokens: try optionalInt(.originalInputTokens),
            run: RunPosition(
                sessionID: try optionalText(.sessionID), traceID: try optionalText(.traceID), parentID: try optionalText(.parentID),
                step: try optionalText(.step)))
        var pricing: EventPricing?
        if let priceID = try optionalText(.priceID) {
            pricing = EventPricing(
                priceID: priceID, tier: try optionalText(.tier) ?? "standard", longContext: try flag(.longContext),
                cost: CostBreakdown(
                    uncachedInput: Money(nanos: try int(.costInput)), cacheRead: Money(nanos: try int(.costCacheRead)),
                    cacheWrite: Money(nanos: try int(.costCacheWrite)), output: Money(nanos: try int(.costOutput))),
                unbilled: UnbilledRates(storedText: try optionalText(.unbilled)))
        }
        return StoredEvent(priced: PricedEvent(event: event, pricing: pricing), ingestedAt: Timestamp(microseconds: try int(.ingestedAt)))
    }
}
