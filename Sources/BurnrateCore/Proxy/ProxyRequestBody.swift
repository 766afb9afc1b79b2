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
    /// The most output tokens the request allows (`max_tokens`, `max_completion_tokens` or
    /// `max_output_tokens`), when it says.
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

    /// Reads the body of a request to `api`; a body that is not a JSON object reads as empty.
    public init(_ bytes: some Collection<UInt8>, api: ProxyAPI) {
        self.init()
        guard let node = try? JSONParser.parse(bytes), case .object = node.value else { return }
        let value = node.value
        model = value["model"]?.stringValue
        stream = value["stream"]?.boolValue ?? false
        includesUsage = value["stream_options"]?["include_usage"]?.boolValue ?? false
        maxOutputTokens =
            value["max_tokens"]?.int64 ?? value["max_completion_tokens"]?.int64 ?? value["max_output_tokens"]?.int64
        let parts = Self.promptFields(api).compactMap { key in value[key].map { JSONValue.fields([(key, $0)]) } }
        if !parts.isEmpty { promptHash = SHA256.hex(Array(JSONValue.array(parts).serialized().utf8)) }
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
