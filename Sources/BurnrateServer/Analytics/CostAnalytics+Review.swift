import BurnrateCore
import BurnrateStore
import Foundation

extension CostAnalytics {
    /// The dimensions a review breaks spend down by, with their titles.
    static let reviewBreakdowns: [(title: String, key: GroupingKey)] = [
        ("Category", .category), ("Model", .dimension(.model)), ("Tenant", .dimension(.tenant)), ("Feature", .dimension(.feature)),
    ]

    /// Rows a review breakdown lists before folding the rest into "Other".
    static let reviewRows = 10

    /// Earlier periods a review's trend shows, by kind of period.
    static func trendLength(_ interval: CalendarInterval) -> Int {
        interval == .month ? 6 : interval == .week ? 8 : 14
    }

    /// The complete review of `period` with everything in it, as of `now`.
    public func review(_ period: ReportPeriod, filter: EventFilter = EventFilter(), now: Timestamp = .now()) async throws -> CostReview {
        let scope = AnalyticsScope(range: period.range, filter: filter)
        let previousPeriod = period.previous(in: calendar)
        let previousScope = scope.over(previousPeriod.range)
        let current = try await self.period(scope)
        let previous = try await self.period(previousScope)
        var breakdowns: [ReviewBreakdown] = []
        var increases: [Finding] = []
        for (title, key) in Self.reviewBreakdowns {
            let grouped = try await lines(scope, by: [key])
            let before = Dictionary(try await self.lines(previousScope, by: [key]).map { ($0.keys[0], $0.cost) }, uniquingKeysWith: +)
            breakdowns.append(Self.reviewBreakdown(title: title, key: key, lines: grouped, previous: before, total: current.cost))
            let now = Dictionary(grouped.map { ($0.keys[0], $0.cost) }, uniquingKeysWith: +)
            if let finding = FindingRules.largestIncrease(
                in: key.description, movers: Movers.rank(current: now, previous: before), total: current.cost)
            {
                increases.append(finding)
            }
        }
        let trendStart = (1..<Self.trendLength(period.interval)).reduce(period.range.lowerBound) { start, _ in
            calendar.start(of: period.interval, containing: start.adding(seconds: -1))
        }
        let (trendPeriods, trendGroups) = try await periods(scope.over(trendStart..<period.range.upperBound), interval: period.interval)
        let trendTotals = trendGroups[[]] ?? Array(repeating: UsageTotals(), count: trendPeriods.count)
        let trendItems = try await store.costItems(overlapping: trendStart, to: period.range.upperBound)
        var trend: [PeriodCost] = []
        for (range, totals) in zip(trendPeriods, trendTotals) {
            let items = try await itemLines(scope.over(range), by: [], of: trendItems).reduce(Money.zero) { $0 + $1.amount }
            trend.append(
                PeriodCost(
                    label: ReportPeriod(interval: period.interval, range: range).label(in: calendar), cost: totals.cost.total + items,
                    requests: totals.requests))
        }
        let change = CostChange(current: current.cost, previous: previous.cost)
        let growth = Growth(cost: change, usage: current.pricedTokens, previousUsage: previous.pricedTokens)
        let concentration: [Finding?] = FindingRules.categoryConcentration(current.categoryCosts) + increases
        let findings =
            concentration + [
                FindingRules.costOutpacingUsage(growth, cost: change),
                try await costPerRequestTrend(scope),
                try await billDrift(period.range),
                FindingRules.unpricedUsage(
                    unpricedRequests: current.totals.unpricedRequests, requests: current.totals.requests,
                    models: current.unpricedModels.map { "\($0.provider)/\($0.model)" }),
                FindingRules.partiallyPricedUsage(
                    partialRequests: current.partiallyPricedModels.reduce(0) { $0 + $1.requests }, requests: current.totals.requests,
                    models: current.partiallyPricedModels.map { "\($0.provider)/\($0.model)" }),
            ]
        let outcomes = try await self.outcomes(in: period.range, interval: period.interval == .month ? .month : .day).economics
        return CostReview(
            kind: period.interval.rawValue, label: period.label(in: calendar), title: period.title(in: calendar),
            previousTitle: previousPeriod.title(in: calendar), range: period.range, timeZone: calendar.zoneName,
            generatedAt: now, isPartial: now < period.range.upperBound, current: Self.reviewTotals(current),
            previous: Self.reviewTotals(previous), breakdowns: breakdowns, trend: trend,
            findings: findings.compactMap { $0 }.sorted { $0.severity > $1.severity },
            economics: UnitEconomics(
                model: revenue, cost: current.cost, requests: current.totals.requests, activeUsers: current.activeUsers,
                seconds: current.seconds),
            outcomes: outcomes.total.outcomes > 0 ? outcomes : nil)
    }

    static func reviewTotals(_ figures: PeriodFigures) -> ReviewTotals {
        ReviewTotals(
            cost: figures.cost, tokenCost: figures.totals.cost.total, otherCost: figures.itemCost,
            requests: figures.totals.requests, pricedTokens: figures.pricedTokens, inputTokens: figures.totals.usage.inputTokens,
            cachedInputTokens: figures.totals.usage.cacheReadTokens, activeUsers: figures.activeUsers,
            failedCost: figures.failed.cost.total, unpricedRequests: figures.totals.unpricedRequests)
    }

    /// What a review calls a group without a value: cost items have no model; other groups
    /// without one were not attributed.
    static func unsetLabel(_ key: GroupingKey) -> String {
        key == .dimension(.model) ? "No model (infrastructure and tools)" : "Not attributed"
    }

    static func reviewBreakdown(
        title: String, key: GroupingKey, lines: [BreakdownLine], previous: [String?: Money], total: Money
    ) -> ReviewBreakdown {
        let ranked = Ranking.top(
            lines, limit: reviewRows, cost: \.cost, tieBreak: { $0.keys[0] ?? "" },
            fold: { rest in
                var other = rest.reduce(BreakdownLine(keys: [nil]), +)
                other.folded = rest.count
                return other
            })
        var rows = ranked.top.map { line in
            ReviewRow(
                label: line.keys[0] ?? unsetLabel(key), cost: line.cost, share: Ranking.share(line.cost, of: total),
                previousCost: previous[line.keys[0]] ?? .zero, requests: line.totals.requests)
        }
        if let other = ranked.other {
            let shown = Set(ranked.top.map { $0.keys[0] })
            let previousOther = previous.filter { !shown.contains($0.key) }.values.reduce(Money.zero, +)
            rows.append(
                ReviewRow(
                    label: "Other (\(other.folded ?? 0))", cost: other.cost, share: Ranking.share(other.cost, of: total),
                    previousCost: previousOther, requests: other.totals.requests))
        }
        return ReviewBreakdown(title: title, rows: rows)
    }
}
