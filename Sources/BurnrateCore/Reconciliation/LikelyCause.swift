/// A reason a flagged row probably differs from the bill, with the figures that point to it.
public enum LikelyCause: Sendable, Hashable {
    /// Burnrate stored events of this model without a price, so its figure lacks their cost.
    case unpricedEvents(requests: Int64, ofRequests: Int64)
    /// The bill charges a day on which Burnrate recorded no event of this model: a capture gap, or
    /// usage that never went through Burnrate. `recordedUnder` names the same model recorded that
    /// day under another provider (`azure/gpt-4o`), which points to a wrong provider name instead.
    case noEventsRecorded(billedRequests: Int64?, recordedUnder: [String])
    /// Days of an invoice period on which Burnrate recorded no event of the provider.
    case daysWithoutEvents([UTCDay])
    /// The bill counts a different number of tokens than Burnrate's events: events missing when
    /// the bill has more, duplicated or misattributed events when it has fewer.
    case tokenGap(billedTokens: Int64, computedTokens: Int64, billedRequests: Int64?, computedRequests: Int64)
    /// Cached tokens are split differently: cache reads billed at full price, or cache writes the
    /// client never reported.
    case cacheAccounting(billedCacheRead: Int64, computedCacheRead: Int64, billedCacheWrite: Int64, computedCacheWrite: Int64)
    /// Burnrate recorded this model but the bill does not list it that day: the events name
    /// another provider, or the model under an alias. `billedModels` are the bill's models that day
    /// with the same base name or under another provider.
    case notOnBill(billedModels: [String])
    /// The bill's own tokens at the rate Burnrate applied (the catalog entry `priceID`, with any
    /// batch or tier discount Burnrate's events had) come to a different amount: the provider
    /// charged another rate (a tier, a price change, a discount).
    case priceDiffers(priceID: String, billedTokensAtCatalogPrice: Money)
    /// For an invoice: daily rows of the same provider inside its period are flagged, with
    /// `difference` of drift between them; their causes explain that part.
    case flaggedDays(rows: Int, difference: Money)
    /// The bill is the same multiple of Burnrate's figure day after day: a steady rate difference
    /// rather than missing events.
    case steadyRatio(ratio: Double, days: Int)

    /// A stable snake_case name for the cause.
    public var kind: String {
        switch self {
        case .unpricedEvents: "unpriced_events"
        case .noEventsRecorded: "no_events_recorded"
        case .daysWithoutEvents: "days_without_events"
        case .tokenGap: "token_gap"
        case .cacheAccounting: "cache_accounting"
        case .notOnBill: "not_on_bill"
        case .priceDiffers: "price_differs"
        case .steadyRatio: "steady_ratio"
        case .flaggedDays: "flagged_days"
        }
    }

    /// The cause in a sentence, with its figures.
    public var message: String {
        switch self {
        case .unpricedEvents(let requests, let total):
            return
                "\(requests) of \(total) requests have no price in Burnrate, so their cost is missing from its figure; add a price and reprice them."
        case .noEventsRecorded(let billedRequests, let recordedUnder):
            let counted = billedRequests.map { " (the provider counted \($0) requests)" } ?? ""
            guard recordedUnder.isEmpty else {
                return
                    "Burnrate recorded no events here but the provider billed usage\(counted); it did record \(recordedUnder.joined(separator: ", ")) that day: the events probably name the wrong provider."
            }
            return
                "Burnrate recorded no events here but the provider billed usage\(counted): a capture gap or usage that bypasses Burnrate."
        case .daysWithoutEvents(let days):
            let listed = days.prefix(5).map(\.description).joined(separator: ", ") + (days.count > 5 ? ", ..." : "")
            return
                "Burnrate recorded no events of this provider on \(days.count) day\(days.count == 1 ? "" : "s") of the period (\(listed))."
        case .tokenGap(let billed, let computed, let billedRequests, let computedRequests):
            let requests = billedRequests.map { "; requests \($0) billed, \(computedRequests) recorded" } ?? ""
            let reading =
                billed > computed
                ? "events are missing from Burnrate"
                : "Burnrate holds events the provider did not bill (duplicates, or another provider's or model's traffic)"
            return "The bill counts \(billed) tokens, Burnrate \(computed)\(requests): \(reading)."
        case .cacheAccounting(let billedRead, let computedRead, let billedWrite, let computedWrite):
            return
                "Cached tokens differ: cache reads \(billedRead) billed, \(computedRead) recorded; cache writes \(billedWrite) billed, \(computedWrite) recorded. Check that clients report cache reads and cache writes as the provider bills them."
        case .notOnBill(let names):
            let near = names.isEmpty ? "" : " The bill does list \(names.joined(separator: ", ")) that day."
            return
                "Burnrate recorded this model but the bill does not list it: its events may name the wrong provider, or the model under an alias.\(near)"
        case .priceDiffers(let priceID, let atCatalog):
            return
                "The bill's own token counts at the rate Burnrate applied (\(priceID)) come to $\(atCatalog.usdString), not the amount billed: the provider charged a different rate (a tier, a price change or a discount)."
        case .flaggedDays(let rows, let difference):
            return
                "The provider's daily bill for this period has \(rows) flagged row\(rows == 1 ? "" : "s"), together $\(difference.usdString) of drift: their causes explain that part."
        case .steadyRatio(let ratio, let days):
            return
                "The bill is \(Self.format(ratio))x Burnrate's figure on each of \(days) days: a steady rate difference (a price change, a service tier or a discount) rather than missing events."
        }
    }

    static func format(_ ratio: Double) -> String {
        let thousandths = Int((ratio * 1000).rounded())
        return ScaledDecimal.format(Int64(thousandths), scale: 3)
    }
}
