/// What observed traffic saved against a baseline model: each group's priced usage, repriced on
/// the baseline with the baseline's price in effect on the day the traffic ran.
///
/// The server feeds one `SavingsInput` per group and UTC day. Catalog prices take effect at UTC
/// midnight, so a UTC day has one baseline price throughout and the dated repricing is exact per
/// day; the one approximation is `WhatIf`'s: long-context rates apply when a group-day's average
/// input exceeds the baseline's threshold.
public enum BaselineSavings {
    /// Sums `inputs` per key with their cost on the baseline.
    ///
    /// - Parameters:
    ///   - inputs: priced usage per group and UTC day (unpriced events already left out).
    ///   - baseline: the baseline's price in effect at an instant, `nil` when it had none yet;
    ///     traffic on such days is left out of both sides and counted in `uncoveredRequests`.
    /// - Returns: one line per key, largest saving first, and their total.
    public static func compute(_ inputs: [SavingsInput], baseline: (Timestamp) -> PriceEntry?) -> SavingsReport {
        var lines: [String?: SavingsLine] = [:]
        var priceIDs: Set<String> = []
        var uncovered: Int64 = 0
        for input in inputs where input.requests > 0 {
            guard let entry = baseline(input.day) else {
                uncovered += input.requests
                continue
            }
            priceIDs.insert(entry.id)
            let cost = WhatIf.cost(of: input.usage, requests: input.requests, on: entry)
            var line = lines[input.key] ?? SavingsLine(key: input.key)
            line.requests += input.requests
            line.usage = line.usage + input.usage
            line.actual += input.actual
            line.baseline += cost
            lines[input.key] = line
        }
        let sorted = lines.values.sorted { ($0.savings, $1.key ?? "") > ($1.savings, $0.key ?? "") }
        var total = SavingsLine(key: nil)
        for line in sorted {
            total.requests += line.requests
            total.usage = total.usage + line.usage
            total.actual += line.actual
            total.baseline += line.baseline
        }
        return SavingsReport(lines: sorted, total: total, priceIDs: priceIDs.sorted(), uncoveredRequests: uncovered)
    }
}

/// The priced traffic of one group on one UTC day.
public struct SavingsInput: Sendable, Hashable {
    /// The group's key (model, feature, tenant...); `nil` for events without one.
    public var key: String?
    /// The start of the UTC day.
    public var day: Timestamp
    /// Priced requests.
    public var requests: Int64
    /// The priced requests' tokens.
    public var usage: TokenUsage
    /// What they cost as recorded.
    public var actual: Money

    public init(key: String?, day: Timestamp, requests: Int64, usage: TokenUsage, actual: Money) {
        self.key = key
        self.day = day
        self.requests = requests
        self.usage = usage
        self.actual = actual
    }
}

/// One group's actual and baseline cost, and the ratios derived from them.
public struct SavingsLine: Sendable, Hashable {
    public var key: String?
    public var requests: Int64 = 0
    public var usage = TokenUsage()
    public var actual = Money.zero
    /// The same usage priced on the baseline.
    public var baseline = Money.zero

    public init(key: String?) {
        self.key = key
    }

    /// Baseline minus actual: positive when the traffic cost less than the baseline would have.
    public var savings: Money { baseline - actual }

    /// The saving as a percentage of the baseline cost; `nil` when the baseline cost nothing.
    public var savingsPercent: Double? {
        baseline.nanos > 0 ? Double(savings.nanos) * 100 / Double(baseline.nanos) : nil
    }

    /// How many times cheaper than the baseline the traffic ran (baseline ÷ actual); `nil` when it
    /// cost nothing.
    public var efficiencyMultiple: Double? {
        actual.nanos > 0 ? Double(baseline.nanos) / Double(actual.nanos) : nil
    }

    /// Tokens bought per dollar as recorded; `nil` when the traffic cost nothing.
    public var tokensPerDollarActual: Double? { Self.tokensPerDollar(usage.totalTokens, actual) }

    /// Tokens a dollar would have bought on the baseline.
    public var tokensPerDollarBaseline: Double? { Self.tokensPerDollar(usage.totalTokens, baseline) }

    static func tokensPerDollar(_ tokens: Int64, _ cost: Money) -> Double? {
        cost.nanos > 0 ? Double(tokens) / cost.usd : nil
    }
}

/// The savings of every group against one baseline.
public struct SavingsReport: Sendable, Hashable {
    /// Largest saving first.
    public var lines: [SavingsLine]
    public var total: SavingsLine
    /// The baseline price entries the days were priced with, sorted.
    public var priceIDs: [String]
    /// Priced requests on days before the baseline had a price, left out of both sides.
    public var uncoveredRequests: Int64

    public init(lines: [SavingsLine], total: SavingsLine, priceIDs: [String], uncoveredRequests: Int64) {
        self.lines = lines
        self.total = total
        self.priceIDs = priceIDs
        self.uncoveredRequests = uncoveredRequests
    }
}
