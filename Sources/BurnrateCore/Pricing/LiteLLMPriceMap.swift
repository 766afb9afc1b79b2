public import Foundation

/// Reads and writes LiteLLM's `model_prices_and_context_window.json`: the community price map
/// many teams already maintain, and the format of LiteLLM's custom prices.
///
/// The map keys each model by LiteLLM's name (`gpt-4o`, `groq/llama-3.3-70b-versatile`,
/// `bedrock/us-east-1/anthropic.claude-…`) with per-token prices in dollars as JSON numbers. They
/// are read exactly from their decimal text, never through `Double`.
public enum LiteLLMPriceMap {
    /// A model of the map that was not read, and why.
    public struct Skipped: Sendable, Hashable {
        public var key: String
        public var reason: String
    }

    /// LiteLLM's provider names for the providers Burnrate names otherwise.
    static let providers: [String: String] = [
        "gemini": "google", "vertex_ai-language-models": "google", "vertex_ai-anthropic_models": "anthropic",
        "vertex_ai-mistral_models": "mistral", "bedrock_converse": "bedrock", "together_ai": "together",
        "fireworks_ai": "fireworks", "cohere_chat": "cohere", "text-completion-openai": "openai",
    ]
    /// Modes that bill tokens the way Burnrate records them.
    static let modes: Set<String> = ["chat", "completion", "responses", "embedding"]
    /// Token prices are per token in the map and per million in Burnrate: pico-dollars per token.
    static let picoPerDollar = 12

    /// The price entries of a map, effective from `effectiveFrom`, and the models left out.
    public static func parse(
        _ data: some Collection<UInt8>, effectiveFrom: Date
    ) throws(PriceDocument.Invalid) -> (entries: [PriceEntry], skipped: [Skipped]) {
        let root: JSONNode
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw PriceDocument.Invalid(issues: [FieldIssue(message: error.message + " (column \(error.column))", line: error.line)])
        }
        guard let members = root.members else {
            throw PriceDocument.Invalid(issues: [
                FieldIssue(message: "a LiteLLM price map is an object of model names, found \(root.value.typeDescription)", line: root.line)
            ])
        }
        var entries: [String: PriceEntry] = [:]
        var order: [String] = []
        var skipped: [Skipped] = []
        var issues: [FieldIssue] = []
        // Plain keys first, so that a model's own price wins over its regional variants.
        func rank(_ key: String) -> Int {
            let segments = key.split(separator: "/")
            let regional = segments.last.map { ModelName.withoutBedrockRegion(String($0)) != $0 } ?? false
            return segments.count * 2 + (regional ? 1 : 0)
        }
        let sorted = members.enumerated().sorted { (rank($0.element.key), $0.offset) < (rank($1.element.key), $1.offset) }
        for (_, member) in sorted where member.key != "sample_spec" {
            var reader = ObjectReader(member.node, prefix: "\(member.key).")
            switch read(member.key, member.node, &reader, effectiveFrom: effectiveFrom) {
            case .entry(let entry):
                let id = "\(entry.provider)/\(entry.model)"
                if entries[id] == nil {
                    entries[id] = entry
                    order.append(id)
                } else {
                    skipped.append(Skipped(key: member.key, reason: "the same model as an earlier key (\(id))"))
                }
            case .skipped(let reason): skipped.append(Skipped(key: member.key, reason: reason))
            case .invalid: issues += reader.issues
            }
        }
        guard issues.isEmpty else { throw PriceDocument.Invalid(issues: issues) }
        return (order.compactMap { entries[$0] }, skipped)
    }

    private enum Outcome {
        case entry(PriceEntry)
        case skipped(String)
        case invalid
    }

    private static func read(_ key: String, _ node: JSONNode, _ reader: inout ObjectReader, effectiveFrom: Date) -> Outcome {
        // A member that is not an object is an issue the reader has already recorded.
        guard let members = node.members else { return .invalid }
        let mode = reader.string("mode", maxLength: 64) ?? "chat"
        guard modes.contains(mode) else { return .skipped("mode \(mode) is not billed by tokens") }
        guard reader.has("input_cost_per_token") || reader.has("output_cost_per_token") else {
            return .skipped("no per-token price")
        }
        let litellmProvider = reader.string("litellm_provider", maxLength: 64)?.lowercased() ?? ""
        let provider = providers[litellmProvider] ?? (litellmProvider.isEmpty ? "custom" : litellmProvider)
        let model = modelID(key, litellmProvider: litellmProvider, provider: provider)
        guard !model.isEmpty, model.count <= Limits.maximumValueLength, !Limits.hasControlCharacter(model),
            !Limits.hasControlCharacter(provider)
        else {
            return .skipped(
                "the model or provider name is empty, longer than \(Limits.maximumValueLength) characters or has control characters")
        }
        let embedding = mode == "embedding"
        let rates = rateSet(&reader, suffix: "", embedding: embedding)
        var longContext: LongContextPricing?
        for threshold in thresholds(in: members) {
            if let rates = rateSet(&reader, suffix: "_above_\(threshold / 1000)k_tokens", embedding: embedding) {
                longContext = LongContextPricing(thresholdInputTokens: threshold, rates: rates)
                break
            }
        }
        var tiers: [String: TierPricing] = [:]
        for (tier, suffix) in [("batch", "_batches"), ("flex", "_flex"), ("priority", "_priority")] {
            if let tierRates = rateSet(&reader, suffix: suffix, embedding: embedding) { tiers[tier] = .rates(tierRates) }
        }
        let source = reader.string("source", maxLength: 100_000)
        guard reader.issues.isEmpty else { return .invalid }
        guard let rates else { return .skipped(embedding ? "no input price" : "no input or no output price") }
        return .entry(
            PriceEntry(
                provider: provider, model: model, kind: embedding ? .embedding : .chat, effectiveFrom: effectiveFrom,
                rates: rates, longContext: longContext, tiers: tiers,
                source: String(("LiteLLM price map, key \(key)" + (source.map { " (\($0))" } ?? "")).prefix(500)), origin: .override))
    }

    /// The key without LiteLLM's routing prefix: `groq/llama-3.3-70b-versatile` is
    /// `llama-3.3-70b-versatile`; a Bedrock key's region and commitment segments go too.
    static func modelID(_ key: String, litellmProvider: String, provider: String) -> String {
        var parts = key.lowercased().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let prefixes: Set<String> = [litellmProvider, provider, litellmProvider.split(separator: "-").first.map(String.init) ?? ""]
        if parts.count > 1, prefixes.contains(parts[0]) { parts.removeFirst() }
        if provider == "bedrock", let last = parts.last { return ModelName.withoutBedrockRegion(last) }
        return parts.joined(separator: "/")
    }

    /// The input-token thresholds the map names in `…_above_NNNk_tokens` keys.
    private static func thresholds(in members: [JSONMember]) -> [Int64] {
        var found: Set<Int64> = []
        for member in members {
            guard let range = member.key.range(of: "_above_"), member.key.hasSuffix("k_tokens") else { continue }
            let digits = member.key[range.upperBound...].dropLast("k_tokens".count)
            if let thousands = Int64(digits), thousands > 0, thousands <= 100_000 { found.insert(thousands * 1000) }
        }
        return found.sorted()
    }

    /// The rates named with `suffix` (none for the standard rates), or nil when the map does not
    /// give both the input and the output price. An embedding model's missing output price is
    /// zero, as embeddings produce no output tokens. Nothing else is filled in from another
    /// tier: a rate the map lacks stays missing, so usage at it is flagged, not guessed.
    private static func rateSet(_ reader: inout ObjectReader, suffix: String, embedding: Bool) -> RateSet? {
        let input = rate(&reader, "input_cost_per_token" + suffix)
        let output = rate(&reader, "output_cost_per_token" + suffix) ?? (embedding && input != nil ? TokenRate(picoUSDPerToken: 0) : nil)
        guard let input, let output else { return nil }
        return RateSet(
            input: input, output: output, cacheRead: rate(&reader, "cache_read_input_token_cost" + suffix),
            cacheWrite: rate(&reader, "cache_creation_input_token_cost" + suffix),
            cacheWrite1h: suffix.isEmpty ? rate(&reader, "cache_creation_input_token_cost_above_1hr") : nil)
    }

    private static func rate(_ reader: inout ObjectReader, _ key: String) -> TokenRate? {
        guard let node = reader.node(key) else { return nil }
        guard case .number(let text) = node.value, let pico = scaled(text, by: picoPerDollar) else {
            reader.report(key, "must be a non-negative number of dollars per token", line: node.line)
            return nil
        }
        guard pico <= Limits.maximumRate.picoUSDPerToken else {
            reader.report(key, "is more than \(Limits.maximumRate.perMillionString) dollars per million tokens", line: node.line)
            return nil
        }
        return TokenRate(picoUSDPerToken: pico)
    }

    /// `text` (a JSON number, exponent allowed) times 10^`power`, rounded half up to an integer;
    /// nil for negative numbers or beyond `Int64`.
    static func scaled(_ text: String, by power: Int) -> Int64? {
        var mantissa: Int128 = 0
        var exponent = power
        var digits = 0
        var seenDot = false
        var bytes = Substring(text).utf8[...]
        guard bytes.first != UInt8(ascii: "-") else { return nil }
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                seenDot = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if digits < 30 {
                mantissa = mantissa * 10 + Int128(byte - UInt8(ascii: "0"))
                if mantissa > 0 { digits += 1 }
                if seenDot { exponent -= 1 }
            } else if !seenDot {
                exponent += 1
            }
        }
        if !bytes.isEmpty {
            guard let value = Int(String(Substring(bytes.dropFirst()))), value > -400, value < 400 else { return nil }
            exponent += value
        }
        guard mantissa > 0 else { return 0 }
        if exponent >= 0 {
            for _ in 0..<exponent {
                mantissa *= 10
                guard mantissa <= Int128(Int64.max) else { return nil }
            }
            return Int64(mantissa)
        }
        guard exponent >= -38 else { return 0 }
        var divisor: Int128 = 1
        for _ in 0 ..< -exponent { divisor *= 10 }
        let rounded = (mantissa + divisor / 2) / divisor
        return rounded <= Int128(Int64.max) ? Int64(rounded) : nil
    }

    /// Entries as a LiteLLM map, keyed `provider/model` (the form LiteLLM routes by), so that
    /// Burnrate's prices can be used where LiteLLM's map is expected and read back unchanged.
    public static func serialize(_ entries: [PriceEntry]) -> String {
        let reverse = ["google": "gemini", "together": "together_ai", "fireworks": "fireworks_ai"]
        var members: [(String, JSONValue?)] = []
        for entry in entries {
            let provider = reverse[entry.provider] ?? entry.provider
            var fields: [(String, JSONValue?)] = [
                ("litellm_provider", .string(provider)), ("mode", .string(entry.kind == .embedding ? "embedding" : "chat")),
            ]
            fields += rateFields(entry.rates, suffix: "", cacheWrite1h: true)
            if let long = entry.longContext {
                fields += rateFields(long.rates, suffix: "_above_\(long.thresholdInputTokens / 1000)k_tokens", cacheWrite1h: false)
            }
            for (name, suffix) in [("batch", "_batches"), ("flex", "_flex"), ("priority", "_priority")] {
                switch entry.tiers[name] {
                case .discount(let millionths)?:
                    fields += rateFields(entry.rates.discounted(by: millionths), suffix: suffix, cacheWrite1h: false)
                case .rates(let rates, _)?: fields += rateFields(rates, suffix: suffix, cacheWrite1h: false)
                case nil: break
                }
            }
            if let source = entry.source { fields.append(("source", .string(source))) }
            members.append(("\(provider)/\(entry.model)", .fields(fields)))
        }
        return JSONValue.fields(members).serialized(indent: 2) + "\n"
    }

    private static func rateFields(_ rates: RateSet, suffix: String, cacheWrite1h: Bool) -> [(String, JSONValue?)] {
        func number(_ rate: TokenRate?) -> JSONValue? {
            rate.map { .number(ScaledDecimal.formatTrimmed($0.picoUSDPerToken, scale: picoPerDollar, minimumDecimals: 1)) }
        }
        var fields: [(String, JSONValue?)] = [
            ("input_cost_per_token" + suffix, number(rates.input)), ("output_cost_per_token" + suffix, number(rates.output)),
            ("cache_read_input_token_cost" + suffix, number(rates.cacheRead)),
            ("cache_creation_input_token_cost" + suffix, number(rates.cacheWrite)),
        ]
        if cacheWrite1h { fields.append(("cache_creation_input_token_cost_above_1hr", number(rates.cacheWrite1h))) }
        return fields
    }
}
