/// The provider APIs the proxy forwards, by the path a client calls.
public enum ProxyAPI: String, Sendable, Hashable, CaseIterable {
    /// OpenAI-compatible `POST /v1/chat/completions`.
    case chatCompletions = "chat/completions"
    /// OpenAI-compatible `POST /v1/completions`.
    case completions
    /// OpenAI-compatible `POST /v1/embeddings`.
    case embeddings
    /// OpenAI `POST /v1/responses`.
    case responses
    /// Anthropic `POST /v1/messages`.
    case messages

    /// The path below `/v1/` that the client calls and the upstream serves.
    public var path: String { rawValue }

    /// The wire format of the request and response: OpenAI's or Anthropic's.
    public var family: ProxyFamily { self == .messages ? .anthropic : .openAI }

    /// Whether a streamed response can be asked to carry usage with
    /// `stream_options.include_usage` (chat and text completions only).
    public var acceptsIncludeUsage: Bool { self == .chatCompletions || self == .completions }

    /// The APIs an Azure OpenAI deployment serves, below `/openai/deployments/{deployment}/`.
    public static let azureDeploymentAPIs: [ProxyAPI] = [.chatCompletions, .completions, .embeddings]

    /// `/v1/{api}` for every API: the paths clients call, checked before anything else.
    static let plainRoutes = Dictionary(uniqueKeysWithValues: allCases.map { ("/v1/" + $0.path, $0) })

    /// Whether the proxy forwards `path` (without its query): `/v1/{api}`, or
    /// `/openai/deployments/{deployment}/{api}` for an Azure API. Empty segments are ignored, as
    /// the router ignores them.
    public static func forwards(path: some StringProtocol) -> Bool {
        route(path: path) != nil
    }

    /// The API `path` (without its query) calls, and the Azure deployment it names, if any; `nil`
    /// when the proxy does not forward it.
    public static func route(path: some StringProtocol) -> (api: ProxyAPI, deployment: String?)? {
        if let api = plainRoutes[String(path)] { return (api, nil) }
        let segments = path.split(separator: "/")
        if segments.first == "v1" {
            return ProxyAPI(rawValue: segments.dropFirst().joined(separator: "/")).map { ($0, nil) }
        }
        guard segments.count > 3, segments[0] == "openai", segments[1] == "deployments",
            let api = ProxyAPI(rawValue: segments.dropFirst(3).joined(separator: "/")), azureDeploymentAPIs.contains(api)
        else { return nil }
        return (api, String(segments[2]))
    }
}

/// The two wire formats the proxy understands.
public enum ProxyFamily: String, Sendable, Hashable {
    case openAI = "openai"
    case anthropic
}
