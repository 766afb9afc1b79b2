import BurnrateCore
import BurnrateStore

/// The savings of the scope's traffic against each baseline model.
struct SavingsFigures: Sendable {
    var scope: AnalyticsScope
    var key: GroupingKey
    var baselines: [(baseline: BaselineModel, report: SavingsReport)]
    /// Requests left out because they have no recorded cost to compare with.
    var unpricedRequests: Int64
    /// What client-side prompt compression saved, per group of `key`.
    var compression: CompressionReport
}

/// A model named as a baseline, resolved in the catalog.
struct BaselineModel: Sendable, Hashable {
    /// The name as configured or asked for.
    var name: String
    var provider: String
    var model: String

    /// Resolves `provider/model` or a bare model name (the way `whatif`'s `target` is read);
    /// throws `UnknownBaseline` naming `parameter` when the catalog has no price for it.
    static func resolve(_ name: String, catalog: PriceCatalog, parameter: String) throws(UnknownBaseline) -> BaselineModel {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        let history =
            parts.count == 2 && !catalog.history(provider: parts[0], model: parts[1]).isEmpty
            ? catalog.history(provider: parts[0], model: parts[1]) : catalog.history(provider: nil, model: name)
        guard let entry = history.first else {
            throw UnknownBaseline(name: name, parameter: parameter)
        }
        return BaselineModel(name: name, provider: entry.provider, model: entry.model)
    }

    /// The baseline's price in effect at `time`, if it had one yet.
    func price(at time: Timestamp, in catalog: PriceCatalog) -> PriceEntry? {
        if case .priced(let entry) = catalog.lookup(provider: provider, model: model, at: time) { return entry }
        return nil
    }
}

extension CostAnalytics {
    /// Reprices the priced traffic of the scope, per group of `key` and UTC day, on each baseline
    /// with the baseline's price of that day; with `compression`, also values the tokens context
    /// compression removed, which reads the raw events of the scope (the baselines read rollups).
    func savings(
        _ scope: AnalyticsScope, baselines: [BaselineModel], by key: GroupingKey, catalog: PriceCatalog, compression: Bool = true
    ) async throws -> SavingsFigures {
        var inputs: [SavingsInput] = []
        var unpriced: Int64 = 0
        let keys = [key.storeKey, .time(.day)].compactMap { $0 }
        for group in try await aggregate(scope, by: keys) {
            let totals = group.totals
            unpriced += totals.unpricedRequests
            guard let day = group.bucket else { continue }
            inputs.append(
                SavingsInput(
                    key: key.storeKey == nil ? CostCategory.llmAPI.rawValue : group.keys[0], day: day,
                    requests: totals.requests - totals.unpricedRequests, usage: Self.subtract(totals.unpricedUsage, from: totals.usage),
                    actual: totals.cost.total))
        }
        let reports = baselines.map { baseline in
            (baseline, BaselineSavings.compute(inputs) { baseline.price(at: $0, in: catalog) })
        }
        let entries = Dictionary(catalog.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let compression =
            scope.includesTokenCosts && compression
            ? CompressionSavings.compute(try await store.compressionUsage(scope.filter, by: key.storeKey)) { entries[$0] }
            : CompressionSavings.compute([]) { entries[$0] }
        return SavingsFigures(scope: scope, key: key, baselines: reports, unpricedRequests: unpriced, compression: compression)
    }
}
