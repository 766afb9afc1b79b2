import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// The config file's `roi` section: the investment `GET /api/v1/roi` and the ROI page measure
/// against when a request names none.
@Suite struct RoiConfigTests {
    static let investment = ROISettings(
        name: "Model routing", investment: Money(dollars: 100_000), recurringCost: Money(dollars: 5_000), months: 24)

    static var configuration: AppConfiguration {
        var configuration = AppConfiguration(logLevel: .error)
        configuration.roi = investment
        return configuration
    }

    @Test func theSectionIsReadAndWrittenBack() throws {
        let file = try ConfigFile.parse(
            """
            roi:
              name: Model routing
              investment_usd: 100000
              recurring_monthly_usd: "5000"
              months: 24
            """)
        #expect(file.roi == Self.investment)
        #expect(try ConfigFile.parse(Self.investment.configSection).roi == Self.investment)
        let quoted = ROISettings(name: #"Routing: "fast" \ cheap, {v2}"#, investment: Money(nanos: 1_500_500_000_000))
        #expect(try ConfigFile.parse(quoted.configSection).roi == quoted)
        #expect(try ConfigFile.parse("port: 8080").roi == nil)
        #expect(try ConfigFile.parse("roi: {investment_usd: 5000}").roi?.months == 36)
    }

    @Test(arguments: [
        ("roi: {investment_usd: -5}", "roi.investment_usd", "non-negative"),
        ("roi: {investment_usd: 2000000000}", "roi.investment_usd", "at most 1000000000"),
        ("roi: {recurring_monthly_usd: lots}", "roi.recurring_monthly_usd", "non-negative decimal"),
        ("roi: {months: 0}", "roi.months", "between 1 and 120"),
        ("roi: {months: 2.5}", "roi.months", "whole number"),
        ("roi: {invest_usd: 5000}", "roi.invest_usd", "known fields: investment_usd, months, name, recurring_monthly_usd"),
        ("roi: 5000", "roi", "object"),
    ])
    func aMistakeNamesTheFieldAndWhatIsAllowed(text: String, field: String, says: String) {
        #expect {
            try ConfigFile.parse(text)
        } throws: { error in
            let issues = (error as? ConfigFileError)?.issues ?? []
            return issues.contains { $0.field == field && $0.message.contains(says) }
        }
    }

    @Test func theAPIMeasuresAgainstTheConfiguredInvestment() async throws {
        try await TestServer.withClient(configuration: Self.configuration) { client in
            let json = try await client.get("/api/v1/roi?monthly_savings=25000").json
            // $25,000 a month less $5,000: $20,000 net, so $100,000 is back after month 5.
            #expect(json[path: "summary.investment_usd"] as? String == "100000.000000000")
            #expect(json[path: "summary.recurring_cost_month_1_usd"] as? String == "5000.000000000")
            #expect(json[path: "summary.break_even_month"] as? Int == 5)
            #expect(json[path: "summary.roi_12_months_percent"] as? Double == 140)
            #expect((json["months"] as? [Any])?.count == 24)
            #expect(json[path: "investment_source.kind"] as? String == "configured")
            #expect(json[path: "investment_source.name"] as? String == "Model routing")
            #expect(json[path: "investment_source.parameters"] as? [String] == ["investment", "recurring_cost", "months"])
        }
    }

    @Test func queryParametersReplaceTheConfiguredValues() async throws {
        try await TestServer.withClient(configuration: Self.configuration) { client in
            let json = try await client.get("/api/v1/roi?monthly_savings=25000&investment=50000&months=12").json
            // The configured $5,000 a month stays: $20,000 net, so $50,000 is back in month 3.
            #expect(json[path: "summary.investment_usd"] as? String == "50000.000000000")
            #expect(json[path: "summary.recurring_cost_month_1_usd"] as? String == "5000.000000000")
            #expect(json[path: "summary.break_even_month"] as? Int == 3)
            #expect((json["months"] as? [Any])?.count == 12)
            #expect(json[path: "investment_source.name"] as? String == "Model routing")
            #expect(json[path: "investment_source.parameters"] as? [String] == ["recurring_cost"])
            let all = try await client.get("/api/v1/roi?monthly_savings=25000&investment=0&recurring_cost=0&months=36").json
            #expect(all[path: "summary.investment_usd"] as? String == "0.000000000")
            #expect(all["investment_source"] == nil)
            let bad = try await client.get("/api/v1/roi?monthly_savings=25000&investment=-1")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func withoutTheSectionNothingIsInvested() async throws {
        try await TestServer.withClient { client in
            let json = try await client.get("/api/v1/roi?monthly_savings=25000").json
            #expect(json[path: "summary.investment_usd"] as? String == "0.000000000")
            #expect(json["investment_source"] == nil)
            #expect((json["months"] as? [Any])?.count == 36)
        }
    }

    @Test func thePageFillsItsFormWithTheConfiguredInvestmentAndTheQueryReplacesIt() async throws {
        try await TestServer.withClient(configuration: Self.configuration) { client in
            let first = try await client.get("/roi")
            #expect(first.status == .ok)
            let page = PageText(html: first.text)
            #expect(page.first(#"name="investment" inputmode="decimal" value="([^"]*)""#) == "100000")
            #expect(page.first(#"name="recurring_cost" inputmode="decimal" value="([^"]*)""#) == "5000")
            #expect(page.first(#"name="months" inputmode="numeric" value="([^"]*)""#) == "24")
            let note = "Measured against the configured investment in Model routing: $100,000.00 once and $5,000.00 a month"
            #expect(first.text.contains(note))
            let changed = PageText(html: try await client.get("/roi?investment=&recurring_cost=2000&months=12").text)
            #expect(changed.first(#"name="investment" inputmode="decimal" value="([^"]*)""#) == "")
            #expect(changed.first(#"name="months" inputmode="numeric" value="([^"]*)""#) == "12")
            #expect(!changed.html.contains("configured investment"))
        }
    }
}
