import BurnrateCore
import Foundation

/// Reads the config file's `proxy` section:
///
/// ```yaml
/// proxy:
///   require_burnrate_key: true   # default: required whenever any key is configured
///   require_virtual_key: false
///   read_timeout_seconds: 600
///   budget_refresh_seconds: 5
///   defaults: {openai: openai, anthropic: anthropic, azure: azure}
///   upstreams:
///     openai: {base_url: https://api.openai.com/v1}
///     local: {kind: openai, base_url: http://127.0.0.1:11434/v1, provider: ollama, selectable: true}
///     azure: {kind: azure, base_url: https://acme.openai.azure.com, api_version: "2024-10-21", api_key_env: AZURE_OPENAI_API_KEY}
///   virtual_keys:
///     - {key_env: BURNRATE_KEY_SEARCH, tenant: acme, feature: search, tags: {region: eu}, upstream: openai}
///     - {key_env: BURNRATE_KEY_GATEWAY, team: platform, allow_attribution_headers: true}
/// ```
///
/// Upstreams named here are added to the built-in `openai` and `anthropic` ones (replacing them
/// when they share the name). Keys are best given as `*_env`, the name of an environment
/// variable, so that they stay out of the file.
enum ProxySettingsDecoder {
    static let fields: Set<String> = [
        "require_burnrate_key", "require_virtual_key", "connect_timeout_seconds", "read_timeout_seconds", "recorder_capacity",
        "budget_refresh_seconds",
        "defaults", "upstreams", "virtual_keys",
    ]

    static func decode(_ reader: inout ObjectReader, environment: [String: String]) -> ProxySettings {
        reader.rejectUnknownKeys(allowed: fields)
        var settings = ProxySettings()
        if let value = reader.bool("require_burnrate_key") { settings.requireBurnrateKey = value }
        if let value = reader.bool("require_virtual_key") { settings.requireVirtualKey = value }
        if let value = reader.integer("connect_timeout_seconds", in: 1...600) { settings.connectTimeout = .seconds(value) }
        if let value = reader.integer("read_timeout_seconds", in: 1...86_400) { settings.readTimeout = .seconds(value) }
        if let value = reader.integer("recorder_capacity", in: 1...10_000_000) { settings.recorderCapacity = Int(value) }
        if let value = reader.integer("budget_refresh_seconds", in: 0...3_600) { settings.budgetRefresh = .seconds(value) }
        if let node = reader.node("upstreams"), node.members == nil {
            reader.report("upstreams", "must map names to upstreams, e.g. {local: {base_url: http://127.0.0.1:8000/v1}}", line: node.line)
        } else {
            let members = reader.node("upstreams")?.members ?? []
            _ = reader.object("upstreams") { upstreams in
                for member in members {
                    _ = upstreams.object(member.key) { entry in
                        if let upstream = upstream(named: member.key, &entry, environment: environment) {
                            settings.upstreams[member.key] = upstream
                        }
                        return ()
                    }
                }
                return ()
            }
        }
        _ = reader.object("defaults") { defaults in
            defaults.rejectUnknownKeys(allowed: ["openai", "anthropic", "azure"])
            if let name = defaults.string("openai") { settings.defaultOpenAI = name }
            if let name = defaults.string("anthropic") { settings.defaultAnthropic = name }
            if let name = defaults.string("azure") { settings.defaultAzure = name }
            return ()
        }
        for (field, name) in [("defaults.openai", settings.defaultOpenAI), ("defaults.anthropic", settings.defaultAnthropic)]
        where settings.upstreams[name] == nil {
            reader.report(field, "names no upstream (configured: \(settings.upstreams.keys.sorted().joined(separator: ", ")))")
        }
        if let node = reader.node("virtual_keys") {
            if let elements = node.elements {
                for (index, element) in elements.enumerated() {
                    var entry = ObjectReader(element, prefix: "proxy.virtual_keys[\(index)].")
                    if let key = virtualKey(&entry, upstreams: settings.upstreams, environment: environment) {
                        settings.virtualKeys.append(key)
                    }
                    for issue in entry.issues { reader.report(issue.field ?? "virtual_keys", issue.message, line: issue.line) }
                }
            } else {
                reader.report("virtual_keys", "must be a list of keys", line: node.line)
            }
        }
        return settings
    }

    private static func upstream(named name: String, _ entry: inout ObjectReader, environment: [String: String]) -> ProxyUpstream? {
        entry.rejectUnknownKeys(allowed: ["kind", "base_url", "provider", "api_key", "api_key_env", "api_version", "selectable"])
        let kindText = entry.string("kind") ?? (name == "anthropic" ? "anthropic" : name == "azure" ? "azure" : "openai")
        let kind = ProxyUpstream.Kind(rawValue: kindText)
        if kind == nil {
            entry.report("kind", "must be one of \(ProxyUpstream.Kind.allCases.map(\.rawValue).joined(separator: ", ")) (got \(kindText))")
        }
        let baseURL = entry.string("base_url", required: true, maxLength: 2_048)
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            entry.report("base_url", "must start with http:// or https:// (got \(baseURL))")
        }
        let key = secret(&entry, "api_key", environment: environment)
        let version = entry.string("api_version", maxLength: 64)
        if kind == .azure, version == nil { entry.report("api_version", "is required for Azure OpenAI, e.g. 2024-10-21") }
        let selectable = entry.bool("selectable") ?? false
        guard entry.issues.isEmpty, let kind, let baseURL else { return nil }
        return ProxyUpstream(
            name: name, kind: kind, baseURL: baseURL, provider: entry.string("provider", maxLength: 64), apiKey: key, apiVersion: version,
            selectable: selectable)
    }

    private static func virtualKey(
        _ entry: inout ObjectReader, upstreams: [String: ProxyUpstream], environment: [String: String]
    )
        -> VirtualKey?
    {
        entry.rejectUnknownKeys(allowed: [
            "key", "key_env", "tenant", "user", "feature", "team", "environment", "tags", "upstream", "allow_attribution_headers",
        ])
        let key = secret(&entry, "key", environment: environment)
        if key == nil, !entry.has("key"), !entry.has("key_env") { entry.report("key", "is required (or key_env)") }
        if let key, key.count < 16 { entry.report("key", "must be at least 16 characters") }
        let upstream = entry.string("upstream")
        if let upstream, upstreams[upstream] == nil {
            entry.report("upstream", "names no upstream (configured: \(upstreams.keys.sorted().joined(separator: ", ")))")
        }
        var tags: [String: String] = [:]
        if let node = entry.node("tags") {
            for member in node.members ?? [] {
                if case .string(let value) = member.node.value {
                    tags[member.key] = value
                } else {
                    entry.report("tags.\(member.key)", "must be a string")
                }
            }
            if node.members == nil { entry.report("tags", "must map tag keys to values") }
        }
        let attribution = Attribution(
            tenant: entry.string("tenant"), user: entry.string("user"), feature: entry.string("feature"), team: entry.string("team"),
            environment: entry.string("environment"))
        let allowsHeaders = entry.bool("allow_attribution_headers") ?? false
        guard entry.issues.isEmpty, let key else { return nil }
        return VirtualKey(
            key: key, attribution: RequestAttribution(attribution: attribution, tags: tags), upstream: upstream,
            allowsAttributionHeaders: allowsHeaders)
    }

    /// `NAME` itself, or the environment variable `NAME_env` names.
    private static func secret(_ entry: inout ObjectReader, _ name: String, environment: [String: String]) -> String? {
        if let value = entry.string(name, maxLength: 4_096) { return value }
        guard let variable = entry.string(name + "_env") else { return nil }
        guard let value = environment[variable], !value.isEmpty else {
            entry.report(name + "_env", "names the environment variable \(variable), which is not set")
            return nil
        }
        return value
    }
}
