extension PriceDocument {
    /// One entry in the price-file format, so it can be read back by `parse`.
    public static func jsonValue(for entry: PriceEntry) -> JSONValue {
        var members: [(String, JSONValue?)] = [
            ("provider", .string(entry.provider)),
            ("model", .string(entry.model)),
        ]
        if let name = entry.displayName { members.append(("display_name", .string(name))) }
        members.append(("kind", .string(entry.kind.rawValue)))
        if !entry.aliases.isEmpty { members.append(("aliases", .array(entry.aliases.map(JSONValue.string)))) }
        members.append(("effective_from", .string(CalendarDate.string(from: entry.effectiveFrom))))
        members.append(contentsOf: rateMembers(entry.rates))
        if let long = entry.longContext { members.append(longContextMember(long)) }
        if !entry.tiers.isEmpty {
            let tiers = entry.tiers.sorted { $0.key < $1.key }.map { name, tier -> (String, JSONValue?) in
                switch tier {
                case .discount(let millionths):
                    (name, .fields([("discount", .string(ScaledDecimal.formatTrimmed(millionths, scale: 6)))]))
                case .rates(let rates, let longContext):
                    (name, .fields(rateMembers(rates) + (longContext.map { [longContextMember($0)] } ?? [])))
                }
            }
            members.append(("tiers", .fields(tiers)))
        }
        if let multiplier = entry.regionalMultiplier {
            members.append(("regional_multiplier", .string(ScaledDecimal.formatTrimmed(multiplier, scale: 6))))
        }
        if let source = entry.source { members.append(("source", .string(source))) }
        return .fields(members)
    }

    /// Entries as a complete prices file.
    public static func serialize(_ entries: [PriceEntry], version: String? = nil) -> String {
        var members: [(String, JSONValue?)] = []
        if let version { members.append(("catalog_version", .string(version))) }
        members.append(("models", .array(entries.map(jsonValue(for:)))))
        return JSONValue.fields(members).serialized(indent: 2) + "\n"
    }

    private static func longContextMember(_ long: LongContextPricing) -> (String, JSONValue?) {
        ("long_context", .fields([("threshold_input_tokens", .number(String(long.thresholdInputTokens)))] + rateMembers(long.rates)))
    }

    private static func rateMembers(_ rates: RateSet) -> [(String, JSONValue?)] {
        var members: [(String, JSONValue?)] = [
            ("input", .string(rates.input.perMillionString)),
            ("output", .string(rates.output.perMillionString)),
        ]
        if let rate = rates.cacheRead { members.append(("cache_read", .string(rate.perMillionString))) }
        if let rate = rates.cacheWrite { members.append(("cache_write", .string(rate.perMillionString))) }
        if let rate = rates.cacheWrite1h { members.append(("cache_write_1h", .string(rate.perMillionString))) }
        return members
    }
}
