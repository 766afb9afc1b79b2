/// The synthetic company the demo describes: its tenants, features and the models each uses.
public struct DemoProfile: Sendable {
    /// A customer of the company, with its share of traffic and its users.
    public struct Tenant: Sendable {
        public var name: String
        public var weight: Double
        public var users: Int
    }

    /// A product feature: who builds it, how big its prompts are and which models serve it.
    public struct Feature: Sendable {
        public var name: String
        public var team: String
        public var weight: Double
        public var medianInput: Double
        public var medianOutput: Double
        /// Share of requests sent through a batch API.
        public var batchShare: Double
        /// Share of input tokens served from a provider prompt cache, when caching is used.
        public var cachedShare: Double
        /// Share of requests repeating an earlier prompt exactly.
        public var repeatShare: Double
        public var models: [(provider: String, model: String, weight: Double)]
        /// Share of the prompt the client's context compression removes before sending; the
        /// events then report `original_input_tokens`.
        public var compressedShare: Double = 0
    }

    public var tenants: [Tenant]
    public var features: [Feature]

    /// The default demo company: six tenants, seven features, ten models across five providers.
    public static let standard = DemoProfile(
        tenants: [
            Tenant(name: "acme-corp", weight: 0.30, users: 80),
            Tenant(name: "globex", weight: 0.22, users: 60),
            Tenant(name: "initech", weight: 0.16, users: 45),
            Tenant(name: "umbrella-health", weight: 0.14, users: 40),
            Tenant(name: "stark-industries", weight: 0.11, users: 30),
            Tenant(name: "wayne-logistics", weight: 0.07, users: 20),
        ],
        features: [
            Feature(
                name: "chat-assistant", team: "product", weight: 0.34, medianInput: 2_400, medianOutput: 380,
                batchShare: 0, cachedShare: 0.55, repeatShare: 0.04,
                models: [("openai", "gpt-4.1-mini", 0.45), ("anthropic", "claude-sonnet-4-5", 0.35), ("openai", "gpt-4.1", 0.20)]),
            Feature(
                name: "search-rag", team: "search", weight: 0.22, medianInput: 5_500, medianOutput: 260,
                batchShare: 0, cachedShare: 0.25, repeatShare: 0.18,
                models: [("google", "gemini-2.5-flash", 0.6), ("openai", "gpt-4o-mini", 0.4)], compressedShare: 0.3),
            Feature(
                name: "summarization", team: "product", weight: 0.12, medianInput: 9_000, medianOutput: 600,
                batchShare: 0.35, cachedShare: 0, repeatShare: 0.06,
                models: [("anthropic", "claude-haiku-4-5", 0.6), ("google", "gemini-2.5-flash", 0.4)]),
            Feature(
                name: "code-review", team: "devtools", weight: 0.08, medianInput: 14_000, medianOutput: 1_400,
                batchShare: 0, cachedShare: 0.35, repeatShare: 0.02,
                models: [("anthropic", "claude-sonnet-4-5", 0.5), ("openai", "o4-mini", 0.3), ("google", "gemini-2.5-pro", 0.2)]),
            Feature(
                name: "support-triage", team: "support", weight: 0.12, medianInput: 1_600, medianOutput: 120,
                batchShare: 0.6, cachedShare: 0, repeatShare: 0.22,
                models: [("openai", "gpt-4o-mini", 0.5), ("mistral", "mistral-small-latest", 0.3), ("deepseek", "deepseek-v4-flash", 0.2)]),
            Feature(
                name: "embeddings-index", team: "search", weight: 0.08, medianInput: 700, medianOutput: 0,
                batchShare: 0, cachedShare: 0, repeatShare: 0.10,
                models: [("openai", "text-embedding-3-small", 1.0)]),
            Feature(
                name: "agent-workflows", team: "platform", weight: 0.04, medianInput: 18_000, medianOutput: 900,
                batchShare: 0, cachedShare: 0.6, repeatShare: 0.01,
                models: [("openai", "gpt-4.1", 0.6), ("anthropic", "claude-sonnet-4-5", 0.4)]),
        ]
    )
}
