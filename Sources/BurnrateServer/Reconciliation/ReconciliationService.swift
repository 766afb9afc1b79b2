import BurnrateCore
import BurnrateStore

/// Reconciliation against the ledger: stores imported bills and gathers, for the providers and
/// days they bill, what Burnrate computed, then leaves the comparison to `Reconciliation`.
///
/// The HTTP API and the command line both go through it.
public struct ReconciliationService: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// What importing one bill did.
    public struct BillImport: Sendable {
        public var bill: BillFile.Parsed
        public var saved: ChargeSaveReport
        /// The reconciliation over the providers and days the bill covers.
        public var report: ReconciliationReport
    }

    /// Validates a whole bill file, stores its charges in one transaction and reconciles the days
    /// it covers. Throws `BillFile.Failure`, storing nothing, when any row is wrong.
    public func importBill(_ bytes: [UInt8], tolerance: Tolerance) async throws -> BillImport {
        let bill = try BillFile.parse(bytes)
        let saved = try await ledger.store.saveCharges(bill.charges)
        let first = bill.charges.map(\.period.start).min()
        let last = bill.charges.map(\.period.end).max()
        let report = try await self.report(from: first, to: last, provider: nil, tolerance: tolerance)
        return BillImport(bill: bill, saved: saved, report: report)
    }

    /// Reconciles the stored charges whose period overlaps `[from, to)`, of one provider or all.
    ///
    /// Burnrate's figures are gathered for every provider over the days billed, so that a model
    /// billed by one provider but recorded under another name can be pointed out.
    public func report(from: UTCDay?, to: UTCDay?, provider: String?, tolerance: Tolerance) async throws -> ReconciliationReport {
        let charges = try await ledger.store.charges(from: from, to: to, provider: provider)
        var computed: [ComputedUsage] = []
        if let start = charges.map(\.period.start).min(), let end = charges.map(\.period.end).max() {
            computed = try await self.computed(over: ChargePeriod(start: start, end: end))
        }
        return Reconciliation.compare(charges: charges, computed: computed, tolerance: tolerance, catalog: try await ledger.catalog())
    }

    /// Burnrate's figures for one provider per model and UTC day over `period`.
    public func computed(provider: String, over period: ChargePeriod) async throws -> [ComputedUsage] {
        let filter = EventFilter(from: period.start.start, to: period.end.start, dimensions: [.provider: [provider]])
        var usage: [ComputedUsage] = []
        for group in try await ledger.store.breakdown(filter, by: .model, limit: Int.max) {
            guard let model = group.key else { continue }
            var byModel = filter
            byModel.dimensions[.model] = [model]
            for point in try await ledger.store.timeseries(byModel, interval: .day) {
                let totals = point.totals
                usage.append(
                    ComputedUsage(
                        provider: provider, model: model, day: UTCDay(containing: point.start), cost: totals.cost.total,
                        requests: totals.requests, unpricedRequests: totals.unpricedRequests, tokens: totals.usage))
            }
        }
        return usage
    }

    /// Burnrate's figures for every provider with events in `period`.
    public func computed(over period: ChargePeriod) async throws -> [ComputedUsage] {
        let filter = EventFilter(from: period.start.start, to: period.end.start)
        var usage: [ComputedUsage] = []
        for group in try await ledger.store.breakdown(filter, by: .provider, limit: Int.max) {
            guard let provider = group.key else { continue }
            usage += try await computed(provider: provider, over: period)
        }
        return usage
    }
}
