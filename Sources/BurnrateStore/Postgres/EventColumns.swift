import BurnrateCore
import PostgresNIO

/// The events table's columns, in the order `COPY` writes and queries read them.
enum EventColumns {
    static let names = [
        "id", "ts", "provider", "model", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
        "cache_write_1h_tokens", "reasoning_tokens", "batch", "service_tier", "latency_ms", "status", "tenant", "user_id",
        "feature", "team", "environment", "tags", "prompt_hash", "gpu_seconds", "price_id", "tier", "long_context",
        "cost_input", "cost_cache_read", "cost_cache_write", "cost_output", "cost_total", "ingested_at",
        "original_input_tokens", "unbilled",
    ]

    /// The select list, with the tags read back as text.
    static let select = names.map { $0 == "tags" ? "tags::text" : $0 }.joined(separator: ", ")

    static func storedEvent(from row: PostgresRow) throws -> StoredEvent {
        let cells = row.makeRandomAccess()
        let usage = TokenUsage(
            inputTokens: try cells[4].decode(Int64.self), outputTokens: try cells[5].decode(Int64.self),
            cacheReadTokens: try cells[6].decode(Int64.self), cacheWriteTokens: try cells[7].decode(Int64.self),
            cacheWrite1hTokens: try cells[8].decode(Int64.self), reasoningTokens: try cells[9].decode(Int64.self))
        let event = UsageEvent(
            id: try cells[0].decode(String.self), timestamp: Timestamp(microseconds: try cells[1].decode(Int64.self)),
            provider: try cells[2].decode(String.self), model: try cells[3].decode(String.self), usage: usage,
            batch: try cells[10].decode(Bool.self), serviceTier: try cells[11].decode(String?.self),
            latencyMs: try cells[12].decode(Int64?.self),
            status: EventStatus(rawValue: try cells[13].decode(String.self)) ?? .ok,
            attribution: Attribution(
                tenant: try cells[14].decode(String?.self), user: try cells[15].decode(String?.self),
                feature: try cells[16].decode(String?.self), team: try cells[17].decode(String?.self),
                environment: try cells[18].decode(String?.self)),
            tags: TagCoding.decode(try cells[19].decode(String?.self)), promptHash: try cells[20].decode(String?.self),
            gpuSeconds: try cells[21].decode(Double?.self), originalInputTokens: try cells[31].decode(Int64?.self))
        var pricing: EventPricing?
        if let priceID = try cells[22].decode(String?.self) {
            pricing = EventPricing(
                priceID: priceID, tier: try cells[23].decode(String?.self) ?? "standard", longContext: try cells[24].decode(Bool.self),
                cost: CostBreakdown(
                    uncachedInput: Money(nanos: try cells[25].decode(Int64.self)),
                    cacheRead: Money(nanos: try cells[26].decode(Int64.self)),
                    cacheWrite: Money(nanos: try cells[27].decode(Int64.self)), output: Money(nanos: try cells[28].decode(Int64.self))),
                unbilled: UnbilledRates(storedText: try cells[32].decode(String?.self)))
        }
        return StoredEvent(
            priced: PricedEvent(event: event, pricing: pricing), ingestedAt: Timestamp(microseconds: try cells[30].decode(Int64.self)))
    }
}
