/// What a provider's response says about the request: the model that ran and the tokens it
/// used, in Burnrate's convention (see `TokenUsage`).
public struct ReportedUsage: Sendable, Hashable {
    /// The model the response names; `nil` when it names none.
    public var model: String?
    public var usage: TokenUsage

    public init(model: String?, usage: TokenUsage) {
        self.model = model
        self.usage = usage
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
        switch family {
        case .openAI: return ReportedUsage(model: model, usage: openAI(usage))
        case .anthropic: return ReportedUsage(model: model, usage: anthropic(usage))
        }
    }

    /// An OpenAI `usage` object (Chat Completions, Completions, Embeddings or Responses).
    public static func openAI(_ usage: JSONValue) -> TokenUsage {
        let input = usage["prompt_tokens"]?.int64 ?? usage["input_tokens"]?.int64 ?? 0
        let output = usage["completion_tokens"]?.int64 ?? usage["output_tokens"]?.int64 ?? 0
        let inputDetails = usage["prompt_tokens_details"] ?? usage["input_tokens_details"]
        let outputDetails = usage["completion_tokens_details"] ?? usage["output_tokens_details"]
        return TokenUsage(
            inputTokens: input, outputTokens: output,
            cacheReadTokens: min(inputDetails?["cached_tokens"]?.int64 ?? 0, input),
            reasoningTokens: min(outputDetails?["reasoning_tokens"]?.int64 ?? 0, output))
    }

    /// An Anthropic `usage` object, converted: cache reads and writes are added to the input.
    ///
    /// The 1-hour share of the cache writes comes from `cache_creation.ephemeral_1h_input_tokens`.
    public static func anthropic(_ usage: JSONValue) -> TokenUsage {
        let uncached = usage["input_tokens"]?.int64 ?? 0
        let cacheRead = usage["cache_read_input_tokens"]?.int64 ?? 0
        let cacheWrite = usage["cache_creation_input_tokens"]?.int64 ?? 0
        let oneHour = usage["cache_creation"]?["ephemeral_1h_input_tokens"]?.int64 ?? 0
        return TokenUsage(
            inputTokens: uncached + cacheRead + cacheWrite, outputTokens: usage["output_tokens"]?.int64 ?? 0,
            cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, cacheWrite1hTokens: min(oneHour, cacheWrite))
    }
}
