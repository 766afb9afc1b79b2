import BurnrateCore
import BurnrateStore

/// Each deployment's months over the range.
struct SelfHostedFigures: Sendable {
    var range: Range<Timestamp>
    var key: GroupingKey
    var deployments: [(deployment: Deployment, months: [SelfHostedMonth])]
}

extension CostAnalytics {
    /// Every calendar month touching the scope's range, whole, for each deployment: its events'
    /// usage per group of `key` and the month's fixed cost shared among them. The current month
    /// counts up to `now`.
    func selfHosted(
        _ scope: AnalyticsScope, deployments: [Deployment], by key: GroupingKey, now: Timestamp = .now()
    ) async throws -> SelfHostedFigures {
        let months = calendar.periods(.month, from: scope.range.lowerBound, to: scope.range.upperBound)
        guard let first = months.first, let last = months.last else {
            return SelfHostedFigures(range: scope.range, key: key, deployments: [])
        }
        let whole = scope.over(first.lowerBound..<last.upperBound)
        let keys: [GroupKey] = [.dimension(.provider), .dimension(.model)] + [key.storeKey].compactMap { $0 }
        let (periods, groups) = try await periods(whole, interval: .month, by: keys)
        let result = deployments.map { deployment in
            let months = periods.indices.map { index in
                var usage: [String?: SelfHostedUsage] = [:]
                for (values, totals) in groups where deployment.matches(provider: values[0] ?? "", model: values[1] ?? "") {
                    let month = totals[index]
                    guard month.requests > 0 else { continue }
                    let group = key.storeKey == nil ? CostCategory.llmAPI.rawValue : values[2]
                    var line = usage[group] ?? SelfHostedUsage(key: group, requests: 0, tokens: 0, gpuMicroseconds: 0)
                    line.requests += month.requests
                    line.tokens += month.usage.totalTokens
                    line.gpuMicroseconds += month.gpuMicroseconds
                    usage[group] = line
                }
                return SelfHostedCost.month(deployment, period: periods[index], end: now, usage: Array(usage.values))
            }
            return (deployment, months)
        }
        return SelfHostedFigures(range: first.lowerBound..<last.upperBound, key: key, deployments: result)
    }
}
