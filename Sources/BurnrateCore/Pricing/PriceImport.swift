public import Foundation

/// What importing a prices file would change: per model, whether it is new or which fields
/// change, and the entries to add. Entries are effective from a date, so stored events keep
/// their cost until they are repriced.
public struct PriceImportPlan: Sendable, Hashable {
    /// One price field whose value differs: `input`, `long_context.cache_read`,
    /// `tiers.priority.output`, ... in dollars per million tokens (the threshold in tokens).
    public struct FieldChange: Sendable, Hashable {
        public var field: String
        /// The value Burnrate uses today; nil when the field is new.
        public var old: String?
        /// The value after the import; nil when the import removes the field.
        public var new: String?
    }

    /// A model the import adds or changes, and the entry that does it.
    public struct ModelChange: Sendable, Hashable {
        public var entry: PriceEntry
        /// The entry in effect before, if any.
        public var replaces: String?
        public var fields: [FieldChange]
        public var isNew: Bool { replaces == nil }
    }

    public var changes: [ModelChange]
    /// Models whose prices the import gives exactly as Burnrate has them.
    public var unchanged: Int

    /// The entries to store.
    public var entries: [PriceEntry] { changes.map(\.entry) }
    public var added: Int { changes.filter(\.isNew).count }
    public var changed: Int { changes.count - added }
}

public enum PriceImport {
    /// How the imported prices are compared with and laid over the catalog.
    ///
    /// By default an imported entry keeps the rates it does not mention (the catalog's cache or
    /// flex rates stay when the file has none); with `replace` it stands alone, so what it lacks
    /// is removed.
    /// `effectiveFrom` dates every imported entry; nil keeps each entry's own date.
    public static func plan(_ incoming: [PriceEntry], over catalog: PriceCatalog, effectiveFrom: Date?, replace: Bool) -> PriceImportPlan {
        var changes: [PriceImportPlan.ModelChange] = []
        var unchanged = 0
        for entry in incoming {
            let effectiveFrom = effectiveFrom ?? entry.effectiveFrom
            let at = Timestamp(effectiveFrom)
            var current: PriceEntry?
            if case .priced(let found) = catalog.lookup(provider: entry.provider, model: entry.model, at: at) { current = found }
            var result = entry
            if !replace, let current { result = merged(entry, over: current) }
            let fields = difference(from: current.map(flatten) ?? [:], to: flatten(result))
            guard current == nil || !fields.isEmpty else {
                unchanged += 1
                continue
            }
            let applied = PriceEntry(
                provider: entry.provider, model: entry.model, displayName: entry.displayName ?? current?.displayName, kind: entry.kind,
                aliases: current.map { $0.provider == entry.provider && $0.model == entry.model ? $0.aliases : [] } ?? entry.aliases,
                effectiveFrom: effectiveFrom, rates: result.rates, longContext: result.longContext, tiers: result.tiers,
                regionalMultiplier: result.regionalMultiplier, source: entry.source, origin: .override)
            changes.append(.init(entry: applied, replaces: current?.id, fields: fields))
        }
        return PriceImportPlan(changes: changes, unchanged: unchanged)
    }

    /// `entry` with the rates it does not give taken from `current`.
    static func merged(_ entry: PriceEntry, over current: PriceEntry) -> PriceEntry {
        var result = entry
        result.rates = merged(entry.rates, over: current.rates)
        switch (entry.longContext, current.longContext) {
        case (let new?, let old?) where new.thresholdInputTokens == old.thresholdInputTokens:
            result.longContext = LongContextPricing(
                thresholdInputTokens: new.thresholdInputTokens, rates: merged(new.rates, over: old.rates))
        case (nil, let old): result.longContext = old
        default: break
        }
        result.regionalMultiplier = entry.regionalMultiplier ?? current.regionalMultiplier
        result.tiers = current.tiers
        for (name, tier) in entry.tiers {
            guard case .rates(let newRates, let newLong) = tier, let old = current.tiers[name] else {
                result.tiers[name] = tier
                continue
            }
            let (oldRates, oldLong) = explicit(old, of: current)
            var long = newLong ?? oldLong
            if let newLong, let oldLong, newLong.thresholdInputTokens == oldLong.thresholdInputTokens {
                long = LongContextPricing(
                    thresholdInputTokens: newLong.thresholdInputTokens, rates: merged(newLong.rates, over: oldLong.rates))
            }
            result.tiers[name] = .rates(merged(newRates, over: oldRates), longContext: long)
        }
        return result
    }

    /// A tier's rates and long-context rates as it bills them, a discount applied to `entry`'s.
    static func explicit(_ tier: TierPricing, of entry: PriceEntry) -> (RateSet, LongContextPricing?) {
        switch tier {
        case .rates(let rates, let long): return (rates, long)
        case .discount(let millionths):
            return (
                entry.rates.discounted(by: millionths),
                entry.longContext.map {
                    LongContextPricing(thresholdInputTokens: $0.thresholdInputTokens, rates: $0.rates.discounted(by: millionths))
                }
            )
        }
    }

    private static func merged(_ new: RateSet, over old: RateSet) -> RateSet {
        RateSet(
            input: new.input, output: new.output, cacheRead: new.cacheRead ?? old.cacheRead, cacheWrite: new.cacheWrite ?? old.cacheWrite,
            cacheWrite1h: new.cacheWrite1h ?? old.cacheWrite1h)
    }

    /// Every price of an entry by field name, a discount tier as the rates it bills.
    static func flatten(_ entry: PriceEntry) -> [String: String] {
        var fields: [String: String] = [:]
        func add(_ rates: RateSet, _ prefix: String) {
            fields[prefix + "input"] = rates.input.perMillionString
            fields[prefix + "output"] = rates.output.perMillionString
            fields[prefix + "cache_read"] = rates.cacheRead?.perMillionString
            fields[prefix + "cache_write"] = rates.cacheWrite?.perMillionString
            fields[prefix + "cache_write_1h"] = rates.cacheWrite1h?.perMillionString
        }
        func add(_ long: LongContextPricing?, _ prefix: String) {
            guard let long else { return }
            fields[prefix + "long_context.threshold_input_tokens"] = String(long.thresholdInputTokens)
            add(long.rates, prefix + "long_context.")
        }
        add(entry.rates, "")
        add(entry.longContext, "")
        fields["regional_multiplier"] = entry.regionalMultiplier.map { ScaledDecimal.formatTrimmed($0, scale: 6) }
        for (name, tier) in entry.tiers {
            let (rates, long) = explicit(tier, of: entry)
            add(rates, "tiers.\(name).")
            add(long, "tiers.\(name).")
        }
        return fields
    }

    static func difference(from old: [String: String], to new: [String: String]) -> [PriceImportPlan.FieldChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { field in
            let before = old[field].map(normalized)
            let after = new[field].map(normalized)
            return before == after ? nil : PriceImportPlan.FieldChange(field: field, old: old[field], new: new[field])
        }
    }

    /// `2.50` and `2.5` are the same price.
    private static func normalized(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed = trimmed.dropLast() }
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}

/// The formats a prices file may be imported from.
public enum PriceFileFormat: String, Sendable, CaseIterable {
    /// Burnrate's own (`GET /api/v1/prices`, `--prices`), each entry with its own date.
    case burnrate
    /// LiteLLM's `model_prices_and_context_window.json`, which has no dates.
    case litellm

    /// The entries of a file and, for LiteLLM's map, the models left out. A LiteLLM entry takes
    /// `effectiveFrom`, or today when none is given.
    public func parse(
        _ data: some Collection<UInt8>, effectiveFrom: Date?, now: Date = Date()
    ) throws(PriceDocument.Invalid) -> (entries: [PriceEntry], skipped: [LiteLLMPriceMap.Skipped]) {
        switch self {
        case .burnrate:
            return (try PriceDocument.parse(data, origin: .override), [])
        case .litellm:
            let today = CalendarDate.parse(CalendarDate.string(from: now)) ?? now
            return try LiteLLMPriceMap.parse(data, effectiveFrom: effectiveFrom ?? today)
        }
    }
}
