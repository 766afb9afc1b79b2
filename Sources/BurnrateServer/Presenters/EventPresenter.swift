import BurnrateCore
import BurnrateStore

/// The JSON shapes of events and their costs.
enum EventPresenter {
    /// The cost parts in dollars, and the exact total in nano-dollars.
    static func cost(_ cost: CostBreakdown) -> JSONValue {
        .fields([
            ("uncached_input_usd", .usd(cost.uncachedInput)),
            ("cache_read_usd", .usd(cost.cacheRead)),
            ("cache_write_usd", .usd(cost.cacheWrite)),
            ("output_usd", .usd(cost.output)),
            ("total_usd", .usd(cost.total)),
            ("total_nanos", .int(cost.total.nanos)),
        ])
    }

    /// What ingest returns per event: its id, whether it was a duplicate, and what it cost.
    static func outcome(_ outcome: IngestOutcome) -> JSONValue {
        let priced = outcome.stored.priced
        return .fields([
            ("id", .string(priced.event.id)),
            ("duplicate", .bool(outcome.duplicate)),
            ("priced", .bool(priced.isPriced)),
            ("price", price(priced)),
            ("cost", priced.isPriced ? cost(priced.cost) : nil),
            ("unpriced_reason", unpricedReason(priced)),
        ])
    }

    static func price(_ priced: PricedEvent) -> JSONValue? {
        guard let pricing = priced.pricing else { return nil }
        return .fields([
            ("id", .string(pricing.priceID)),
            ("tier", .string(pricing.tier)),
            ("long_context", .bool(pricing.longContext)),
            ("partial", .bool(pricing.isPartial)),
            ("unbilled", pricing.isPartial ? .array(pricing.unbilled.names.map(JSONValue.string)) : nil),
            ("unbilled_reason", unbilledReason(priced)),
        ])
    }

    /// Why part of a priced event was not billed, and how to complete it.
    static func unbilledReason(_ priced: PricedEvent) -> JSONValue? {
        guard let pricing = priced.pricing, pricing.isPartial else { return nil }
        var missing: [String] = []
        if pricing.unbilled.contains(.cacheRead) { missing.append("cache reads") }
        if pricing.unbilled.contains(.cacheWrite) { missing.append("5-minute cache writes") }
        if pricing.unbilled.contains(.cacheWrite1h) { missing.append("1-hour cache writes") }
        var text = "\(pricing.priceID) has no rate for "
        if !missing.isEmpty { text += missing.joined(separator: ", ") + ", so those tokens are not in the cost" }
        if pricing.unbilled.contains(.tier) {
            text += (missing.isEmpty ? "" : "; nor ") + "the '\(priced.event.serviceTier ?? "")' tier, so it was billed at standard rates"
        }
        return .string(text + ". Add the rate with PUT /api/v1/prices/{model}, then POST /api/v1/reprice.")
    }

    static func unpricedReason(_ priced: PricedEvent) -> JSONValue? {
        guard !priced.isPriced else { return nil }
        return .string(
            "No price in effect for model '\(priced.event.model)' (provider '\(priced.event.provider)') at \(priced.event.timestamp.rfc3339). Add one with PUT /api/v1/prices/{model}, then POST /api/v1/reprice."
        )
    }

    /// A stored event with every field, its price and cost.
    static func stored(_ stored: StoredEvent) -> JSONValue {
        let priced = stored.priced
        let event = priced.event
        let usage = event.usage
        let attribution = event.attribution
        return .fields([
            ("id", .string(event.id)),
            ("timestamp", .string(event.timestamp.rfc3339)),
            ("provider", .string(priced.event.provider)),
            ("model", .string(event.model)),
            ("input_tokens", .int(usage.inputTokens)),
            ("output_tokens", .int(usage.outputTokens)),
            ("cache_read_tokens", .int(usage.cacheReadTokens)),
            ("cache_write_tokens", .int(usage.cacheWriteTokens)),
            ("cache_write_1h_tokens", .int(usage.cacheWrite1hTokens)),
            ("reasoning_tokens", .int(usage.reasoningTokens)),
            ("batch", .bool(event.batch)),
            ("service_tier", .optionalString(event.serviceTier)),
            ("latency_ms", event.latencyMs.map { .int($0) }),
            ("status", .string(event.status.rawValue)),
            ("tenant", .optionalString(attribution.tenant)),
            ("user", .optionalString(attribution.user)),
            ("feature", .optionalString(attribution.feature)),
            ("team", .optionalString(attribution.team)),
            ("environment", .optionalString(attribution.environment)),
            ("tags", event.tags.isEmpty ? nil : .fields(event.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("prompt_hash", .optionalString(event.promptHash)),
            ("gpu_seconds", event.gpuSeconds.map { .number(String($0)) }),
            ("original_input_tokens", event.originalInputTokens.map { .int($0) }),
            ("session_id", .optionalString(event.run.sessionID)),
            ("trace_id", .optionalString(event.run.traceID)),
            ("parent_id", .optionalString(event.run.parentID)),
            ("step", .optionalString(event.run.step)),
            ("priced", .bool(priced.isPriced)),
            ("price", price(priced)),
            ("cost", priced.isPriced ? cost(priced.cost) : nil),
            ("unpriced_reason", unpricedReason(priced)),
            ("ingested_at", .string(stored.ingestedAt.rfc3339)),
        ])
    }
}
