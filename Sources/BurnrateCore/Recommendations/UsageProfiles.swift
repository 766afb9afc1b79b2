/// How often one feature's prompts to one model repeat, as the store counts them from the raw
/// events (`prompt_hash`).
public struct PromptRepetition: Sendable, Hashable {
    /// `nil` for events without a feature.
    public var feature: String?
    public var provider: String
    public var model: String
    /// Priced requests that carried a `prompt_hash`.
    public var hashedRequests: Int64 = 0
    /// Distinct hashes among them.
    public var distinctPrompts: Int64 = 0
    /// The recorded cost of the hashed requests.
    public var hashedCost = Money.zero
    /// Requests whose hash occurs more than once (every occurrence, the first included).
    public var repeatedRequests: Int64 = 0
    /// How many distinct hashes occur more than once.
    public var repeatedPrompts: Int64 = 0
    /// Input tokens of the repeated requests (cache reads included).
    public var repeatedInputTokens: Int64 = 0
    /// Cache-read tokens of the repeated requests.
    public var repeatedCacheReadTokens: Int64 = 0
    /// The recorded cost of the repeated requests.
    public var repeatedCost = Money.zero
    /// The recorded cost of the repeated requests' uncached input tokens.
    public var repeatedUncachedInputCost = Money.zero

    public init(feature: String?, provider: String, model: String) {
        self.feature = feature
        self.provider = provider
        self.model = model
    }

    /// Requests an exact-match cache would have answered: every repeat after a prompt's first.
    public var cacheableRequests: Int64 { hashedRequests - distinctPrompts }
}

/// One feature's traffic on one model, split by whether it went through a batch API.
public struct BatchProfile: Sendable, Hashable {
    public var feature: String?
    public var provider: String
    public var model: String
    /// Priced requests.
    public var requests: Int64 = 0
    /// Of those, the requests sent through a batch API.
    public var batchRequests: Int64 = 0
    /// The recorded cost of the requests not sent through a batch API.
    public var interactiveCost = Money.zero

    public init(feature: String?, provider: String, model: String) {
        self.feature = feature
        self.provider = provider
        self.model = model
    }
}
