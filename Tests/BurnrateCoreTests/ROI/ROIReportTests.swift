import BurnrateCore
import Testing

@Suite struct ROIReportTests {
    /// A summary line: two spaces, the label padded to the label column, the value.
    static func line(_ label: String, _ value: String) -> String {
        "  " + label + String(repeating: " ", count: ROIReport.labelWidth + 2 - label.count) + value
    }

    /// The acceptance case: `burnrate roi --investment 100000 --monthly-savings 25000 --months 36`.
    @Test func summaryComesFirstWithPaybackAndROI() {
        let text = ROIReport(analysis: ROIModelTests.analysis()).render(.table)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "ROI projection")
        #expect(lines.contains(Self.line("Investment (one-off)", "$100,000.00")))
        #expect(lines.contains(Self.line("Break-even month", "month 4")))
        #expect(lines.contains(Self.line("Payback", "4.00 months (122 days)")))
        #expect(lines.contains(Self.line("ROI at 12 months", "200.0%")))
        #expect(lines.contains(Self.line("ROI at 36 months", "800.0%")))
        #expect(lines.contains("Breaks even in month 4: payback after 4.0 months (122 days)."))
        // The monthly table marks the break-even month, then scenarios, then sensitivity.
        #expect(lines.contains { $0.hasPrefix("4 *") && $0.hasSuffix(" $0") })
        let order = ["Monthly net savings", "Scenarios", "Sensitivity"].map { title in lines.firstIndex(of: title) ?? -1 }
        #expect(order.allSatisfy { $0 > 0 } && order == order.sorted())
        #expect(lines.contains { $0.hasPrefix("36 ") && $0.contains("$900,000") && $0.contains("$800,000") })
    }

    @Test func aReportThatNeverBreaksEvenSaysSoInTheSummary() {
        let text = ROIReport(analysis: ROIModelTests.analysis(savings: 2_000, recurring: 500)).render(.table)
        #expect(text.contains(Self.line("Break-even month", "never within 36 months")))
        #expect(text.contains("Never breaks even within 36 months"))
        #expect(!text.contains("* break-even month"))
    }

    @Test func markdownUsesTables() {
        let text = ROIReport(analysis: ROIModelTests.analysis(growth: 0.05, discountRate: 0.08)).render(.markdown)
        #expect(text.hasPrefix("## ROI projection\n"))
        #expect(text.contains("| MONTH | GROSS | RECURRING | NET | CUMULATIVE | VS INVESTMENT | DISCOUNTED |"))
        #expect(text.contains("| NPV at 8.00%/year | $"))
        #expect(text.contains("| Payback | 3.73 months (114 days) |"))
    }
}
