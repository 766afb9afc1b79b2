/// The names under which a model id reported by a client may appear in the catalog, most
/// specific first.
///
/// Clients report models as the provider's API names them: dated snapshots
/// (`gpt-4o-2024-08-06`), router prefixes (`openai/gpt-4o`), Bedrock ids with a region and a
/// version (`us.anthropic.claude-sonnet-4-20250514-v1:0`) or Vertex ids (`claude-sonnet-4@20250514`).
/// Exact names are tried first so that a snapshot priced differently keeps its own entry.
public enum ModelName {
    static let bedrockRegions = ["us.", "eu.", "apac.", "global.", "us-gov.", "ca.", "jp.", "au."]
    static let vendorPrefixes = [
        "anthropic.", "meta.", "amazon.", "mistral.", "cohere.", "ai21.", "deepseek.", "openai.", "qwen.", "writer.",
    ]

    /// Candidate lookup names for `model`, and the provider its prefix names, if any.
    public static func candidates(for model: String) -> (names: [String], providerHint: String?) {
        let lowered = model.lowercased().trimmingWhitespace()
        var names: [String] = [lowered]
        var hint: String?
        var current = lowered
        if let slash = current.lastIndex(of: "/") {
            hint = String(current[..<(current.firstIndex(of: "/") ?? slash)])
            current = String(current[current.index(after: slash)...])
            names.append(current)
        }
        if let region = bedrockRegions.first(where: { current.hasPrefix($0) }), current.dropFirst(region.count).contains(".") {
            current = String(current.dropFirst(region.count))
            names.append(current)
        }
        names += snapshotCandidates(current)
        if let vendor = vendorPrefixes.first(where: { current.hasPrefix($0) }) {
            // A vendor prefix with a version (`anthropic.…-v1:0`) is a Bedrock id; without one it
            // names the model's maker.
            hint = hint ?? (current.contains(":") ? "bedrock" : String(vendor.dropLast()))
            let bare = String(current.dropFirst(vendor.count))
            names.append(bare)
            names += snapshotCandidates(bare)
        }
        var seen = Set<String>()
        return (names.filter { seen.insert($0).inserted }, hint)
    }

    /// The names `name` stands for once its version and date suffixes go, one suffix at a time, so
    /// that the most specific entry wins: `anthropic.claude-3-5-haiku-20241022-v1:0` is tried as
    /// `…-20241022` before `claude-3-5-haiku`. A Vertex `@date` is also tried as `-date`
    /// (`claude-sonnet-4@20250514` is `claude-sonnet-4-20250514`), and a preview is tried as its
    /// model last (`gemini-2.5-flash-preview-05-20` is `gemini-2.5-flash`; an experimental `-exp` id
    /// is not, as those were often free).
    static func snapshotCandidates(_ name: String) -> [String] {
        var names: [String] = []
        if let at = name.lastIndex(of: "@") {
            names.append(name[..<at] + "-" + name[name.index(after: at)...])
        }
        var current = name
        while true {
            let next = stripOneSuffix(current)
            if next == current || next.isEmpty { break }
            names.append(next)
            current = next
        }
        if current.hasSuffix("-preview") { names.append(String(current.dropLast(8))) }
        return names
    }

    /// Whether `model` names a Bedrock global cross-Region profile (`global.anthropic.…`), billed
    /// at a model's base rate where other profiles cost more.
    public static func isGlobalProfile(_ model: String) -> Bool {
        let lowered = model.lowercased().trimmingWhitespace()
        let id = lowered.lastIndex(of: "/").map { String(lowered[lowered.index(after: $0)...]) } ?? lowered
        return id.hasPrefix("global.")
    }

    /// A Bedrock id without its inference-profile region (`us.anthropic.…` is `anthropic.…`).
    static func withoutBedrockRegion(_ model: String) -> String {
        guard let region = bedrockRegions.first(where: { model.hasPrefix($0) }), model.dropFirst(region.count).contains(".") else {
            return model
        }
        return String(model.dropFirst(region.count))
    }

    /// Whether `model` is already in lookup form (no upper-case letters, no surrounding space), so
    /// it can be looked up as it is before any other candidate is computed.
    public static func isNormalized(_ model: String) -> Bool {
        let bytes = model.utf8
        guard let first = bytes.first, let last = bytes.last, first != 32, last != 32 else { return false }
        return !bytes.contains { $0 >= 65 && $0 <= 90 }
    }

    /// Removes version and date suffixes: `-v2:0`, `:0`, `@20250514`, `-2024-08-06`, `-20241022`,
    /// `-08-2024`, `-2411`, `-05-20`, `-001`, `-latest`.
    public static func stripSnapshot(_ name: String) -> String {
        var current = name
        while true {
            let next = stripOneSuffix(current)
            if next == current || next.isEmpty { return current }
            current = next
        }
    }

    private static func stripOneSuffix(_ name: String) -> String {
        if let at = name.lastIndex(of: "@") { return String(name[..<at]) }
        if name.hasSuffix("-latest") { return String(name.dropLast(7)) }
        let groups = name.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count >= 2, let last = groups.last else { return name }
        if let colon = last.firstIndex(of: ":"), last[last.index(after: colon)...].allSatisfy(\.isASCIIDigit) {
            let head = last[..<colon]
            if head.first == "v", head.dropFirst().allSatisfy(\.isASCIIDigit), head.count > 1 {
                return groups.dropLast().joined(separator: "-")
            }
            return String(name.dropLast(last.count - last.distance(from: last.startIndex, to: colon)))
        }
        guard last.allSatisfy(\.isASCIIDigit) else { return name }
        let tail = groups.suffix(3).map(String.init)
        if tail.count == 3, tail[0].count == 4, tail[1].count == 2, tail[2].count == 2, tail.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) {
            return groups.dropLast(3).joined(separator: "-")
        }
        let pair = groups.suffix(2).map(String.init)
        if groups.count >= 3, pair[0].count == 2, pair[0].allSatisfy(\.isASCIIDigit), [2, 4].contains(pair[1].count) {
            return groups.dropLast(2).joined(separator: "-")
        }
        if [3, 4, 8].contains(last.count) { return groups.dropLast().joined(separator: "-") }
        return name
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
