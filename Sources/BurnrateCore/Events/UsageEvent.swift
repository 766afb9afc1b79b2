/// One LLM request as a client reports it: what ran, what it used, and who it is attributed to.
public struct UsageEvent: Sendable, Hashable {
    /// The idempotency key: an id already stored is never stored again.
    public var id: String
    public var timestamp: Timestamp
    /// The provider as reported, lower-case; empty when the client did not say.
    public var provider: String
    /// The model id as reported.
    public var model: String
    public var usage: TokenUsage
    /// Whether the request went through a provider's batch API.
    public var batch: Bool
    /// The provider's service tier (`flex`, `priority`, ...), lower-case.
    public var serviceTier: String?
    public var latencyMs: Int64?
    public var status: EventStatus
    public var attribution: Attribution
    public var tags: [String: String]
    /// A hash of the prompt, to find repeated prompts without storing them.
    public var promptHash: String?
    /// Accelerator time the request used, for self-hosted models.
    public var gpuSeconds: Double?
    /// The input tokens the prompt had before the client compressed or optimized it, when the
    /// client reports it; `inputTokens` are the tokens actually sent. The difference is the
    /// compression saving.
    public var originalInputTokens: Int64?
    /// The agent run, trace and step the request belongs to, when the client says.
    public var run: RunPosition

    public init(
        id: String, timestamp: Timestamp, provider: String = "", model: String, usage: TokenUsage,
        batch: Bool = false, serviceTier: String? = nil, latencyMs: Int64? = nil, status: EventStatus = .ok,
        attribution: Attribution = Attribution(), tags: [String: String] = [:], promptHash: String? = nil,
        gpuSeconds: Double? = nil, originalInputTokens: Int64? = nil, run: RunPosition = RunPosition()
    ) {
        self.id = id
        self.timestamp = timestamp
        self.provider = provider
        self.model = model
        self.usage = usage
        self.batch = batch
        self.serviceTier = serviceTier
        self.latencyMs = latencyMs
        self.status = status
        self.attribution = attribution
        self.tags = tags
        self.promptHash = promptHash
        self.gpuSeconds = gpuSeconds
        self.originalInputTokens = originalInputTokens
        self.run = run
    }
}

/// Whether the request succeeded.
public enum EventStatus: String, Sendable, Hashable, CaseIterable {
    case ok
    case error
}

/// Who and what a request is charged to.
public struct Attribution: Sendable, Hashable {
    public var tenant: String?
    public var user: String?
    public var feature: String?
    public var team: String?
    public var environment: String?

    public init(tenant: String? = nil, user: String? = nil, feature: String? = nil, team: String? = nil, environment: String? = nil) {
        self.tenant = tenant
        self.user = user
        self.feature = feature
        self.team = team
        self.environment = environment
    }
}

/// An event with its price, as stored: `pricing` is `nil` for an event whose model has no price
/// yet, which is counted as unpriced, never as free.
public struct PricedEvent: Sendable, Hashable {
    public var event: UsageEvent
    public var pricing: EventPricing?

    public init(event: UsageEvent, pricing: EventPricing?) {
        self.event = event
        self.pricing = pricing
    }

    public var isPriced: Bool { pricing != nil }
    /// Priced, with a rate for every kind of usage it had.
    public var isFullyPriced: Bool { pricing.map { !$0.isPartial } ?? false }
    public var cost: CostBreakdown { pricing?.cost ?? .zero }
}
