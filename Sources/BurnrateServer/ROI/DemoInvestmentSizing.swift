import BurnrateCore

extension AppServices {
    /// The demo's investment (`DemoInvestment`), sized from the monthly savings against the first
    /// configured baseline (`savings.baselines`) as the ROI page measures them; `nil` without a
    /// baseline or without savings.
    public func demoInvestment() async throws -> ROISettings? {
        guard let baseline = configuration.savingsBaselines.first else { return nil }
        let measured = try await analytics.measuredSavings(
            against: baseline, parameter: "savings.baselines", catalog: try await ledger.catalog())
        return DemoInvestment.settings(monthlySavings: measured.monthly)
    }
}

extension Ledger {
    /// The demo's investment as `AppServices.demoInvestment()` sizes it, measured in `calendar`'s
    /// days against the first of `baselines`, for a ledger seeded before any application exists.
    public func demoInvestment(calendar: ReportingCalendar, baselines: [String]) async throws -> ROISettings? {
        var configuration = AppConfiguration(timeZone: calendar.timeZone)
        configuration.savingsBaselines = baselines
        return try await AppServices(configuration: configuration, ledger: self).demoInvestment()
    }
}
