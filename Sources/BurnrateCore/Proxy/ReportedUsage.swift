/// What a provider's response says about the request: the model that ran and the tokens it
/// used, in Burnrate's convention (see `TokenUsage`).
public struct ReportedUsage: Sendable, Hashable {
    /// The model the response names; `nil` when it names none.
    public var model: String?
    public var usage: TokenUsage
    /// The upstream's fields whose counts were out of range (negative, fractional, not a number,
    /// above `Limits.maximumTokens`) and were clamped into it; empty when all were usable.
    public var clampedFields: [String]
    /// The service tier the provider says it billed (`flex`, `priority`, ...); nil for the
    /// standard tier or when the response names none (see `billedTier(_:)`).
    public var serviceTier: String?

    public init(model: String?, usage: TokenUsage, clampedFields: [String] = [], serviceTier: String? = nil) {
        self.model = model
        self.usage = usage
        self.clampedFields = clampedFields
        self.serviceTier = serviceTier
    }

    /// The tier a response's `service_tier` names, as events name it: OpenAI's `default` and
    /// Anthropic's `standard` are the standard rates (nil); anything else (`flex`, `priority`,
    /// `scale`) is priced at that tier's rates, or flagged partially priced where the catalog has
    /// none. A value that is not a short lower-case name is ignored.
    public static func billedTier(_ value: JSONValue?) -> String? {
        guard let name = value?.stringValue?.lowercased(), !name.isEmpty, name.count <= 32,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }),
            !["default", "standard", "auto"].contains(name)
        else { return nil }
        return name
    }
}

/// Token counts read from a provider's `usage` object, each clamped into
/// `0...Limits.maximumTokens`, with the fields that needed it.
public struct CountedUsage: Sendable, Hashable {
    public var usage: TokenUsage
    public var clampedFields: [String]

    public init(usage: TokenUsage, clampedFields: [String] = []) {
        self.usage = usage
        self.clampedFields = clampedFields
    }
}

/// Reads the `usage` blocks of OpenAI- and Anthropic-shaped responses.
///
/// OpenAI already counts like Burnrate: `prompt_tokens` includes
/// `prompt_tokens_details.cached_tokens` and `completion_tokens` includes
/// `completion_tokens_details.reasoning_tokens` (the Responses API names them `input_tokens`,
/// `output_tokens`, `input_tokens_details`, `output_tokens_details`). Anthropic's `input_tokens`
/// leaves out `cache_read_input_tokens` and `cache_creation_input_tokens`, so they are added back
/// to get Burnrate's `inputTokens`.
///
/// Every count is range-checked before any arithmetic: a provider (or something posing as one)
/// that reports a negative, fractional, non-numeric or absurd count gets it clamped into
/// `0...Limits.maximumTokens`, and the field is named in `clampedFields` for the proxy to log and count.
public enum UsageReader {
    /// The usage of a whole (non-streamed) JSON response body; `nil` when it is not JSON or has
    /// no `usage` object.
    public static func response(_ body: some Collection<UInt8>, family: ProxyFamily) -> ReportedUsage? {
        guard let node = try? JSONParser.parse(body) else { return nil }
        return response(node.value, family: family)
    }

    /// The usage of a parsed response object.
    public static func response(_ value: JSONValue, family: ProxyFamily) -> ReportedUsage? {
        guard let usage = value["usage"], case .object = usage else { return nil }
        let model = value["model"]?.stringValue
        let counted =
            switch family {
            case .openAI: openAI(usage)
            case .anthropic: anthropic(usage)
            }
        let tier = ReportedUsage.billedTier(family == .openAI ? value["service_tier"] : usage["service_tier"])
        return ReportedUsage(model: model, usage: counted.usage, clampedFields: counted.clampedFields, serviceTier: tier)
    }

    /// An OpenAI `usage` object (Chat Completions, Completions, Embeddings or Responses).
    public static func openAI(_ usage: JSONValue) -> CountedUsage {
        var counter = Counter()
        let input = counter.count(usage, "prompt_tokens", else: "input_tokens")
        let output = counter.count(usage, "completion_tokens", else: "output_tokens")
        let inputDetails = usage["prompt_tokens_details"] ?? usage["input_tokens_details"]
        let outputDetails = usage["completion_tokens_details"] ?? usage["output_tokens_details"]
        let cached = counter.count(inputDetails, "cached_tokens")
        let reasoning = counter.count(outputDetails, "reasoning_tokens")
        return CountedUsage(
            usage: TokenUsage(
                inputTokens: input, outputTokens: output, cacheReadTokens: min(cached, input), reasoningTokens: min(reasoning, output)),
            clampedFields: counter.clamped)
    }

    /// An Anthropic `usage` object, converted: cache reads and writes are added to the input.
    ///
    /// The 1-hour share of the cache writes comes from `cache_creation.ephemeral_1h_input_tokens`.
    public static func anthropic(_ usage: JSONValue) -> CountedUsage {
        var counter = Counter()
        let uncached = counter.count(usage, "input_tokens")
        let cacheRead = counter.count(usage, "cache_read_input_tokens")
        let cacheWrite = counter.count(usage, "cache_creation_input_tokens")
        let oneHour = counter.count(usage["cache_creation"], "ephemeral_1h_input_tokens")
        let output = counter.count(usage, "output_tokens")
        // Each part is at most `Limits.maximumTokens`, so the sum stays far inside Int64.
        return CountedUsage(
            usage: TokenUsage(
                inputTokens: uncached + cacheRead + cacheWrite, outputTokens: output, cacheReadTokens: cacheRead,
                cacheWriteTokens: cacheWrite, cacheWrite1hTokens: min(oneHour, cacheWrite)),
            clampedFields: counter.clamped)
    }

    /// Reads counts, clamping each into `0...Limits.maximumTokens` and remembering which needed it.
    struct Counter {
        var clamped: [String] = []

        /// The count in `object[field]` (or `object[fallback]` when `field` is absent); 0 when
        /// absent or null.
        mutating func count(_ object: JSONValue?, _ field: String, else fallback: String? = nil) -> Int64 {
            var name = field
            var value = object?[field]
            if value == nil, let fallback {
                name = fallback
                value = object?[fallback]
            }
            guard let value else { return 0 }
            let (count, exact) = UsageReader.clampedCount(value)
            if !exact { clamped.append(name) }
            return count
        }
    }

    /// `value` as a token count in `0...Limits.maximumTokens`, and whether it was one already (null counts
    /// as an exact 0). Whole numbers out of range go to the nearer bound, fractions are rounded
    /// down, and anything that is not a number counts 0.
    public static func clampedCount(_ value: JSONValue) -> (count: Int64, exact: Bool) {
        switch value {
        case .null:
            return (0, true)
        case .number(let text):
            if let whole = Int64(text) {
                let count = min(max(whole, 0), Limits.maximumTokens)
                return (count, count == whole)
            }
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {  // a whole number beyond Int64
                return (text.hasPrefix("-") ? 0 : Limits.maximumTokens, false)
            }
            guard let number = Double(text), number.isFinite else { return (0, false) }
            return (number <= 0 ? 0 : number >= Double(Limits.maximumTokens) ? Limits.maximumTokens : Int64(number), false)
        default:
            return (0, false)
        }
    }
}
