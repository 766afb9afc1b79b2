import BurnrateCore
import BurnrateStore

/// Hourly token cost with every hour judged as the `hourly_spike` rule judges it, so that the
/// rule and the Operations page's chart mark the same hours.
struct HourlySpikeSeries: Sendable {
    /// The hours asked for, oldest first.
    var periods: [Range<Timestamp>]
    var costs: [Money]
    /// Each hour's judgement; nil for an hour without enough history before it.
    var judgements: [SeasonalSpike?]

    /// History read before the first hour: the weeks of the baseline, and the week before the
    /// hour whose level and noise the judgement uses.
    static let historyHours = (SeasonalSpike.weeks + 1) * 168

    /// The hours of `scope.range` (whole hours), judged against the weeks before them.
    static func load(_ scope: AnalyticsScope, analytics: CostAnalytics, settings: HourlySpikeSettings) async throws -> HourlySpikeSeries {
        let calendar = analytics.calendar
        let start = calendar.start(of: .hour, containing: scope.range.lowerBound)
        let end = calendar.start(of: .hour, containing: scope.range.upperBound)
        guard start < end else { return HourlySpikeSeries(periods: [], costs: [], judgements: []) }
        let (all, groups) = try await analytics.periods(
            scope.over(start.adding(seconds: -Int64(historyHours) * 3_600)..<end), interval: .hour)
        let costs = (groups[[]] ?? Array(repeating: UsageTotals(), count: all.count)).map(\.cost.total)
        let first = all.firstIndex { $0.lowerBound >= start } ?? all.count
        let judgements = SeasonalSpike.evaluate(
            costs, hours: first..<all.count, factor: settings.factor, minimumExcess: settings.minimumExcess)
        return HourlySpikeSeries(periods: Array(all[first...]), costs: Array(costs[first...]), judgements: judgements)
    }
}
