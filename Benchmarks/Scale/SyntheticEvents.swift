import BurnrateCore
import Foundation

/// A deterministic stream of synthetic usage events spread over a year, each computed from its
/// index alone, so that any batch can be generated on its own and every run (and every backend)
/// gets the very same events.
///
/// The mix: 12 priced models from 7 providers of the built-in catalog plus a self-hosted model
/// the catalog does not know (~3% of events, stored unpriced), 50 tenants with a long tail, 20
/// features owned by 6 teams (each tenant uses 6 of them, each feature 3 models), three
/// environments, 5,000 users on ~70% of events, tags on ~60%, ~3% errors, ~4% batch API, some
/// prompt caching, reasoning and flex-tier traffic.
struct SyntheticEvents: Sendable {
    let count: Int
    let seed: UInt64
    /// The first instant of the history.
    let start: Timestamp
    /// The end of the history (exclusive); queries look back from here.
    let end: Timestamp

    init(count: Int, seed: UInt64, end: Timestamp, days: Int64 = 365) {
        self.count = count
        self.seed = seed
        self.end = end
        self.start = end.adding(seconds: -days * 86_400)
    }

    struct Model: Sendable {
        var provider: String
        var name: String
        var kind: Kind
        enum Kind: Sendable { case chat, reasoning, embedding, selfHosted }
    }

    static let models: [Model] = [
        Model(provider: "openai", name: "gpt-4.1-mini", kind: .chat),
        Model(provider: "openai", name: "gpt-4.1", kind: .chat),
        Model(provider: "openai", name: "gpt-4o-mini", kind: .chat),
        Model(provider: "openai", name: "o4-mini", kind: .reasoning),
        Model(provider: "openai", name: "text-embedding-3-small", kind: .embedding),
        Model(provider: "anthropic", name: "claude-sonnet-4-5", kind: .chat),
        Model(provider: "anthropic", name: "claude-haiku-4-5", kind: .chat),
        Model(provider: "google", name: "gemini-2.5-flash", kind: .chat),
        Model(provider: "google", name: "gemini-2.5-pro", kind: .reasoning),
        Model(provider: "deepseek", name: "deepseek-chat", kind: .chat),
        Model(provider: "mistral", name: "mistral-small-latest", kind: .chat),
        Model(provider: "groq", name: "llama-3.3-70b-versatile", kind: .chat),
    ]
    /// A fine-tune served on the team's own GPUs: not in the catalog, so its events are unpriced.
    static let unknownModel = Model(provider: "vllm", name: "acme-llama-70b-ft", kind: .selfHosted)

    static let teams = ["product", "search", "support", "devtools", "data", "growth"]
    static let features: [(name: String, team: String)] = [
        "chat-assistant", "search-rag", "summarization", "code-review", "support-triage", "email-drafts",
        "doc-extraction", "translation", "classification", "embeddings-index", "sql-copilot", "meeting-notes",
        "sales-insights", "onboarding-bot", "qa-generation", "moderation", "report-writer", "ticket-routing",
        "knowledge-base", "voice-transcripts",
    ].enumerated().map { index, name in (name, teams[index % teams.count]) }
    static let tenants: [String] = (0..<50).map { "tenant-\(twoDigits($0))" }
    static let userCount = 5_000
    static let regions = ["eu", "us", "apac"]
    static let plans = ["free", "pro", "enterprise"]

    /// Cumulative tenant weights: a Zipf-like long tail (the biggest tenant has ~10% of traffic).
    static let tenantCumulative: [Double] = cumulative((0..<50).map { 1 / pow(Double($0 + 1), 0.8) })

    /// Cumulative weights of the six features a tenant uses.
    static let featureCumulative: [Double] = cumulative([0.35, 0.25, 0.15, 0.1, 0.1, 0.05])

    static func cumulative(_ weights: [Double]) -> [Double] {
        let total = weights.reduce(0, +)
        var sum = 0.0
        return weights.map {
            sum += $0 / total
            return sum
        }
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    static func fourDigits(_ n: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// The models a feature uses, with weights: three per feature, rotating through the list.
    static func featureModels(_ feature: Int) -> [(Int, Double)] {
        [(feature % models.count, 0.6), ((feature * 5 + 3) % models.count, 0.3), ((feature * 7 + 1) % models.count, 0.1)]
    }

    /// The SplitMix64 finalizer: a bijection on 64-bit values, so distinct indexes give distinct ids.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hex16(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// The event with index `n` (0 ..< count).
    func event(_ n: Int) -> UsageEvent {
        var random = SeededRandom(seed: Self.mix(UInt64(n) ^ seed))
        // Ids look like the random request ids clients send: no order, so the unique index takes
        // inserts all over its range, as it would in production.
        let id = "evt-" + Self.hex16(Self.mix(UInt64(n) &+ (seed << 32)))

        // Time: the history in index order (ingest follows the clock), jittered by up to ±20
        // minutes; 1% arrive late, up to two days after they happened.
        let span = end.microseconds - start.microseconds
        var micros = start.microseconds + Int64((Double(n) + 0.5) / Double(count) * Double(span))
        micros += Int64((random.unit() - 0.5) * 2_400_000_000)
        if random.chance(0.01) { micros -= Int64(random.unit() * 172_800_000_000) }
        micros = min(max(micros, start.microseconds), end.microseconds - 1)

        let tenantDraw = random.unit()
        let tenantIndex = Self.tenantCumulative.firstIndex { tenantDraw < $0 } ?? Self.tenants.count - 1
        // Each tenant uses six of the features, some much more than others.
        let featureDraw = random.unit()
        let featureRank = Self.featureCumulative.firstIndex { featureDraw < $0 } ?? 5
        let featureIndex = (tenantIndex * 7 + featureRank * 3) % Self.features.count
        let feature = Self.features[featureIndex]

        let model: Model
        if random.chance(0.03) {
            model = Self.unknownModel
        } else {
            let choices = Self.featureModels(featureIndex)
            let draw = random.unit()
            model = Self.models[draw < choices[0].1 ? choices[0].0 : draw < choices[0].1 + choices[1].1 ? choices[1].0 : choices[2].0]
        }

        let failed = random.chance(0.03)
        var usage = TokenUsage(
            inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0)
        usage.inputTokens = Int64(min(max(random.logNormal(median: model.kind == .embedding ? 600 : 2_400, sigma: 1.0), 1), 400_000))
        if model.kind != .embedding && !failed {
            usage.outputTokens = Int64(min(max(random.logNormal(median: 320, sigma: 0.9), 1), 32_000))
            if model.kind == .reasoning {
                usage.reasoningTokens = Int64(Double(usage.outputTokens) * (0.3 + 0.5 * random.unit()))
            }
            if model.kind != .selfHosted && random.chance(0.3) {
                usage.cacheReadTokens = Int64(Double(usage.inputTokens) * (0.3 + 0.6 * random.unit()))
            }
            if model.provider == "anthropic" && random.chance(0.08) {
                usage.cacheWriteTokens = (usage.inputTokens - usage.cacheReadTokens) / 2
                if random.chance(0.25) { usage.cacheWrite1hTokens = usage.cacheWriteTokens }
            }
        }
        let batch = model.kind != .selfHosted && random.chance(0.04)
        let serviceTier: String? = model.provider == "openai" && !batch && random.chance(0.03) ? "flex" : nil
        let latency = Int64(random.logNormal(median: batch ? 60_000 : 1_100, sigma: 0.6))

        let environmentDraw = random.unit()
        let environment = environmentDraw < 0.85 ? "production" : environmentDraw < 0.95 ? "staging" : "development"
        let user: String? = random.chance(0.7) ? "user-" + Self.fourDigits(Int(random.next() % UInt64(Self.userCount))) : nil

        var tags: [String: String] = [:]
        if random.chance(0.6) {
            tags["region"] = Self.regions[Int(random.next() % 3)]
            tags["plan"] = Self.plans[Int(random.next() % 3)]
            if random.chance(0.15) { tags["experiment"] = "exp-\(random.next() % 12)" }
        }
        let promptHash: String? = random.chance(0.2) ? Self.hex16(random.next()) : nil

        return UsageEvent(
            id: id, timestamp: Timestamp(microseconds: micros), provider: model.provider, model: model.name, usage: usage,
            batch: batch, serviceTier: serviceTier, latencyMs: latency, status: failed ? .error : .ok,
            attribution: Attribution(
                tenant: Self.tenants[tenantIndex], user: user, feature: feature.name, team: feature.team,
                environment: environment),
            tags: tags, promptHash: promptHash,
            gpuSeconds: model.kind == .selfHosted ? Double(latency) / 1000 * 0.9 : nil)
    }

    /// The user the user-filtered query asks for.
    static let sampleUser = "user-0042"
    /// The tenant the tenant-filtered query asks for (about 4% of the events).
    static let sampleTenant = "tenant-03"
}
