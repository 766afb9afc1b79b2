/// The effective set of prices: the built-in catalog with any overrides laid over it, indexed for
/// lookup by model name, provider and time.
public struct PriceCatalog: Sendable {
    /// Providers a model is most likely to come from, tried first when a model is looked up
    /// without a matching provider.
    static let originProviders = ["openai", "anthropic", "google", "mistral", "deepseek", "xai", "cohere"]

    /// Every entry, built-in and override, sorted by provider, model and date.
    public let entries: [PriceEntry]
    /// For each provider, the model every name (model id or alias) stands for, as an index into
    /// `models`. Nested by provider so that a lookup hashes the two strings it has instead of
    /// building a `provider/name` key.
    private let modelIndex: [String: [String: Int]]
    /// Each model's entries, built-in and overrides together, oldest first.
    private let models: [[PriceEntry]]
    /// Providers that have an entry for a name, in the order they are tried.
    private let providersByName: [String: [String]]

    public init(entries: [PriceEntry]) {
        let sorted = entries.sorted { ($0.provider, $0.model, $0.effectiveFrom) < ($1.provider, $1.model, $1.effectiveFrom) }
        self.entries = sorted
        var modelIndex: [String: [String: Int]] = [:]
        var models: [[PriceEntry]] = []
        var providers: [String: Set<String>] = [:]
        for entry in sorted {
            if let index = modelIndex[entry.provider]?[entry.model] {
                models[index].append(entry)
            } else {
                modelIndex[entry.provider, default: [:]][entry.model] = models.count
                models.append([entry])
            }
            providers[entry.model, default: []].insert(entry.provider)
        }
        for entry in sorted {
            let index = modelIndex[entry.provider]?[entry.model]
            for alias in entry.aliases where modelIndex[entry.provider]?[alias] == nil {
                modelIndex[entry.provider, default: [:]][alias] = index
                providers[alias, default: []].insert(entry.provider)
            }
        }
        self.modelIndex = modelIndex
        self.models = models
        self.providersByName = providers.mapValues { set in
            set.sorted { lhs, rhs in
                let left = Self.originProviders.firstIndex(of: lhs) ?? Int.max
                let right = Self.originProviders.firstIndex(of: rhs) ?? Int.max
                return (left, lhs) < (right, rhs)
            }
        }
    }

    /// The entries of the model that `provider/name` names, if any.
    private func entries(provider: String, name: String) -> [PriceEntry]? {
        modelIndex[provider]?[name].map { models[$0] }
    }

    /// This catalog with `overrides` added; an override wins over a built-in entry for the same
    /// model at any time it is in effect.
    public func adding(_ overrides: [PriceEntry]) -> PriceCatalog {
        let replaced = Set(overrides.map(\.id))
        return PriceCatalog(entries: entries.filter { !($0.origin.isOverride && replaced.contains($0.id)) } + overrides)
    }

    /// What the catalog knows of a model at an instant.
    public enum Lookup: Sendable, Hashable {
        /// The entry in effect.
        case priced(PriceEntry)
        /// The model is known, but its first price starts after the instant.
        case notYetPriced(firstEffective: PriceEntry)
        /// No entry matches the model name.
        case unknownModel
    }

    /// Finds the price of `model`, reported by `provider`, in effect at `time`.
    ///
    /// Names are tried from most to least specific (see `ModelName`); for each, the reporting
    /// provider's own entry first, then the provider a prefix names, then any provider.
    public func lookup(provider: String?, model: String, at time: Timestamp) -> Lookup {
        if let provider, ModelName.isNormalized(provider), ModelName.isNormalized(model),
            let entries = entries(provider: provider, name: model)
        {
            return Self.select(entries, at: time)
        }
        let (names, hint) = ModelName.candidates(for: model)
        let preferred = [provider?.lowercased(), hint].compactMap { $0 }
        for name in names {
            for candidate in preferred {
                if let entries = entries(provider: candidate, name: name) { return Self.select(entries, at: time) }
            }
        }
        for name in names {
            if let provider = providersByName[name]?.first, let entries = entries(provider: provider, name: name) {
                return Self.select(entries, at: time)
            }
        }
        return .unknownModel
    }

    /// Every entry of one provider and model id or alias, oldest first.
    public func history(provider: String?, model: String) -> [PriceEntry] {
        let (names, hint) = ModelName.candidates(for: model)
        for name in names {
            let providers = [provider?.lowercased(), hint].compactMap { $0 } + (providersByName[name] ?? [])
            for candidate in providers {
                if let entries = entries(provider: candidate, name: name) { return entries }
            }
        }
        return []
    }

    /// Overrides in effect win; otherwise the latest built-in entry in effect.
    private static func select(_ entries: [PriceEntry], at time: Timestamp) -> Lookup {
        let date = time.date
        var builtin: PriceEntry?
        for entry in entries.reversed() where entry.effectiveFrom <= date {
            if entry.origin.isOverride { return .priced(entry) }
            builtin = builtin ?? entry
        }
        if let builtin { return .priced(builtin) }
        return .notYetPriced(firstEffective: entries[0])
    }
}
