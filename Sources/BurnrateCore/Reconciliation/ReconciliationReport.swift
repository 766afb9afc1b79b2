/// The bill set against Burnrate's figures: one row per provider, model and day billed (and per
/// invoice), totals per provider and overall, and the rows whose drift is a finding.
public struct ReconciliationReport: Sendable, Hashable {
    public var tolerance: Tolerance
    /// Daily rows by provider, day and model, then invoice rows.
    public var rows: [ReconciliationRow]
    /// Totals of the daily rows per provider, by provider name.
    public var providers: [ReconciliationTotals]
    /// Totals of the daily rows of every provider.
    public var total: ReconciliationTotals

    public init(tolerance: Tolerance, rows: [ReconciliationRow], providers: [ReconciliationTotals], total: ReconciliationTotals) {
        self.tolerance = tolerance
        self.rows = rows
        self.providers = providers
        self.total = total
    }

    /// The flagged rows, largest difference first.
    public var findings: [ReconciliationRow] {
        rows.filter(\.flagged).sorted { lhs, rhs in
            let left = (lhs.difference ?? .zero).nanos.magnitude
            let right = (rhs.difference ?? .zero).nanos.magnitude
            return left != right ? left > right : (lhs.provider, lhs.period, lhs.model ?? "") < (rhs.provider, rhs.period, rhs.model ?? "")
        }
    }
}

/// One comparison: what the bill says and what Burnrate computed for a provider (and model) over
/// a day or an invoice period.
public struct ReconciliationRow: Sendable, Hashable {
    public var provider: String
    /// The model compared, as the catalog names it; `nil` when the bill covers every model.
    public var model: String?
    public var period: ChargePeriod
    /// Whether the row is an invoice total rather than a day of an export.
    public var isInvoice: Bool
    /// The model names the bill used for this row.
    public var billedModels: [String]
    /// The model names Burnrate's events used for this row.
    public var computedModels: [String]
    /// The amount billed; `nil` when only a usage export (tokens, no money) covers the row.
    public var billed: Money?
    public var computed: Money
    public var billedTokens: TokenUsage?
    public var computedTokens: TokenUsage
    public var billedRequests: Int64?
    public var computedRequests: Int64
    public var unpricedRequests: Int64
    /// Whether the drift exceeds the tolerance.
    public var flagged: Bool
    /// What probably explains a flagged row, most telling first; empty for rows within tolerance.
    public var causes: [LikelyCause]

    /// Billed minus computed: positive when the bill is higher than Burnrate's figure.
    public var difference: Money? { billed.map { $0 - computed } }

    /// The difference in percent of the billed amount; `nil` without a bill amount or when the
    /// bill is zero.
    public var driftPercent: Double? {
        guard let billed, billed.nanos != 0 else { return nil }
        return Double((billed - computed).nanos) * 100 / Double(billed.nanos)
    }
}

/// Sums over daily rows: what was billed, and what Burnrate computed on the days billed.
public struct ReconciliationTotals: Sendable, Hashable {
    /// The provider, or `nil` for the overall total.
    public var provider: String?
    public var billed: Money
    /// Burnrate's cost for the same providers and days, every model included.
    public var computed: Money
    /// Days with a billed amount.
    public var days: Int
    public var flaggedRows: Int

    public var difference: Money { billed - computed }

    /// The difference in percent of the billed amount; `nil` when nothing was billed.
    public var driftPercent: Double? {
        billed.nanos == 0 ? nil : Double(difference.nanos) * 100 / Double(billed.nanos)
    }
}
