import BurnrateCore
import BurnrateServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct RoiAPITests {
    @Test func getComputesROIFromQueryParameters() async throws {
        try await TestServer.withClient { client in
            let response = try await client.get("/api/v1/roi?investment=100000&monthly_savings=25000&months=36")
            #expect(response.status == .ok)
            let json = response.json
            #expect(json[path: "summary.break_even_month"] as? Int == 4)
            #expect(json[path: "summary.payback_months"] as? Double == 4)
            #expect(json[path: "summary.payback_days"] as? Int == 122)
            #expect(json[path: "summary.roi_12_months_percent"] as? Double == 200)
            #expect(json[path: "summary.roi_36_months_percent"] as? Double == 800)
            #expect(json[path: "summary.investment_usd"] as? String == "100000.000000000")
            #expect((json["months"] as? [Any])?.count == 36)
            #expect(json[path: "months.3.cumulative_minus_investment_usd"] as? String == "0.000000000")
            #expect((json["scenarios"] as? [Any])?.count == 3)
            #expect((json[path: "sensitivity.cases"] as? [Any])?.count == 6)
        }
    }

    @Test func withoutMonthlySavingsOrABaselineROIExplainsWhatItNeeds() async throws {
        var configuration = AppConfiguration(logLevel: .error)
        configuration.savingsBaselines = []
        try await TestServer.withClient(configuration: configuration) { client in
            let response = try await client.get("/api/v1/roi?investment=100000")
            #expect(response.status == .badRequest)
            #expect((response.json["detail"] as? String)?.contains("baseline=gpt-4o") == true)
            #expect(response.json[path: "errors.0.field"] as? String == "monthly_savings")
            let bad = try await client.get("/api/v1/roi?monthly_savings=abc&months=500&scenario=wild")
            #expect(bad.status == .badRequest)
            let fields = (bad.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["monthly_savings", "months", "scenario"])
        }
    }

    @Test func withoutMonthlySavingsTheSavingsAgainstABaselineAreMeasured() async throws {
        let ledger = try await TestServer.ledger()
        let yesterday = ReportingCalendar.utc.start(of: .day, containing: .now()).adding(seconds: -12 * 3_600)
        _ = try await ledger.ingest(
            (0..<10).map { index in
                UsageEvent(
                    id: "m-\(index)", timestamp: yesterday, provider: "anthropic", model: "claude-haiku-4-5",
                    usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000))
            })
        try await TestServer.withClient(ledger: ledger) { client in
            let response = try await client.get("/api/v1/roi?investment=10&baseline=gpt-4o&months=12")
            #expect(response.status == .ok)
            // Without a baseline, the config file's first (by default openai/gpt-4o) is used.
            let byDefault = try await client.get("/api/v1/roi?investment=10&months=12")
            #expect(byDefault.json[path: "monthly_savings_source.baseline"] as? String == "openai/gpt-4o")
            let source = try #require(response.json["monthly_savings_source"] as? [String: Any])
            #expect(source["kind"] as? String == "measured")
            let actual = try #require(Decimal(string: source["actual_usd"] as? String ?? ""))
            let baseline = try #require(Decimal(string: source["baseline_usd"] as? String ?? ""))
            let savings = try #require(Decimal(string: source["savings_usd"] as? String ?? ""))
            #expect(actual > 0 && baseline > actual && savings == baseline - actual)
            let monthly = try #require(Decimal(string: source["monthly_savings_usd"] as? String ?? ""))
            #expect(abs(monthly - savings * Decimal(304_375) / Decimal(300_000)) < Decimal(string: "0.000000001")!)
            #expect(response.json[path: "months.0.gross_savings_usd"] as? String == source["monthly_savings_usd"] as? String)
            let unknown = try await client.get("/api/v1/roi?investment=10&baseline=no-such-model")
            #expect(unknown.status == .unprocessableContent)
        }
    }

    @Test func postRunsScenariosWithNPVAndCustomScenarios() async throws {
        try await TestServer.withClient { client in
            let body = """
                {"investments": [{"name": "GPU server", "one_off_usd": 60000}, {"name": "Integration", "hours": 250, "hourly_rate_usd": 160},
                                 {"name": "Operations", "monthly_usd": 1000}],
                 "monthly_savings_usd": 26000, "growth": 0.02, "months": 24, "discount_rate": 0.1,
                 "scenarios": [{"name": "stretch", "savings_multiplier": 1.5, "growth": 0.05}], "scenario": "conservative"}
                """
            let response = try await client.post("/api/v1/roi/scenarios", body)
            #expect(response.status == .ok)
            let json = response.json
            #expect(json[path: "scenario.name"] as? String == "conservative")
            #expect(json[path: "summary.investment_usd"] as? String == "100000.000000000")
            // Conservative: 0.75 × 26,000 = 19,500 gross, 18,500 net in month 1.
            #expect(json[path: "summary.net_savings_month_1_usd"] as? String == "18500.000000000")
            #expect(json[path: "summary.npv_usd"] is String)
            #expect((json["months"] as? [Any])?.count == 24)
            let names = (json["scenarios"] as? [[String: Any]])?.compactMap { $0[path: "scenario.name"] as? String }
            #expect(names == ["conservative", "realistic", "optimistic", "stretch"])
        }
    }

    @Test func postProjectsABusinessScenarioAgainstTheCatalog() async throws {
        try await TestServer.withClient { client in
            let body = """
                {"name": "Test", "units_per_month": 1000000, "input_tokens_per_unit": 1000, "output_tokens_per_unit": 500,
                 "api": {"model": "gpt-4o"},
                 "self_hosted": {"owned": {"purchase_usd": 30000, "amortization_months": 30, "power_monthly_usd": 200,
                                           "operations_monthly_usd": 300}}}
                """
            let response = try await client.post("/api/v1/roi/scenarios", body)
            #expect(response.status == .ok)
            let json = response.json
            #expect(json[path: "business.months.0.api_cost_usd"] as? String == "7500.000000000")
            #expect(json[path: "business.months.0.savings_usd"] as? String == "6000.000000000")
            #expect(json[path: "summary.break_even_month"] as? Int == 5)
            #expect(json[path: "summary.roi_12_months_percent"] as? Double == 180)
            let unknown = try await client.post("/api/v1/roi/scenarios", body.replacingOccurrences(of: "gpt-4o", with: "gpt-9"))
            #expect(unknown.status == .badRequest)
            #expect(unknown.json[path: "errors.0.field"] as? String == "api.model")
        }
    }

    @Test func postRejectsMissingSavingsAndBadJSON() async throws {
        try await TestServer.withClient { client in
            let missing = try await client.post("/api/v1/roi/scenarios", #"{"investment_usd": 100000, "mystery": 1}"#)
            #expect(missing.status == .badRequest)
            let fields = Set((missing.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [])
            #expect(fields == ["mystery", "monthly_savings_usd"])
            let broken = try await client.post("/api/v1/roi/scenarios", "{")
            #expect(broken.status == .badRequest)
        }
    }

    /// Sums past the range money is held in were an arithmetic overflow that ended the process
    /// (found by schemathesis on the dashboard's ROI page); they are a 400 now.
    @Test(arguments: [
        "/api/v1/roi?monthly_savings=1000000000&growth=10&months=120",
        "/api/v1/roi?monthly_savings=1&recurring_cost=636462149&months=120",
        "/roi?recurring_cost=636462149&months=120",
    ])
    func aProjectionPastTheRangeOfMoneyIsRefused(uri: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest, "\(response.text)")
            let healthy = try await client.get("/healthz")
            #expect(healthy.status == .ok)
        }
    }
}
