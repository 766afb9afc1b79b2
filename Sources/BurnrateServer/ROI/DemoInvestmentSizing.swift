import BurnrateCore
import Hummingbird

extension Ledger {
    /// The demo's investment (`DemoInvestment`), sized from the monthly savings against the first
    /// of `baselines` as the ROI page measures them in `calendar`'s days; `nil` without a
    /// baseline or without savings.
    public func demoInvestment(calendar: ReportingCalendar, baselines: [String]) async throws -> ROISettings? {
        guard !baselines.isEmpty else { return nil }
        let services = AppServices(configuration: AppConfiguration(timeZone: calendar.timeZone), ledger: self)
        let roi = RoiController<BasicRequestContext>(ledger: self, analytics: services.analytics, baselines: baselines)
        return DemoInvestment.settings(monthlySavings: try await roi.measuredSavings(baseline: nil).monthly)
    }
}
