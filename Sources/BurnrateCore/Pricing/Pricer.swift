/// Prices events with a catalog: the pure step between validation and storage.
public enum Pricer {
    /// The event with the price in effect at its timestamp, or unpriced when there is none.
    public static func price(_ event: UsageEvent, catalog: PriceCatalog) -> PricedEvent {
        switch catalog.lookup(provider: event.provider.isEmpty ? nil : event.provider, model: event.model, at: event.timestamp) {
        case .priced(let entry):
            let pricing = CostCalculator.price(event.usage, serviceTier: event.serviceTier, batch: event.batch, entry: entry)
            return PricedEvent(event: event, pricing: pricing, resolvedProvider: event.provider.isEmpty ? entry.provider : event.provider)
        case .notYetPriced(let entry):
            return PricedEvent(event: event, pricing: nil, resolvedProvider: event.provider.isEmpty ? entry.provider : event.provider)
        case .unknownModel:
            return PricedEvent(event: event, pricing: nil, resolvedProvider: event.provider.isEmpty ? "unknown" : event.provider)
        }
    }
}
