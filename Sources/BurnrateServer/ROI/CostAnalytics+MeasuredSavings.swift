import BurnrateCore
import BurnrateStore

/// The savings of the last `days` whole days of priced traffic against a baseline model, scaled
/// to an average month: ROI from actual data rather than an assumption.
struct MeasuredSavings: Sendable {
    /// Days of traffic whose savings against the baseline stand for a month.
    static var days: Int { 30 }

    var baseline: BaselineModel
    /// The whole days measured, in the reporting time zone.
    var range: Range<Timestamp>
    var total: SavingsLine
    /// `total.savings` scaled to an average month of 30.4375 days.
    var monthly: Money
}

extension CostAnalytics {
    /// The savings of the last `MeasuredSavings.days` whole days before `now` against the model
    /// `name`, each day at the baseline's price of that day; throws `UnknownBaseline` naming
    /// `parameter` when the catalog has no price for it.
    func measuredSavings(
        against name: String, parameter: String, catalog: PriceCatalog, now: Timestamp = .now()
    ) async throws -> MeasuredSavings {
        let model = try BaselineModel.resolve(name, catalog: catalog, parameter: parameter)
        let today = calendar.start(of: .day, containing: now)
        let from = calendar.start(of: .day, containing: today.adding(seconds: -Int64(MeasuredSavings.days) * 86_400 + 3_600))
        let scope = AnalyticsScope(range: from..<today, filter: EventFilter())
        let figures = try await savings(scope, baselines: [model], by: .dimension(.model), catalog: catalog, compression: false)
        let total = figures.baselines.first?.report.total ?? SavingsLine(key: nil)
        let monthly = total.savings.scaled(by: 304_375, over: Int64(MeasuredSavings.days) * 10_000)
        return MeasuredSavings(baseline: model, range: from..<today, total: total, monthly: monthly)
    }
}
