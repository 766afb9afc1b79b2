/// Which resource or span attributes give an OpenTelemetry span its tenant, user, feature, team,
/// environment and tags.
///
/// For each dimension the attribute names are tried in order; for each name the span's own
/// attribute wins over the resource's. The first non-empty value is taken. Configured in the
/// `otel.dimensions` section of the config file; a dimension the file does not name keeps its
/// default list, and an empty list turns the dimension off.
public struct DimensionRule: Sendable, Hashable {
    public var tenant: [String]
    public var user: [String]
    public var feature: [String]
    public var team: [String]
    public var environment: [String]
    /// Tag key → the attribute names that give its value.
    public var tags: [String: [String]]
    /// Attributes whose key starts with this prefix become tags named by the rest of the key
    /// (`burnrate.tag.ticket` → tag `ticket`); `nil` turns this off.
    public var tagPrefix: String?

    public init(
        tenant: [String], user: [String], feature: [String], team: [String], environment: [String],
        tags: [String: [String]] = [:], tagPrefix: String? = "burnrate.tag."
    ) {
        self.tenant = tenant
        self.user = user
        self.feature = feature
        self.team = team
        self.environment = environment
        self.tags = tags
        self.tagPrefix = tagPrefix
    }

    /// Burnrate's own `burnrate.*` attributes first, then the OpenTelemetry semantic conventions
    /// (`enduser.id`, `deployment.environment.name`, `service.name`, `service.namespace`), then
    /// what OpenLLMetry's association properties and OpenLIT write.
    public static let `default` = DimensionRule(
        tenant: ["burnrate.tenant", "tenant.id", "tenant", "app.tenant", "traceloop.association.properties.tenant_id"],
        user: ["burnrate.user", "enduser.id", "user.id", "traceloop.association.properties.user_id", "gen_ai.request.user"],
        feature: ["burnrate.feature", "feature", "traceloop.workflow.name", "gen_ai.application_name", "service.name"],
        team: ["burnrate.team", "team", "service.namespace"],
        environment: [
            "burnrate.environment", "deployment.environment.name", "deployment.environment", "gen_ai.environment",
        ]
    )

    /// The attribution and tags of a span of `resource`.
    public func apply(span: OTLPAttributes, resource: OTLPAttributes) -> (attribution: Attribution, tags: [String: String]) {
        func first(_ names: [String]) -> String? {
            for name in names {
                for attributes in [span, resource] {
                    if let text = attributes[name]?.text, Self.isUsable(text) { return text }
                }
            }
            return nil
        }
        let attribution = Attribution(
            tenant: first(tenant), user: first(user), feature: first(feature), team: first(team), environment: first(environment))
        var values: [String: String] = [:]
        if let tagPrefix {
            for attributes in [resource, span] {
                for pair in attributes.pairs where pair.key.hasPrefix(tagPrefix) && pair.key.count > tagPrefix.count {
                    let key = String(pair.key.dropFirst(tagPrefix.count))
                    if key.count <= 64, !Limits.hasControlCharacter(key), let text = pair.value.text, Self.isUsable(text) {
                        values[key] = text
                    }
                }
            }
        }
        for (key, names) in tags {
            if let text = first(names) { values[key] = text }
        }
        if values.count > EventDecoder.maximumTags {
            values = Dictionary(
                uniqueKeysWithValues: values.sorted { $0.key < $1.key }.prefix(EventDecoder.maximumTags).map { ($0.key, $0.value) })
        }
        return (attribution, values)
    }

    /// Whether a value can name a dimension: not empty, not longer than `Limits.maximumValueLength`
    /// and without control characters (as `POST /api/v1/events` would refuse it), and not the SDKs'
    /// placeholder `unknown_service` (which every process without a `service.name` sends).
    static func isUsable(_ text: String) -> Bool {
        !text.isEmpty && text.count <= Limits.maximumValueLength && !Limits.hasControlCharacter(text)
            && !text.hasPrefix("unknown_service")
    }
}
