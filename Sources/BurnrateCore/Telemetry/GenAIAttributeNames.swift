/// The span attributes Burnrate reads as GenAI usage, each as a list of names tried in order:
/// the current OpenTelemetry GenAI semantic conventions first, then the names older
/// conventions, OpenLLMetry (Traceloop) and OpenLIT write.
public enum GenAIAttributeNames {
    /// The model that answered; preferred over the requested one (it names the dated snapshot).
    public static let responseModel = ["gen_ai.response.model", "llm.response.model"]
    public static let requestModel = ["gen_ai.request.model", "llm.request.model"]
    /// Current `gen_ai.provider.name` first, then the older `gen_ai.system`.
    public static let provider = ["gen_ai.provider.name", "gen_ai.system", "llm.vendor"]
    /// Input tokens, cached ones included (the semantic conventions' rule and ours).
    public static let inputTokens = ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.usage.prompt_tokens"]
    /// Output tokens, reasoning included.
    public static let outputTokens = [
        "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.usage.completion_tokens",
    ]
    public static let cacheReadTokens = [
        "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens", "gen_ai.usage.input_tokens.cached",
        "llm.usage.cache_read_input_tokens",
    ]
    public static let cacheWriteTokens = [
        "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_creation_input_tokens",
        "gen_ai.usage.input_tokens.cache_write", "llm.usage.cache_creation_input_tokens",
    ]
    public static let reasoningTokens = [
        "gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens", "gen_ai.usage.output_tokens.reasoning",
        "llm.usage.reasoning_tokens",
    ]
    public static let serviceTier = [
        "gen_ai.openai.response.service_tier", "openai.response.service_tier", "gen_ai.response.service_tier",
        "gen_ai.openai.request.service_tier", "openai.request.service_tier", "gen_ai.request.service_tier",
    ]
    public static let operation = "gen_ai.operation.name"
    /// The conversation or agent run a call belongs to: Burnrate's session.
    public static let conversation = ["gen_ai.conversation.id", "session.id"]
    /// A name for the step of the run that made the call (Burnrate's own attribute).
    public static let step = ["burnrate.step"]

    /// Every token attribute: a span carrying one of them, or a model attribute, is a GenAI span.
    public static let tokenAttributes = inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens + reasoningTokens

    /// Operations that wrap model calls rather than make one (agents, tools, workflows): their
    /// token counts, when present, add up the model calls beneath them, which are recorded from
    /// their own spans, so recording these too would count the tokens twice.
    public static let aggregateOperations: Set<String> = [
        "invoke_agent", "create_agent", "execute_tool", "invoke_workflow", "agent", "framework", "execute_task",
    ]

    /// Provider names as instrumentations write them (`gen_ai.provider.name`, `gen_ai.system`),
    /// lower-cased, mapped to the provider ids of Burnrate's price catalog. A name not listed
    /// is kept as it is, lower-cased.
    public static let providerIDs: [String: String] = [
        "openai": "openai", "anthropic": "anthropic",
        "aws.bedrock": "bedrock", "aws_bedrock": "bedrock", "bedrock": "bedrock", "aws": "bedrock",
        "azure.ai.openai": "azure", "az.ai.openai": "azure", "azure.ai.inference": "azure", "az.ai.inference": "azure",
        "azure": "azure", "azure_openai": "azure", "azure-openai": "azure",
        "gcp.gemini": "google", "gcp.vertex_ai": "google", "gcp.gen_ai": "google", "vertex_ai": "google",
        "vertexai": "google", "gemini": "google", "google": "google", "google.ai.studio": "google",
        "mistral_ai": "mistral", "mistralai": "mistral", "mistral": "mistral",
        "x_ai": "xai", "xai": "xai", "cohere": "cohere", "deepseek": "deepseek", "groq": "groq",
        "together": "together", "together_ai": "together", "togetherai": "together",
    ]

    /// Burnrate's provider id for an instrumentation's provider name.
    public static func providerID(_ name: String) -> String {
        let lowered = name.lowercased()
        return providerIDs[lowered] ?? lowered
    }
}
