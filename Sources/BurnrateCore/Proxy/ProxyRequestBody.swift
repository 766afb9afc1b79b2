/// What the proxy reads from a client's request body: the model, whether it streams, whether it
/// already asked for usage in the stream, its output limit and a hash of its prompt.
///
/// The body itself is forwarded byte for byte; the one exception is
/// `addingIncludeUsage(to:)`, which asks an OpenAI-compatible server to report usage in a stream.
public struct ProxyRequestBody: Sendable, Hashable {
    /// The `model` field; for Azure OpenAI the deployment stands in for it.
    public var model: String?
    /// Whether `stream` is `true`.
    public var stream: Bool
    /// Whether `stream_options.include_usage` is `true`.
    public var includesUsage: Bool
    /// The most output tokens the request allows (the largest of `max_tokens`,
    /// `max_completion_tokens` and `max_output_tokens`), when it says.
    public var maxOutputTokens: Int64?
    /// SHA-256 (hex) of the prompt: the parts of the body that carry it, serialized.
    public var promptHash: String?

    public init(
        model: String? = nil, stream: Bool = false, includesUsage: Bool = false, maxOutputTokens: Int64? = nil, promptHash: String? = nil
    ) {
        self.model = model
        self.stream = stream
        self.includesUsage = includesUsage
        self.maxOutputTokens = maxOutputTokens
        self.promptHash = promptHash
    }

    /// The largest output limit a request may ask for. Real models allow far fewer; the bound
    /// keeps the budget reservation, which prices the limit, within exact arithmetic.
    public static let maximumOutputTokens: Int64 = 100_000_000
    /// The longest model name the proxy forwards and records, in UTF-8 bytes: no longer than the
    /// events API allows (`Limits.maximumValueLength` characters).
    public static let maximumModelBytes = Limits.maximumValueLength
    /// The fields that set the output limit, in the order the APIs use them.
    public static let outputLimitFields = ["max_tokens", "max_completion_tokens", "max_output_tokens"]

    /// Reads the body of a request to `api`, as strictly as the upstream would and more: the body
    /// must be one JSON object without repeated keys, nested at most `JSONParser.maximumDepth`
    /// deep, so that what the proxy prices is what the upstream runs. A `model` must be a string of
    /// at most `maximumModelBytes` without control characters, and an output limit a whole number
    /// in `0...maximumOutputTokens` (or null).
    public init(_ bytes: some Collection<UInt8>, api: ProxyAPI) throws(ProxyBodyError) {
        self.init()
        let node: JSONNode
        do {
            node = try JSONParser.parse(bytes, rejectingDuplicateKeys: true)
        } catch {
            throw ProxyBodyError(
                field: nil, message: "The request body is not JSON the proxy can read: \(error.description).", line: error.line)
        }
        guard case .object(let members) = node.value else {
            throw ProxyBodyError(field: nil, message: "The request body must be a JSON object, not \(node.value.typeDescription).", line: 1)
        }
        let value = node.value
        if let member = members.first(where: { $0.key == "model" }) {
            guard case .string(let name) = member.node.value else {
                throw ProxyBodyError(
                    field: "model", message: "must be a string, not \(member.node.value.typeDescription)", line: member.node.line)
            }
            if let problem = Self.modelProblem(name) { throw ProxyBodyError(field: "model", message: problem, line: member.node.line) }
            model = name
        }
        stream = value["stream"]?.boolValue ?? false
        includesUsage = value["stream_options"]?["include_usage"]?.boolValue ?? false
        for member in members where Self.outputLimitFields.contains(member.key) {
            guard let limit = try Self.outputLimit(member) else { continue }
            maxOutputTokens = max(maxOutputTokens ?? 0, limit)
        }
        let parts = Self.promptFields(api).compactMap { key in value[key].map { JSONValue.fields([(key, $0)]) } }
        if !parts.isEmpty { promptHash = SHA256.hex(Array(JSONValue.array(parts).serialized().utf8)) }
    }

    /// Why `name` cannot be a model name the proxy forwards; `nil` when it can.
    public static func modelProblem(_ name: String) -> String? {
        if name.utf8.count > maximumModelBytes {
            return "is \(name.utf8.count) bytes long; the proxy's limit is \(maximumModelBytes)"
        }
        if Limits.hasControlCharacter(name) {
            return "contains a control character (NUL, line break, ...); model names may not"
        }
        return nil
    }

    /// The value of an output-limit member: `nil` for null, else a whole number within
    /// `0...maximumOutputTokens`.
    static func outputLimit(_ member: JSONMember) throws(ProxyBodyError) -> Int64? {
        let field = member.key
        let range = "a whole number from 0 to \(maximumOutputTokens) (the proxy's limit)"
        switch member.node.value {
        case .null:
            return nil
        case .number(let text):
            if let limit = Int64(text), (0...maximumOutputTokens).contains(limit) { return limit }
            let message: String
            if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                message = "must be \(range), not \(text)"
            } else if text.hasPrefix("-") {
                message = "must not be negative (got \(text)); it must be \(range)"
            } else {
                message = "is \(text), above the proxy's limit of \(maximumOutputTokens) tokens"
            }
            throw ProxyBodyError(field: field, message: message, line: member.node.line)
        default:
            throw ProxyBodyError(
                field: field, message: "must be \(range), not \(member.node.value.typeDescription)", line: member.node.line)
        }
    }

    /// The fields that hold the prompt of each API.
    static func promptFields(_ api: ProxyAPI) -> [String] {
        switch api {
        case .chatCompletions: ["messages"]
        case .completions: ["prompt"]
        case .embeddings: ["input"]
        case .responses: ["instructions", "input"]
        case .messages: ["system", "messages"]
        }
    }

    /// `body` with `stream_options.include_usage` set to `true`.
    ///
    /// Without `stream_options` the member is inserted after the opening brace and every other
    /// byte is kept; when `stream_options` exists, the body is re-serialized with the flag set.
    /// A body that is not a JSON object is returned unchanged.
    public static func addingIncludeUsage(to body: [UInt8]) -> [UInt8] {
        guard let node = try? JSONParser.parse(body), case .object(var members) = node.value else { return body }
        guard let index = members.firstIndex(where: { $0.key == "stream_options" }) else {
            guard let brace = body.firstIndex(of: UInt8(ascii: "{")) else { return body }
            let insertion = Array(#""stream_options":{"include_usage":true}"#.utf8) + (members.isEmpty ? [] : [UInt8(ascii: ",")])
            var result = body
            result.insert(contentsOf: insertion, at: brace + 1)
            return result
        }
        var options: [JSONMember] = []
        if case .object(let existing) = members[index].node.value { options = existing.filter { $0.key != "include_usage" } }
        options.append(JSONMember(key: "include_usage", node: JSONNode(.bool(true), line: 0)))
        members[index].node = JSONNode(.object(options), line: 0)
        return Array(JSONValue.object(members).serialized().utf8)
    }
}

/// Why the proxy refuses a request body: the field (`nil` for the whole body), what is wrong, and
/// the line.
public struct ProxyBodyError: Error, Sendable, Hashable {
    public var field: String?
    public var message: String
    public var line: Int?

    public init(field: String?, message: String, line: Int?) {
        self.field = field
        self.message = message
        self.line = line
    }

    /// The field and message as one sentence.
    public var detail: String {
        guard let field else { return message }
        return "The field '\(field)' \(message)."
    }
}
