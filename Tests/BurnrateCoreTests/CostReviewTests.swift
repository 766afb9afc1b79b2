import BurnrateCore
import Foundation
import Testing

/// Report periods, figures as a reader sees them, and the review's Markdown and CSV.
@Suite struct CostReviewTests {
    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    @Test func periodsParseInTheReportingZone() {
        let berlin = ReportingCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let month = ReportPeriod("2026-03", calendar: berlin)!
        #expect(month.interval == .month)
        #expect(month.range == at("2026-02-28T23:00:00Z")..<at("2026-03-31T22:00:00Z"))
        #expect(month.title(in: berlin) == "March 2026")
        #expect(month.previous(in: berlin).title(in: berlin) == "February 2026")
        let week = ReportPeriod("2026-W01", calendar: .utc)!
        #expect(week.range.lowerBound == at("2025-12-29T00:00:00Z"))
        #expect(week.label(in: .utc) == "2026-W01")
        #expect(week.previous(in: .utc).label(in: .utc) == "2025-W52")
        #expect(ReportPeriod("2026-11-23", calendar: .utc)!.title(in: .utc) == "23 November 2026")
        for bad in ["2026-13", "2026-W60", "2026-02-30", "26-11", "2026-11-1", "november", ""] {
            #expect(ReportPeriod(bad, calendar: .utc) == nil, "\(bad)")
        }
    }

    @Test func figuresReadTheWayFinanceExpects() {
        #expect(Figures.usd(Money(usd: "1234567.891")!) == "$1,234,567.89")
        #expect(Figures.usd(Money(usd: "-0.5")!) == "-$0.50")
        #expect(Figures.usd(Money(usd: "0.00125")!) == "$0.001250")
        #expect(Figures.usd(.zero) == "$0.00")
        #expect(Figures.count(1_234_567) == "1,234,567")
        #expect(Figures.signedPercent(12.345) == "+12.3%")
        #expect(Figures.signedPercent(-4) == "-4.0%")
        #expect(Figures.signedPercent(nil) == "n/a")
    }

    static func review() -> CostReview {
        func totals(_ cost: String, tokens: String, requests: Int64) -> ReviewTotals {
            ReviewTotals(
                cost: Money(usd: cost)!, tokenCost: Money(usd: tokens)!, otherCost: Money(usd: cost)! - Money(usd: tokens)!,
                requests: requests, pricedTokens: requests * 1000, inputTokens: requests * 800, cachedInputTokens: requests * 200,
                activeUsers: 10, failedCost: Money(usd: "1")!, unpricedRequests: 0)
        }
        let rows = [
            ReviewRow(label: "acme | corp", cost: Money(usd: "70")!, share: 0.7, previousCost: Money(usd: "50")!, requests: 70),
            ReviewRow(label: "Other (2)", cost: Money(usd: "30")!, share: 0.3, previousCost: Money(usd: "30")!, requests: 30),
        ]
        return CostReview(
            kind: "month", label: "2026-11", title: "November 2026", previousTitle: "October 2026",
            range: Timestamp(rfc3339: "2026-11-01T00:00:00Z")!..<Timestamp(rfc3339: "2026-12-01T00:00:00Z")!, timeZone: "UTC",
            generatedAt: Timestamp(rfc3339: "2026-12-01T08:00:00Z")!, isPartial: false, current: totals("100", tokens: "80", requests: 100),
            previous: totals("80", tokens: "80", requests: 90), breakdowns: [ReviewBreakdown(title: "Tenant", rows: rows)],
            trend: [
                PeriodCost(label: "2026-10", cost: Money(usd: "80")!, requests: 90),
                PeriodCost(label: "2026-11", cost: Money(usd: "100")!, requests: 100),
            ],
            findings: [Finding(code: "x", severity: .warning, message: "Something rose.", action: "Look.")], economics: nil)
    }

    @Test func markdownReadsAsAReview() {
        let text = Self.review().markdown
        #expect(text.hasPrefix("# AI cost review: November 2026\n\nPeriod: 2026-11-01 to 2026-11-30 (UTC). Generated 2026-12-01 08:00"))
        #expect(text.contains("Total AI spend was **$100.00**. That is up $20.00 (+25.0%) from October 2026 ($80.00)."))
        #expect(text.contains("| Infrastructure and tools | $20.00 | $0.00 | n/a |"))
        #expect(text.contains("- **Warning**: Something rose. Look."))
        #expect(text.contains("| acme \\| corp | $70.00 | 70.0% | $50.00 | +40.0% | 70 |"))
        #expect(text.contains("| 2026-11 | $100.00 | +25.0% | 100 |"))
        #expect(!text.contains("in progress"))
    }

    @Test func csvIsExactAndQuoted() {
        let rows = Self.review().csv.split(separator: "\r\n").map(String.init)
        #expect(rows[1] == "total,total,100.000000000,1.000000,80.000000000,20.000000000,25.00,100")
        #expect(rows.contains("tenant,acme | corp,70.000000000,0.700000,50.000000000,20.000000000,40.00,70"))
        #expect(CostReview.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }
}
