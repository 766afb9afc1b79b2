/// Who a proxied request is charged to, read from `X-Burnrate-*` headers or a virtual key.
///
/// Values are trimmed and empty values dropped, so that `" acme "`, `"acme"` and a header sent
/// twice with the same value all attribute alike; budgets are matched against exactly these
/// values, the same ones the recorded event carries.
public struct RequestAttribution: Sendable, Hashable {
    public var attribution: Attribution
    public var tags: [String: String]

    public init(attribution: Attribution = Attribution(), tags: [String: String] = [:]) {
        self.attribution = attribution
        self.tags = tags
    }

    /// The attribution headers, lower-case, and the dimension each sets.
    public static let headers = [
        "x-burnrate-tenant", "x-burnrate-user", "x-burnrate-feature", "x-burnrate-team", "x-burnrate-environment",
        "x-burnrate-tags",
    ]

    /// The longest dimension or tag value, in UTF-8 bytes: no longer than the events API allows
    /// (`Limits.maximumValueLength` characters).
    public static let maximumValueBytes = Limits.maximumValueLength
    /// The longest tag key, in UTF-8 bytes.
    public static let maximumTagKeyBytes = 64
    /// The most tags `X-Burnrate-Tags` may set, as many as an event may carry.
    public static let maximumTags = EventDecoder.maximumTags

    /// Reads the attribution headers through `header` (a lower-case name in, the value out; the
    /// values of a repeated header joined with commas).
    ///
    /// `X-Burnrate-Tags` holds `key=value` pairs separated by commas. Values are at most
    /// `maximumValueBytes` long, tag keys `maximumTagKeyBytes`, and none holds a control character
    /// (NUL included). Throws the problem with the header, naming it.
    public static func parse(header: (String) -> String?) throws(AttributionError) -> RequestAttribution {
        func value(_ name: String) throws(AttributionError) -> String? {
            guard let raw = header(name) else { return nil }
            if !raw.utf8.contains(UInt8(ascii: ",")) {  // the usual case: one value, no set to build
                let only = raw[...].trimmingOptionalWhitespace
                try check(only, limit: maximumValueBytes, field: name, what: "value")
                return only.isEmpty ? nil : String(only)
            }
            let parts = Set(
                raw.split(separator: ",").map { (part: Substring) in String(part.trimmingOptionalWhitespace) }.filter { !$0.isEmpty })
            guard parts.count <= 1 else {
                throw AttributionError(field: name, message: "has several values (\(parts.sorted().joined(separator: ", "))); send one")
            }
            if let only = parts.first { try check(only[...], limit: maximumValueBytes, field: name, what: "value") }
            return parts.first
        }
        let attribution = Attribution(
            tenant: try value("x-burnrate-tenant"), user: try value("x-burnrate-user"), feature: try value("x-burnrate-feature"),
            team: try value("x-burnrate-team"), environment: try value("x-burnrate-environment"))
        var tags: [String: String] = [:]
        for pair in (header("x-burnrate-tags") ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { (part: Substring) in String(part.trimmingOptionalWhitespace) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw AttributionError(
                    field: "x-burnrate-tags",
                    message: "must be key=value pairs separated by commas, as in region=eu,tier=free (got '\(pair.prefix(64))')")
            }
            try check(parts[0][...], limit: maximumTagKeyBytes, field: "x-burnrate-tags", what: "tag key")
            try check(parts[1][...], limit: maximumValueBytes, field: "x-burnrate-tags", what: "value of the tag '\(parts[0])'")
            if let existing = tags[parts[0]], existing != parts[1] {
                throw AttributionError(field: "x-burnrate-tags", message: "sets the tag '\(parts[0])' twice")
            }
            tags[parts[0]] = parts[1]
            guard tags.count <= maximumTags else {
                throw AttributionError(field: "x-burnrate-tags", message: "sets more than \(maximumTags) tags, the limit")
            }
        }
        return RequestAttribution(attribution: attribution, tags: tags)
    }

    /// Throws when `text` is longer than `limit` UTF-8 bytes or holds a control character.
    private static func check(_ text: Substring, limit: Int, field: String, what: String) throws(AttributionError) {
        let length = text.utf8.count
        if length > limit {
            throw AttributionError(field: field, message: "has a \(what) of \(length) bytes; the limit is \(limit)")
        }
        if Limits.hasControlCharacter(text) {
            throw AttributionError(
                field: field, message: "has a \(what) with a control character (NUL, line break, ...), which is not allowed")
        }
    }

    /// This attribution under `fixed`: every dimension and tag `fixed` sets wins, so that the
    /// holder of a virtual key cannot charge its requests to someone else.
    public func overridden(by fixed: RequestAttribution) -> RequestAttribution {
        let a = attribution
        let b = fixed.attribution
        return RequestAttribution(
            attribution: Attribution(
                tenant: b.tenant ?? a.tenant, user: b.user ?? a.user, feature: b.feature ?? a.feature, team: b.team ?? a.team,
                environment: b.environment ?? a.environment),
            tags: tags.merging(fixed.tags) { _, fixed in fixed })
    }
}

/// A malformed attribution header, named.
public struct AttributionError: Error, Sendable, Hashable {
    /// The header, lower-case.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
