import BurnrateCore
import Hummingbird

/// A provider endpoint the proxy forwards to.
public struct ProxyUpstream: Sendable, Hashable {
    /// The wire format and URL layout of an upstream.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// OpenAI or any OpenAI-compatible server (vLLM, Ollama, ...): `BASE/chat/completions`.
        case openAI = "openai"
        /// Anthropic: `BASE/v1/messages`.
        case anthropic
        /// Azure OpenAI: `BASE/openai/deployments/DEPLOYMENT/chat/completions?api-version=V`.
        case azure
    }

    /// The name requests select it by (`X-Burnrate-Upstream`, a virtual key's `upstream`).
    public var name: String
    public var kind: Kind
    /// The base URL as the provider's own client takes it: `https://api.openai.com/v1`,
    /// `http://localhost:11434/v1`, `https://api.anthropic.com`, `https://RESOURCE.openai.azure.com`.
    public var baseURL: String
    /// The provider recorded on events (`openai`, `anthropic`, `azure`, `vllm`...), lower-case.
    public var provider: String
    /// The provider key to send instead of the caller's; `nil` passes the caller's key through.
    public var apiKey: String?
    /// Azure's `api-version` query parameter, used when the request carries none.
    public var apiVersion: String?
    /// Whether a request may choose this upstream with `X-Burnrate-Upstream` (`selectable` in the
    /// config file). A route's default upstream needs no flag to be named; every other one does,
    /// so that a caller cannot reach an upstream (and the provider key it holds) that the operator
    /// meant only for some virtual keys.
    public var selectable: Bool

    public init(
        name: String, kind: Kind, baseURL: String, provider: String? = nil, apiKey: String? = nil, apiVersion: String? = nil,
        selectable: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.provider = (provider ?? (kind == .openAI ? "openai" : kind.rawValue)).lowercased()
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.selectable = selectable
    }

    /// Whether this upstream speaks the wire format of `family`.
    public func serves(_ family: ProxyFamily) -> Bool { (kind == .anthropic) == (family == .anthropic) }

    /// The URL a request to `api` goes to; `deployment` names the Azure deployment (the model
    /// when the client used an OpenAI-style path; checked with `AzureDeployment.problem` before)
    /// and `query` is the client's query string. The deployment is percent-encoded as a path
    /// segment.
    public func url(for api: ProxyAPI, deployment: String?, query: String?) -> String {
        switch kind {
        case .openAI: return baseURL + "/" + api.path + (query.map { "?" + $0 } ?? "")
        case .anthropic: return baseURL + "/v1/" + api.path + (query.map { "?" + $0 } ?? "")
        case .azure:
            var query = query ?? ""
            if !query.contains("api-version="), let apiVersion {
                query += (query.isEmpty ? "" : "&") + "api-version=" + apiVersion
            }
            let path =
                api == .responses
                ? "/openai/v1/responses" : "/openai/deployments/\(AzureDeployment.percentEncoded(deployment ?? ""))/" + api.path
            return baseURL + path + (query.isEmpty ? "" : "?" + query)
        }
    }

    /// The header that carries the provider key for this kind of upstream.
    var keyHeader: String {
        switch kind {
        case .openAI: "authorization"
        case .anthropic: "x-api-key"
        case .azure: "api-key"
        }
    }
}

/// A Burnrate key that clients present instead of a provider key: it fixes the attribution of
/// their requests and, with its upstream's `api_key`, keeps the provider key off client machines.
public struct VirtualKey: Sendable, Hashable {
    public var key: String
    /// Dimensions and tags every request with this key is charged to; they win over headers.
    public var attribution: RequestAttribution
    /// The upstream its requests go to; `nil` for the default of the API called.
    public var upstream: String?
    /// Whether `X-Burnrate-*` attribution headers may set and override this key's attribution
    /// (`allow_attribution_headers`); when `false` they are ignored and the key's attribution is
    /// the request's.
    public var allowsAttributionHeaders: Bool

    public init(key: String, attribution: RequestAttribution, upstream: String? = nil, allowsAttributionHeaders: Bool = false) {
        self.key = key
        self.attribution = attribution
        self.upstream = upstream
        self.allowsAttributionHeaders = allowsAttributionHeaders
    }
}

/// The proxy's configuration (`proxy` in the config file, `--openai-base-url` and
/// `--anthropic-base-url` on `serve`).
public struct ProxySettings: Sendable {
    /// The upstreams by name; `openai` and `anthropic` exist unless replaced.
    public var upstreams: [String: ProxyUpstream]
    /// The upstream OpenAI-style routes use when the request names none.
    public var defaultOpenAI = "openai"
    /// The upstream `/v1/messages` uses when the request names none.
    public var defaultAnthropic = "anthropic"
    /// The upstream the Azure-style routes (`/openai/deployments/...`) use.
    public var defaultAzure = "azure"
    public var virtualKeys: [VirtualKey] = []
    /// Whether requests must present a virtual key (so that none escapes attribution).
    public var requireVirtualKey = false
    /// Whether requests must present a Burnrate key (a virtual key, or an admin or ingest key in
    /// `X-Burnrate-Key`); `nil`, the default, requires one whenever any key is configured
    /// (`require_burnrate_key` in the config file; `false` opts out, with a warning at start).
    public var requireBurnrateKey: Bool?
    /// How long an upstream may take to connect.
    public var connectTimeout = Duration.seconds(10)
    /// How long an upstream may stay silent (before its headers or between chunks) before the
    /// request fails with 504.
    public var readTimeout = Duration.seconds(600)
    /// Events waiting to be stored beyond which new ones are counted as dropped.
    public var recorderCapacity = 10_000
    /// How often the enforced budgets' spend is read again from the store.
    public var budgetRefresh = Duration.seconds(5)

    public init(upstreams: [ProxyUpstream] = ProxySettings.defaultUpstreams) {
        self.upstreams = Dictionary(upstreams.map { ($0.name, $0) }) { _, last in last }
    }

    /// OpenAI and Anthropic at their public addresses.
    public static let defaultUpstreams = [
        ProxyUpstream(name: "openai", kind: .openAI, baseURL: "https://api.openai.com/v1"),
        ProxyUpstream(name: "anthropic", kind: .anthropic, baseURL: "https://api.anthropic.com"),
    ]

    /// The virtual key `presented`, compared in constant time.
    func virtualKey(_ presented: String) -> VirtualKey? {
        let bytes = Array(presented.utf8)
        var found: VirtualKey?
        for key in virtualKeys where APIKeyMiddleware<BasicRequestContext>.constantTimeEquals(bytes, Array(key.key.utf8)) {
            found = key
        }
        return found
    }
}
