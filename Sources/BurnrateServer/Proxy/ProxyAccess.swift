import BurnrateCore
import HTTPTypes
import Hummingbird
import Logging

/// Who may use the proxy routes, and how a request shows it.
///
/// The provider key travels in `Authorization`, `x-api-key` or `api-key`, so a Burnrate key has
/// a header of its own: `X-Burnrate-Key: KEY`, which takes a virtual key, an admin key
/// (`--api-key`) or an ingest key (`--ingest-key`); viewer keys do not open the proxy. A virtual
/// key may also stand in for the provider key in the provider's own header, as before; the
/// upstream's configured `api_key` then replaces it.
///
/// When any key is configured (admin, ingest, viewer or virtual), every proxied request must
/// present one, unless `proxy.require_burnrate_key: false` opts out; without keys Burnrate only
/// listens on loopback and the proxy stays open there.
struct ProxyAccess: Sendable {
    /// Who a request turned out to be.
    enum Caller: Sendable {
        /// No Burnrate key, where none is required.
        case anonymous
        /// An admin or ingest key in `X-Burnrate-Key`.
        case serverKey
        /// A virtual key; `inProviderHeader` when it came where the provider key goes.
        case virtualKey(VirtualKey, inProviderHeader: Bool)

        var virtualKey: VirtualKey? {
            if case .virtualKey(let key, _) = self { return key }
            return nil
        }
    }

    /// The header a Burnrate key is sent in.
    static let keyHeader = "x-burnrate-key"

    /// Admin and ingest keys, as bytes.
    let serverKeys: [[UInt8]]
    /// Whether a request without a Burnrate key is refused.
    let requiresKey: Bool
    /// Whether the operator opted out of keys that would otherwise be required.
    let optedOut: Bool

    init(configuration: AppConfiguration) {
        serverKeys = (configuration.adminKeys + configuration.ingestKeys).map { Array($0.utf8) }
        let anyKey = configuration.requiresAuthentication || !configuration.proxy.virtualKeys.isEmpty
        requiresKey = configuration.proxy.requireBurnrateKey ?? anyKey
        optedOut = anyKey && configuration.proxy.requireBurnrateKey == false
    }

    /// Logs, once at start, that keys exist but the proxy routes accept requests without one.
    func warnIfOpen(_ logger: Logger) {
        guard optedOut else { return }
        logger.warning(
            "The proxy routes accept requests without a Burnrate key although keys are configured (proxy.require_burnrate_key: false): anyone who can reach this server can spend through it."
        )
    }

    /// The caller `headers` show; throws a 401 problem for a wrong key or a missing required one.
    func caller(_ headers: HTTPFields, settings: ProxySettings) throws -> Caller {
        if let presented = ProxyForwarder.header(headers, Self.keyHeader) {
            let key = String(presented[...].trimmingOptionalWhitespace)
            if let virtualKey = settings.virtualKey(key) { return .virtualKey(virtualKey, inProviderHeader: false) }
            guard APIKeyMiddleware<BasicRequestContext>.matchesAny(Array(key.utf8), serverKeys) else {
                throw Problem(.unauthorized, detail: "The Burnrate key in X-Burnrate-Key is not valid.")
            }
            guard !settings.requireVirtualKey else {
                throw Problem(
                    .unauthorized,
                    detail:
                        "This Burnrate proxy requires a virtual key (proxy.require_virtual_key), so that every request is attributed; an admin or ingest key is not one."
                )
            }
            return .serverKey
        }
        if let presented = ProxyForwarder.presentedKey(headers), let virtualKey = settings.virtualKey(presented) {
            return .virtualKey(virtualKey, inProviderHeader: true)
        }
        if settings.requireVirtualKey {
            throw Problem(
                .unauthorized,
                detail:
                    "This Burnrate proxy requires a Burnrate virtual key: send it as 'X-Burnrate-Key: KEY', or in place of the provider key as 'Authorization: Bearer KEY' (OpenAI clients) or 'x-api-key: KEY' (Anthropic clients)."
            )
        }
        if requiresKey {
            throw Problem(
                .unauthorized,
                detail:
                    "This Burnrate proxy requires a Burnrate key: send a virtual, admin or ingest key as 'X-Burnrate-Key: KEY' (the provider key stays in its usual header), or a virtual key in place of the provider key."
            )
        }
        return .anonymous
    }
}
