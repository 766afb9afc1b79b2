public import Foundation

/// What a model's tokens cost from a given date on, and where that price came from.
///
/// A model may have several entries with different `effectiveFrom` dates; an event is priced with
/// the one in effect at its timestamp, so adding a newer price never reprices history.
public struct PriceEntry: Sendable, Hashable {
    /// Lower-case provider name (`openai`, `anthropic`, `bedrock`, ...).
    public let provider: String
    /// The canonical model id, lower-case.
    public let model: String
    public var displayName: String?
    public var kind: ModelKind
    /// Other ids billed at the same price (dated snapshots, deployment names).
    public var aliases: [String]
    /// The first instant (UTC midnight of the entry's date) the price applies.
    public let effectiveFrom: Date
    /// A stable reference to this entry, such as `openai/gpt-4o@2024-10-01`.
    public let id: String
    public var rates: RateSet
    public var longContext: LongContextPricing?
    /// Service tiers by lower-case name; `batch` is also selected by an event's `batch` flag.
    public var tiers: [String: TierPricing]
    /// What every id of the model but its `global.` profile costs, as a multiple of these rates in
    /// millionths (`1_100_000` is 10% more): Bedrock bills geographic profiles (`us.`, `eu.`) and
    /// in-Region calls of newer models above the global rate. Nil where the price is the same
    /// everywhere.
    public var regionalMultiplier: Int64?
    /// Where the price was read and when.
    public var source: String?
    public var origin: PriceOrigin

    public init(
        provider: String, model: String, displayName: String? = nil, kind: ModelKind = .chat,
        aliases: [String] = [], effectiveFrom: Date, rates: RateSet,
        longContext: LongContextPricing? = nil, tiers: [String: TierPricing] = [:],
        regionalMultiplier: Int64? = nil, source: String? = nil, origin: PriceOrigin = .builtin
    ) {
        self.provider = provider.lowercased()
        self.model = model.lowercased()
        self.displayName = displayName
        self.kind = kind
        self.aliases = aliases.map { $0.lowercased() }
        self.effectiveFrom = effectiveFrom
        self.id = "\(self.provider)/\(self.model)@\(CalendarDate.string(from: effectiveFrom))"
        self.rates = rates
        self.longContext = longContext
        self.tiers = tiers
        self.regionalMultiplier = regionalMultiplier
        self.source = source
        self.origin = origin
    }
}

/// Whether a model produces text or embeddings.
public enum ModelKind: String, Sendable, Hashable, CaseIterable {
    case chat
    case embedding
}

/// Where a price entry came from; overrides win over the built-in catalog.
public enum PriceOrigin: String, Sendable, Hashable {
    /// Shipped with Burnrate.
    case builtin
    /// Read from a prices file given at start-up.
    case file
    /// Set through the API and stored in the database.
    case override

    /// Whether this origin takes precedence over the built-in catalog.
    public var isOverride: Bool { self != .builtin }
}

extension PriceEntry {
    /// This entry as it bills `model`: at its regional rates unless the id is a `global.` profile.
    public func billing(_ model: String) -> PriceEntry {
        guard let multiplier = regionalMultiplier, !ModelName.isGlobalProfile(model) else { return self }
        var entry = self
        entry.rates = rates.scaled(by: multiplier)
        entry.longContext = longContext.map {
            LongContextPricing(thresholdInputTokens: $0.thresholdInputTokens, rates: $0.rates.scaled(by: multiplier))
        }
        entry.tiers = tiers.mapValues { tier in
            guard case .rates(let rates, let long) = tier else { return tier }
            return .rates(
                rates.scaled(by: multiplier),
                longContext: long.map {
                    LongContextPricing(thresholdInputTokens: $0.thresholdInputTokens, rates: $0.rates.scaled(by: multiplier))
                })
        }
        return entry
    }
}
