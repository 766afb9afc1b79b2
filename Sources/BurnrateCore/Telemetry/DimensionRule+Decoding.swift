extension DimensionRule {
    /// Reads the `otel.dimensions` section of the config file over the defaults:
    ///
    /// ```yaml
    /// otel:
    ///   dimensions:
    ///     tenant: [tenant.id, app.tenant]
    ///     feature: [service.name]
    ///     team: []                       # no team from spans
    ///     tags: {workflow: [traceloop.workflow.name], region: cloud.region}
    ///     tag_prefix: burnrate.tag.      # null turns prefixed tags off
    /// ```
    ///
    /// A dimension the section does not name keeps its default names; `tags` replaces the
    /// default (none). Every problem is recorded in `reader`, by field.
    public static func decode(_ reader: inout ObjectReader) -> DimensionRule {
        reader.rejectUnknownKeys(allowed: ["tenant", "user", "feature", "team", "environment", "tags", "tag_prefix"])
        var rule = DimensionRule.default
        if let names = reader.strings("tenant") { rule.tenant = names }
        if let names = reader.strings("user") { rule.user = names }
        if let names = reader.strings("feature") { rule.feature = names }
        if let names = reader.strings("team") { rule.team = names }
        if let names = reader.strings("environment") { rule.environment = names }
        if let tags = reader.node("tags") {
            if let members = tags.members {
                for member in members {
                    switch member.node.value {
                    case .string(let name) where !name.isEmpty: rule.tags[member.key] = [name]
                    case .array(let elements):
                        let names = elements.compactMap { element -> String? in
                            if case .string(let name) = element.value, !name.isEmpty { return name }
                            return nil
                        }
                        if names.count == elements.count, !names.isEmpty {
                            rule.tags[member.key] = names
                        } else {
                            reader.report("tags.\(member.key)", "must be a list of attribute names", line: member.node.line)
                        }
                    default:
                        reader.report("tags.\(member.key)", "must be an attribute name or a list of them", line: member.node.line)
                    }
                    if member.key.isEmpty || member.key.count > 64 {
                        reader.report("tags.\(member.key)", "tag keys must be 1 to 64 characters", line: member.node.line)
                    }
                }
            } else {
                reader.report("tags", "must map tag keys to attribute names, e.g. {workflow: traceloop.workflow.name}", line: tags.line)
            }
        }
        if let prefix = reader.node("tag_prefix") {
            switch prefix.value {
            case .null: rule.tagPrefix = nil
            case .string(let text) where !text.isEmpty: rule.tagPrefix = text
            default: reader.report("tag_prefix", "must be an attribute name prefix such as burnrate.tag., or null", line: prefix.line)
            }
        }
        return rule
    }
}
