public import Foundation

/// Reads and writes the price-file format shared by the built-in catalog, `--prices` files and
/// `PUT /api/v1/prices/{model}`: prices in dollars per million tokens as decimal strings.
public enum PriceDocument {
    static let entryKeys: Set<String> = [
        "provider", "model", "display_name", "kind", "aliases", "effective_from", "input", "output",
        "cache_read", "cache_write", "cache_write_1h", "long_context", "tiers", "regional_multiplier", "source",
        // Informational keys written by `GET /api/v1/prices`, ignored on input so its output can be
        // saved and reused as a prices file.
        "id", "origin",
    ]
    static let rateKeys: Set<String> = ["input", "output", "cache_read", "cache_write", "cache_write_1h"]

    /// Every problem found in a prices file, each with its line.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var issues: [FieldIssue]
        public var description: String { issues.map(\.description).joined(separator: "\n") }
    }

    /// Parses a prices file: `{"models": [...]}` or a bare array of entries.
    public static func parse(_ data: some Collection<UInt8>, origin: PriceOrigin) throws(Invalid) -> [PriceEntry] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw Invalid(issues: [FieldIssue(message: error.message + " (column \(error.column))", line: error.line)])
        }
        let list: [JSONNode]
        if let elements = root.elements {
            list = elements
        } else {
            var reader = ObjectReader(root)
            reader.rejectUnknownKeys(allowed: ["catalog_version", "models"])
            _ = reader.string("catalog_version")
            guard let models = reader.node("models")?.elements else {
                reader.report("models", "is required and must be an array of price entries")
                throw Invalid(issues: reader.issues)
            }
            guard reader.issues.isEmpty else { throw Invalid(issues: reader.issues) }
            list = models
        }
        var entries: [(entry: PriceEntry, line: Int)] = []
        var issues: [FieldIssue] = []
        for (index, node) in list.enumerated() {
            var reader = ObjectReader(node, index: index)
            if let entry = readEntry(&reader, origin: origin) {
                entries.append((entry, node.line))
            }
            issues.append(contentsOf: reader.issues)
        }
        issues.append(contentsOf: duplicateIssues(entries))
        guard issues.isEmpty else { throw Invalid(issues: issues) }
        return entries.map(\.entry)
    }

    /// Reads one entry; `provider` and `model` may be supplied by the caller (from a URL path)
    /// instead of the body.
    public static func readEntry(
        _ reader: inout ObjectReader, origin: PriceOrigin,
        provider fixedProvider: String? = nil, model fixedModel: String? = nil,
        defaultEffectiveFrom: Date? = nil
    ) -> PriceEntry? {
        reader.rejectUnknownKeys(allowed: entryKeys)
        let provider = reader.string("provider", required: fixedProvider == nil, maxLength: 64) ?? fixedProvider
        let model = reader.name("model", required: fixedModel == nil) ?? fixedModel
        if let fixedModel, let model, model.lowercased() != fixedModel.lowercased() {
            reader.report("model", "is '\(model)' but the URL names '\(fixedModel)'")
        }
        let displayName = reader.string("display_name")
        var kind = ModelKind.chat
        if let text = reader.string("kind") {
            if let parsed = ModelKind(rawValue: text) {
                kind = parsed
            } else {
                reader.report("kind", "must be one of \(ModelKind.allCases.map(\.rawValue).joined(separator: ", ")) (got \(text))")
            }
        }
        let aliases = reader.strings("aliases") ?? []
        var effectiveFrom = defaultEffectiveFrom
        if let text = reader.string("effective_from") {
            effectiveFrom = CalendarDate.parse(text) ?? Timestamp(rfc3339: text)?.date
            if effectiveFrom == nil { reader.report("effective_from", "must be a date YYYY-MM-DD or an RFC 3339 time (got \(text))") }
        } else if defaultEffectiveFrom == nil {
            reader.report("effective_from", "is required (YYYY-MM-DD)")
        }
        let rates = readRates(&reader)
        let longContext = readLongContext(&reader)
        var tiers: [String: TierPricing] = [:]
        if let tiersNode = reader.node("tiers"), let members = tiersNode.members {
            for member in members {
                let name = member.key.lowercased()
                var nested = ObjectReader(member.node, prefix: "tiers.\(member.key).")
                if nested.has("discount") {
                    nested.rejectUnknownKeys(allowed: ["discount"])
                    if let millionths = nested.decimal("discount", scale: 6) {
                        if millionths > 1_000_000 {
                            nested.report("discount", "must be a fraction from 0 to 1 (0.5 is half price)")
                        } else {
                            tiers[name] = .discount(millionths: millionths)
                        }
                    }
                } else {
                    nested.rejectUnknownKeys(allowed: rateKeys.union(["long_context"]))
                    let tierLongContext = readLongContext(&nested)
                    if let rates = readRates(&nested) { tiers[name] = .rates(rates, longContext: tierLongContext) }
                }
                for issue in nested.issues {
                    reader.report(issue.field ?? "tiers", issue.message, line: issue.line)
                }
            }
        } else if let tiersNode = reader.node("tiers") {
            reader.report("tiers", "must be an object of tier names, found \(tiersNode.value.typeDescription)", line: tiersNode.line)
        }
        var regionalMultiplier: Int64?
        if reader.has("regional_multiplier") {
            regionalMultiplier = reader.decimal("regional_multiplier", scale: 6)
            if let value = regionalMultiplier, !(1_000_000...10_000_000).contains(value) {
                reader.report("regional_multiplier", "must be from 1 to 10 (1.10 is 10% more outside the global profile)")
            }
        }
        let source = reader.string("source", maxLength: 500)
        guard reader.issues.isEmpty, let provider, let model, let effectiveFrom, let rates else { return nil }
        guard !provider.isEmpty, !model.isEmpty else {
            reader.report(provider.isEmpty ? "provider" : "model", "must not be empty")
            return nil
        }
        return PriceEntry(
            provider: provider, model: model, displayName: displayName, kind: kind, aliases: aliases,
            effectiveFrom: effectiveFrom, rates: rates, longContext: longContext, tiers: tiers,
            regionalMultiplier: regionalMultiplier, source: source, origin: origin)
    }

    /// Rates above an input-token threshold, under `long_context`.
    private static func readLongContext(_ reader: inout ObjectReader) -> LongContextPricing? {
        reader.object("long_context") { nested in
            nested.rejectUnknownKeys(allowed: rateKeys.union(["threshold_input_tokens"]))
            let threshold = nested.integer("threshold_input_tokens", in: 1...100_000_000, required: true)
            guard let threshold, let rates = readRates(&nested) else { return nil }
            return LongContextPricing(thresholdInputTokens: threshold, rates: rates)
        }
    }

    private static func readRates(_ reader: inout ObjectReader) -> RateSet? {
        let input = readRate(&reader, "input", required: true)
        let output = readRate(&reader, "output", required: true)
        let cacheRead = readRate(&reader, "cache_read")
        let cacheWrite = readRate(&reader, "cache_write")
        let cacheWrite1h = readRate(&reader, "cache_write_1h")
        guard let input, let output else { return nil }
        return RateSet(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite, cacheWrite1h: cacheWrite1h)
    }

    /// A price in dollars per million tokens, at most `Limits.maximumRate`.
    private static func readRate(_ reader: inout ObjectReader, _ key: String, required: Bool = false) -> TokenRate? {
        guard let micros = reader.decimal(key, scale: 6, required: required) else { return nil }
        guard micros <= Limits.maximumRate.picoUSDPerToken else {
            reader.report(
                key,
                "must be at most \(Limits.maximumRate.perMillionString) dollars per million tokens (got \(TokenRate(picoUSDPerToken: micros).perMillionString))"
            )
            return nil
        }
        return TokenRate(picoUSDPerToken: micros)
    }

    private static func duplicateIssues(_ entries: [(entry: PriceEntry, line: Int)]) -> [FieldIssue] {
        var firstLine: [String: Int] = [:]
        var owners: [String: String] = [:]
        for (entry, _) in entries {
            owners["\(entry.provider)/\(entry.model)"] = entry.model
        }
        var issues: [FieldIssue] = []
        for (entry, line) in entries {
            if let first = firstLine[entry.id] {
                issues.append(FieldIssue(field: "model", message: "\(entry.id) is already defined on line \(first)", line: line))
            }
            firstLine[entry.id] = firstLine[entry.id] ?? line
            for alias in entry.aliases {
                let key = "\(entry.provider)/\(alias)"
                if let owner = owners[key], owner != entry.model {
                    issues.append(
                        FieldIssue(
                            field: "aliases", message: "alias '\(alias)' of \(entry.provider)/\(entry.model) is already used by \(owner)",
                            line: line))
                }
                owners[key] = entry.model
            }
        }
        return issues
    }
}
