import BurnrateCore
import BurnrateStore

/// Answers the analytics endpoints and the reports from the store's aggregates and the pure
/// analytics of BurnrateCore: the one place in the server that turns sums into figures.
public struct CostAnalytics: Sendable {
    let store: any LedgerStore
    let calendar: ReportingCalendar
    let revenue: RevenueModel
    /// Compares imported provider bills with the ledger, for the bill-drift finding.
    let reconciliation: ReconciliationService?

    /// Analytics over `store`, reporting calendar periods in `calendar`'s time zone.
    public init(
        store: any LedgerStore, calendar: ReportingCalendar, revenue: RevenueModel = RevenueModel(),
        reconciliation: ReconciliationService? = nil
    ) {
        self.store = store
        self.calendar = calendar
        self.revenue = revenue
        self.reconciliation = reconciliation
    }

    /// The bill-drift finding for the UTC days of `range`, when bills were imported for them.
    func billDrift(_ range: Range<Timestamp>) async throws -> Finding? {
        guard let reconciliation else { return nil }
        let end = UTCDay(containing: range.upperBound)
        let report = try await reconciliation.report(
            from: UTCDay(containing: range.lowerBound), to: end.start < range.upperBound ? end.adding(days: 1) : end, provider: nil,
            tolerance: Tolerance())
        return FindingRules.billDrift(report)
    }

    /// Aggregates of the token events in scope; none when the scope's categories leave LLM APIs out.
    func aggregate(_ scope: AnalyticsScope, by keys: [GroupKey]) async throws -> [AggregateGroup] {
        guard scope.includesTokenCosts else { return [] }
        return try await store.aggregate(scope.filter, by: keys)
    }

    /// The totals, failed requests, active users and unpriced models of one period.
    func period(_ scope: AnalyticsScope) async throws -> PeriodFigures {
        var figures = PeriodFigures(range: scope.range)
        var unpriced: [UnpricedModel] = []
        // Totals by model and the failed requests apart: two questions that rollups of a filter's
        // dimension paired with models, or with statuses, answer for every single-value filter.
        var failedScope = scope
        let statuses = scope.filter.dimensions[.status] ?? []
        failedScope.filter.dimensions[.status] =
            statuses.isEmpty || statuses.contains(EventStatus.error.rawValue) ? [EventStatus.error.rawValue] : nil
        if failedScope.filter.dimensions[.status] != nil {
            for group in try await aggregate(failedScope, by: []) { figures.failed = figures.failed + group.totals }
        }
        for group in try await aggregate(scope, by: [.dimension(.provider), .dimension(.model)]) {
            figures.totals = figures.totals + group.totals
            if group.totals.unpricedRequests > 0 {
                let provider = group.keys[0] ?? ""
                let model = group.keys[1] ?? ""
                if let index = unpriced.firstIndex(where: { $0.provider == provider && $0.model == model }) {
                    unpriced[index].requests += group.totals.unpricedRequests
                    unpriced[index].inputTokens += group.totals.unpricedUsage.inputTokens
                    unpriced[index].outputTokens += group.totals.unpricedUsage.outputTokens
                } else {
                    unpriced.append(
                        UnpricedModel(
                            provider: provider, model: model, requests: group.totals.unpricedRequests,
                            inputTokens: group.totals.unpricedUsage.inputTokens, outputTokens: group.totals.unpricedUsage.outputTokens))
                }
            }
        }
        figures.unpricedModels = unpriced.sorted { ($0.requests, $1.provider, $1.model) > ($1.requests, $0.provider, $0.model) }
        figures.activeUsers = scope.includesTokenCosts ? try await store.activeUsers(scope.filter) : 0
        figures.partiallyPricedModels = scope.includesTokenCosts ? try await store.partiallyPriced(scope.filter) : []
        for line in try await itemLines(scope, by: [.category]) {
            figures.itemCost = figures.itemCost + line.amount
            figures.categoryCosts[line.category, default: .zero] += line.amount
        }
        if figures.totals.cost.total != .zero || figures.totals.requests > 0 {
            figures.categoryCosts[.llmAPI, default: .zero] += figures.totals.cost.total
        }
        return figures
    }

    /// The totals of each calendar period of `interval` covering the scope's range, oldest first,
    /// every period present (zero when nothing happened), with the groups of `keys` apart.
    func periods(
        _ scope: AnalyticsScope, interval: CalendarInterval, by keys: [GroupKey] = []
    ) async throws -> (periods: [Range<Timestamp>], groups: [[String?]: [UsageTotals]]) {
        let periods = calendar.periods(interval, from: scope.range.lowerBound, to: scope.range.upperBound)
        let bucket: BucketInterval =
            switch calendar.alignment(of: periods) {
            case 86_400: .day
            case 3600: .hour
            default: .quarterHour
            }
        var groups: [[String?]: [UsageTotals]] = [:]
        for group in try await aggregate(scope, by: keys + [.time(bucket)]) {
            guard let start = group.bucket, let index = ReportingCalendar.index(of: start, in: periods) else { continue }
            groups[group.keys, default: Array(repeating: UsageTotals(), count: periods.count)][index] =
                groups[group.keys, default: Array(repeating: UsageTotals(), count: periods.count)][index] + group.totals
        }
        return (periods, groups)
    }
}

/// What happened in one period.
struct PeriodFigures: Sendable, Hashable {
    var range: Range<Timestamp>
    var totals = UsageTotals()
    /// The requests that failed, and what they cost.
    var failed = UsageTotals()
    var activeUsers: Int64 = 0
    var unpricedModels: [UnpricedModel] = []
    /// Models whose events used something their price has no rate for.
    var partiallyPricedModels: [PartiallyPricedModel] = []
    /// Infrastructure, storage, network and tools: the cost items' share of the period.
    var itemCost = Money.zero
    /// All cost per category (`llm_api` includes the token cost).
    var categoryCosts: [CostCategory: Money] = [:]

    /// The recorded cost of the period: tokens and cost items.
    var cost: Money { totals.cost.total + itemCost }

    /// Tokens of priced events: the usage the recorded cost pays for.
    var pricedTokens: Int64 { totals.usage.totalTokens - totals.unpricedUsage.totalTokens }

    var seconds: Int64 { (range.upperBound.microseconds - range.lowerBound.microseconds) / 1_000_000 }
}
