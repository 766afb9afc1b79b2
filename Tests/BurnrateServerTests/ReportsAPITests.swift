import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Monthly, weekly and daily cost reviews in JSON, Markdown and CSV.
@Suite struct ReportsAPITests {
    @Test func aMonthlyReviewInEveryFormat() async throws {
        try await AnalyticsAPITests.withLedger { client in
            let json = try await client.get("/api/v1/reports/2026-11").json
            #expect(json["title"] as? String == "November 2026")
            #expect(json[path: "totals.cost_usd"] as? String == "16.000000000")
            #expect(json[path: "previous.title"] as? String == "October 2026")
            #expect(json[path: "previous.cost_usd"] as? String == "2.500000000")
            #expect(json[path: "breakdowns.tenant.0.key"] as? String == "acme")
            #expect(json[path: "breakdowns.tenant.0.previous_cost_usd"] as? String == "2.500000000")
            #expect((json["trend"] as? [Any])?.count == 6)

            let markdown = try await client.get("/api/v1/reports/2026-11?format=md")
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            let text = markdown.text
            #expect(text.hasPrefix("# AI cost review: November 2026\n"))
            #expect(text.contains("Total AI spend was **$16.00**. That is up $13.50 (+540.0%) from October 2026 ($2.50)."))
            #expect(text.contains("| acme | $10.00 | 62.5% | $2.50 | +300.0% | 2 |"))
            #expect(text.contains("## Trend"))

            let csv = try await client.get("/api/v1/reports/2026-11?format=csv")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"burnrate-review-2026-11.csv\"")
            let rows = csv.text.split(separator: "\r\n").map(String.init)
            #expect(rows[0] == "section,item,cost_usd,share,previous_cost_usd,change_usd,change_percent,requests")
            #expect(rows[1] == "total,total,16.000000000,1.000000,2.500000000,13.500000000,540.00,5")
            let tenantRows = rows.filter { $0.hasPrefix("tenant,") }
            let tenantSum = tenantRows.compactMap { Money(usd: $0.split(separator: ",")[2].description)?.nanos }.reduce(0, +)
            #expect(tenantSum == 16_000_000_000)
        }
    }

    @Test func weeksAndDaysAndFilters() async throws {
        try await AnalyticsAPITests.withLedger { client in
            let week = try await client.get("/api/v1/reports/2026-W45").json
            #expect(week["from"] as? String == "2026-11-02T00:00:00Z")
            #expect(week["title"] as? String == "Week 45, 2026")
            #expect(week[path: "totals.cost_usd"] as? String == "16.000000000")
            let day = try await client.get("/api/v1/reports/2026-11-02?tenant=acme").json
            #expect(day["title"] as? String == "2 November 2026")
            #expect(day[path: "totals.cost_usd"] as? String == "10.000000000")
        }
    }

    @Test func aBadPeriodOrFormatIsAClearProblem() async throws {
        try await AnalyticsAPITests.withLedger { client in
            for (path, field) in [
                ("2026-13", "period"), ("2026-W54", "period"), ("november", "period"), ("2026-11?format=pdf", "format"),
                ("2026-11?from=2026-01-01", "from"),
            ] {
                let response = try await client.get("/api/v1/reports/\(path)")
                #expect(response.status == .badRequest, "\(path)")
                let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                #expect(fields?.contains(field) == true, "\(path): \(response.text)")
            }
        }
    }
}
