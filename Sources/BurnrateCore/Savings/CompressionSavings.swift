/// What client-side prompt compression or optimization saved: the input tokens removed before
/// sending (`original_input_tokens` − `input_tokens`), valued at the uncached input rate of the
/// price entry, tier and context length each request was billed at.
///
/// The value is linear in the tokens, so valuing the sum of one entry's removed tokens equals
/// summing each event's saving; the store sums per entry, tier and long-context flag.
public enum CompressionSavings {
    /// Sums `usage` per key, valuing removed tokens with `entry(priceID)`; rows whose entry is no
    /// longer in the catalog are counted in `unvaluedRequests`.
    public static func compute(_ usage: [CompressionUsage], entry: (String) -> PriceEntry?) -> CompressionReport {
        var lines: [String?: CompressionLine] = [:]
        var unvalued: Int64 = 0
        for row in usage where row.requests > 0 {
            guard let entry = entry(row.priceID) else {
                unvalued += row.requests
                continue
            }
            var line = lines[row.key] ?? CompressionLine(key: row.key)
            line.requests += row.requests
            line.sentInputTokens += row.sentInputTokens
            line.originalInputTokens += row.originalInputTokens
            line.savings += CostCalculator.uncachedInputCost(
                tokens: row.originalInputTokens - row.sentInputTokens, entry: entry, tier: row.tier, longContext: row.longContext)
            lines[row.key] = line
        }
        let sorted = lines.values.sorted { ($0.savings, $1.key ?? "") > ($1.savings, $0.key ?? "") }
        var total = CompressionLine(key: nil)
        for line in sorted {
            total.requests += line.requests
            total.sentInputTokens += line.sentInputTokens
            total.originalInputTokens += line.originalInputTokens
            total.savings += line.savings
        }
        return CompressionReport(lines: sorted, total: total, unvaluedRequests: unvalued)
    }
}

/// Priced events that reported their original input size, for one group, price entry, tier and
/// context length.
public struct CompressionUsage: Sendable, Hashable {
    /// The group's key; `nil` for events without one (or when not grouped).
    public var key: String?
    public var priceID: String
    /// The tier the events were billed in (`standard`, `batch`, `flex`...).
    public var tier: String
    public var longContext: Bool
    public var requests: Int64
    /// Input tokens actually sent.
    public var sentInputTokens: Int64
    /// Input tokens before compression.
    public var originalInputTokens: Int64

    public init(
        key: String?, priceID: String, tier: String, longContext: Bool, requests: Int64, sentInputTokens: Int64,
        originalInputTokens: Int64
    ) {
        self.key = key
        self.priceID = priceID
        self.tier = tier
        self.longContext = longContext
        self.requests = requests
        self.sentInputTokens = sentInputTokens
        self.originalInputTokens = originalInputTokens
    }
}

/// One group's compression: tokens before and after, and what the removed tokens would have cost.
public struct CompressionLine: Sendable, Hashable {
    public var key: String?
    public var requests: Int64 = 0
    public var sentInputTokens: Int64 = 0
    public var originalInputTokens: Int64 = 0
    /// The removed tokens at the uncached input rate the requests were billed at.
    public var savings = Money.zero

    public init(key: String?) {
        self.key = key
    }

    public var removedTokens: Int64 { originalInputTokens - sentInputTokens }

    /// Removed ÷ original input tokens; `nil` without any.
    public var reduction: Double? {
        originalInputTokens > 0 ? Double(removedTokens) / Double(originalInputTokens) : nil
    }
}

/// Compression savings per group, largest first, with their total.
public struct CompressionReport: Sendable, Hashable {
    public var lines: [CompressionLine]
    public var total: CompressionLine
    /// Requests whose price entry is no longer in the catalog, so their saving has no value.
    public var unvaluedRequests: Int64
}
