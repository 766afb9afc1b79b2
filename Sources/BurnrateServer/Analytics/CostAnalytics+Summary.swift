import BurnrateCore
import BurnrateStore

/// The summary: a period's figures against the previous period of equal length, with findings.
struct SummaryFigures: Sendable {
    var scope: AnalyticsScope
    var current: PeriodFigures
    var previous: PeriodFigures
    var change: CostChange
    var growth: Growth
    var economics: UnitEconomics?
    var findings: [Finding]
}

extension CostAnalytics {
    /// How many complete months before the current one the cost-per-request trend looks at.
    static let trendMonths = 4

    /// Reads both periods and the findings' figures concurrently.
    func summary(_ scope: AnalyticsScope) async throws -> SummaryFigures {
        async let currentFigures = period(scope)
        async let previousFigures = period(scope.over(previousPeriod(of: scope.range)))
        async let trend = costPerRequestTrend(scope)
        async let drift = billDrift(scope.range)
        let (current, previous) = try await (currentFigures, previousFigures)
        let change = CostChange(current: current.cost, previous: previous.cost)
        let growth = Growth(cost: change, usage: current.pricedTokens, previousUsage: previous.pricedTokens)
        let economics = UnitEconomics(
            model: revenue, cost: current.cost, requests: current.totals.requests, activeUsers: current.activeUsers,
            seconds: current.seconds)
        var findings: [Finding?] = Self.spreadFindings(current: current, growth: growth, change: change)
        findings.append(try await trend)
        findings.append(try await drift)
        findings.append(
            FindingRules.unpricedUsage(
                unpricedRequests: current.totals.unpricedRequests, requests: current.totals.requests,
                models: current.unpricedModels.map { "\($0.provider)/\($0.model)" }))
        findings.append(
            FindingRules.partiallyPricedUsage(
                partialRequests: current.partiallyPricedModels.reduce(0) { $0 + $1.requests }, requests: current.totals.requests,
                models: current.partiallyPricedModels.map { "\($0.provider)/\($0.model)" }))
        return SummaryFigures(
            scope: scope, current: current, previous: previous, change: change, growth: growth, economics: economics,
            findings: findings.compactMap { $0 }.sorted { $0.severity > $1.severity })
    }

    /// How the scope's spend spreads over categories and grows against usage (the previous period
    /// of equal length): the summary's findings that the recommendations report too.
    func spreadFindings(_ scope: AnalyticsScope) async throws -> [Finding] {
        let current = try await period(scope)
        let previous = try await period(scope.over(previousPeriod(of: scope.range)))
        let change = CostChange(current: current.cost, previous: previous.cost)
        let growth = Growth(cost: change, usage: current.pricedTokens, previousUsage: previous.pricedTokens)
        return Self.spreadFindings(current: current, growth: growth, change: change).sorted { $0.severity > $1.severity }
    }

    static func spreadFindings(current: PeriodFigures, growth: Growth, change: CostChange) -> [Finding] {
        FindingRules.categoryConcentration(current.categoryCosts)
            + [FindingRules.costOutpacingUsage(growth, cost: change)].compactMap { $0 }
    }

    /// Cost per request over the complete months before the one the range ends in.
    func costPerRequestTrend(_ scope: AnalyticsScope) async throws -> Finding? {
        let end = calendar.start(of: .month, containing: scope.range.upperBound.adding(seconds: -1))
        var start = end
        for _ in 0..<Self.trendMonths { start = calendar.start(of: .month, containing: start.adding(seconds: -1)) }
        let (periods, groups) = try await periods(scope.over(start..<end), interval: .month)
        let totals = groups[[]] ?? Array(repeating: UsageTotals(), count: periods.count)
        let months = zip(periods, totals).map { period, totals in
            PeriodCost(
                label: calendar.label(.month, start: period.lowerBound), cost: totals.cost.total, requests: totals.requests)
        }
        return FindingRules.costPerRequestRising(months)
    }
}
