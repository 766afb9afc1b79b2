/// Compares what providers billed with what Burnrate computed, per provider, model and UTC day,
/// and explains the drift it finds from the data itself.
public enum Reconciliation {
    /// The report for `charges` against `computed`.
    ///
    /// Daily charges are compared cell by cell over each provider's billed span of days: a model
    /// Burnrate recorded on a billed day that the bill does not list gets a row with a billed
    /// amount of zero. A charge without a model is compared with the provider's whole day. Invoice
    /// totals are compared with the sum over their period. With a `catalog`, model names are
    /// matched through its aliases and the bill's token counts are priced to check the rate.
    public static func compare(
        charges: [ProviderCharge], computed: [ComputedUsage], tolerance: Tolerance = Tolerance(), catalog: PriceCatalog? = nil
    ) -> ReconciliationReport {
        let comparison = Comparison(tolerance: tolerance, catalog: catalog, computed: computed)
        let daily = comparison.dailyRows(charges.filter { !$0.isPeriodTotal })
        let invoices = charges.filter(\.isPeriodTotal)
            .sorted { ($0.provider, $0.period, $0.model ?? "") < ($1.provider, $1.period, $1.model ?? "") }
            .map { comparison.invoiceRow($0, daily: daily) }
        let providers = comparison.totals(of: daily)
        var total = ReconciliationTotals(provider: nil, billed: .zero, computed: .zero, days: 0, flaggedRows: 0)
        for totals in providers {
            total.billed = total.billed + totals.billed
            total.computed = total.computed + totals.computed
            total.days += totals.days
            total.flaggedRows += totals.flaggedRows
        }
        return ReconciliationReport(tolerance: tolerance, rows: daily + invoices, providers: providers, total: total)
    }
}

/// Figures for one cell, billed or computed, added up over the charges or models in it.
struct CellFigures {
    var amount: Money?
    var tokens: TokenUsage?
    var requests: Int64?
    var names: Set<String> = []

    mutating func add(_ charge: ProviderCharge) {
        if let value = charge.amount { amount = (amount ?? .zero) + value }
        if let value = charge.tokens { tokens = (tokens ?? TokenUsage()) + value }
        if let value = charge.requests { requests = (requests ?? 0) + value }
        if let model = charge.model { names.insert(model) }
    }
}

/// Burnrate's figures for one cell.
struct ComputedFigures {
    var cost = Money.zero
    var requests: Int64 = 0
    var unpricedRequests: Int64 = 0
    var tokens = TokenUsage()
    var names: Set<String> = []

    mutating func add(_ usage: ComputedUsage) {
        cost = cost + usage.cost
        requests += usage.requests
        unpricedRequests += usage.unpricedRequests
        tokens = tokens + usage.tokens
        names.insert(usage.model)
    }

    mutating func add(_ other: ComputedFigures) {
        cost = cost + other.cost
        requests += other.requests
        unpricedRequests += other.unpricedRequests
        tokens = tokens + other.tokens
        names.formUnion(other.names)
    }
}

/// A provider's day.
struct ProviderDay: Hashable {
    var provider: String
    var day: UTCDay
}
