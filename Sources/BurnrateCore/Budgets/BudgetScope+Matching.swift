/// What the proxy knows of a request before it runs, to find the budgets that count it.
public struct BudgetRequest: Sendable, Hashable {
    /// The provider the event will be recorded under, lower-case.
    public var provider: String
    /// Every name the request's model may be recorded or priced under: the name sent and its
    /// catalog name, so that an alias or a dated snapshot does not slip past a model budget.
    public var models: Set<String>
    public var attribution: Attribution
    public var tags: [String: String]

    public init(provider: String, models: Set<String>, attribution: Attribution, tags: [String: String]) {
        self.provider = provider
        self.models = models
        self.attribution = attribution
        self.tags = tags
    }
}

extension BudgetScope {
    /// Whether a request described by `request` counts toward a budget with this scope.
    ///
    /// Values compare case-insensitively for provider and model, exactly (after the header
    /// trimming `RequestAttribution` does) for the attribution dimensions, as the analytics
    /// filters do. A `status` filter matches: a request's status is known only afterwards. A
    /// `category` filter matches when it includes `llm_api`, the category of token spend.
    public func matches(_ request: BudgetRequest) -> Bool {
        filters.allSatisfy { key, values in
            switch key {
            case "category": return values.contains("llm_api")
            case "status": return true
            case "provider": return values.contains { $0.lowercased() == request.provider.lowercased() }
            case "model":
                let names = Set(request.models.map { $0.lowercased() })
                return values.contains { names.contains($0.lowercased()) }
            case "tenant": return request.attribution.tenant.map(values.contains) ?? false
            case "user": return request.attribution.user.map(values.contains) ?? false
            case "feature": return request.attribution.feature.map(values.contains) ?? false
            case "team": return request.attribution.team.map(values.contains) ?? false
            case "environment": return request.attribution.environment.map(values.contains) ?? false
            default:
                guard key.hasPrefix("tag.") else { return false }
                return request.tags[String(key.dropFirst(4))].map(values.contains) ?? false
            }
        }
    }
}
