import BurnrateCore
import BurnrateStore
import Foundation

/// The services the dashboard pages read, the same instances the JSON API uses, so that a page
/// and an endpoint asked the same question give the same figures.
struct Dashboard: Sendable {
    let ledger: Ledger
    let analytics: CostAnalytics
    let budgets: BudgetService
    let evaluator: AlertEvaluator
    let configuration: AppConfiguration
    /// The Executive page's savings opportunities, kept ready in the background.
    let opportunities: RefreshingValue<RecommendationReport>

    var calendar: ReportingCalendar { analytics.calendar }
    var store: any LedgerStore { ledger.store }

    /// The `yyyy-mm-dd` date of `instant` in the reporting time zone.
    func date(_ instant: Timestamp) -> String { calendar.label(.day, start: instant) }

    /// `2026-11-01 – 2026-12-03 10:42`: a range for people; `to` is exclusive.
    func describe(_ range: Range<Timestamp>) -> String {
        let last = range.upperBound.adding(seconds: -1)
        let dayEnd = calendar.start(of: .day, containing: range.upperBound) == range.upperBound
        let end = dayEnd ? date(last) : calendar.label(.hour, start: range.upperBound).replacingOccurrences(of: "T", with: " ")
        return "\(date(range.lowerBound)) – \(end) (\(calendar.zoneName))"
    }
}
