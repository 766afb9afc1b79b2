/// Prices events with a catalog: the pure step between validation and storage.
public enum Pricer {
    /// The event with the price in effect at its timestamp, or unpriced when there is none.
    ///
    /// An event that did not name its provider gets the provider of the entry its model matched
    /// (`unknown` when none did), so that every stored event can be grouped by provider.
    public static func price(_ event: UsageEvent, catalog: PriceCatalog) -> PricedEvent {
        var event = event
        let lookup = catalog.lookup(provider: event.provider.isEmpty ? nil : event.provider, model: event.model, at: event.timestamp)
        switch lookup {
        case .priced(let entry):
            if event.provider.isEmpty { event.provider = entry.provider }
            let pricing = CostCalculator.price(
                event.usage, serviceTier: event.serviceTier, batch: event.batch, entry: entry.billing(event.model))
            return PricedEvent(event: event, pricing: pricing)
        case .notYetPriced(let entry):
            if event.provider.isEmpty { event.provider = entry.provider }
            return PricedEvent(event: event, pricing: nil)
        case .unknownModel:
            if event.provider.isEmpty { event.provider = "unknown" }
            return PricedEvent(event: event, pricing: nil)
        }
    }
}
