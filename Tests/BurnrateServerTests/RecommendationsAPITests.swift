import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// `GET /api/v1/recommendations` over the demo data and over traffic without evidence.
@Suite struct RecommendationsAPITests {
    @Test func theDemoGetsRankedRecommendationsWithEvidence() async throws {
        let ledger = try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: try BuiltinCatalog.entries())
        let generator = DemoGenerator(seed: 42)
        for day in 20_374..<20_404 { _ = try await ledger.ingest(generator.events(forDay: day)) }
        var configuration = AppConfiguration(logLevel: .error)
        configuration.recommendations = RecommendationConfiguration(
            routing: ["gpt-4o-mini": "gemini-2.5-flash-lite", "openai/gpt-4.1": "gpt-4.1-mini", "gpt-4o": "gtp-4o-mini"],
            nonInteractiveFeatures: ["summarization"])
        let from = Timestamp(microseconds: 20_374 * 86_400 * 1_000_000)
        let to = Timestamp(microseconds: 20_404 * 86_400 * 1_000_000)
        try await TestServer.withClient(configuration: configuration, ledger: ledger) { client in
            let response = try await client.get("/api/v1/recommendations?from=\(from.rfc3339)&to=\(to.rfc3339)")
            #expect(response.status == .ok)
            let json = response.json
            let items = try #require(json["recommendations"] as? [[String: Any]])
            // A misspelt model in the routing map is reported, not silently ignored.
            #expect(
                json["routing_map_problems"] as? [String] == [
                    "routing.gpt-4o: no price for 'gtp-4o-mini', so this entry is ignored; GET /api/v1/prices lists the priced models."
                ])
            let rules = Set(items.compactMap { $0["rule"] as? String })
            #expect(rules.isSuperset(of: ["exact_match_cache", "batch_api", "oversized_prompts"]))
            let savings = items.compactMap { $0["monthly_savings_nanos"] as? Int }
            #expect(savings.count == items.count)
            #expect(savings == savings.sorted(by: >))
            #expect(items.allSatisfy { ($0["evidence"] as? [String: Any])?.isEmpty == false })
            // search-rag repeats about a sixth of its prompts in the demo; agent-workflows' prompts
            // are about four times the other features' median.
            #expect(items.contains { $0["id"] as? String == "exact_match_cache/search-rag" })
            #expect(items.contains { $0["id"] as? String == "oversized_prompts/agent-workflows" })
            // summarization is declared non-interactive and partly batched already.
            #expect(items.contains { $0["id"] as? String == "batch_api/summarization" })
            let total = try #require(json["total_monthly_savings_nanos"] as? Int)
            #expect(total > 0 && total <= savings.reduce(0, +))
            let spend = try #require(Money(usd: json["monthly_spend_usd"] as? String ?? ""))
            let share = try #require(json["savings_share_percent"] as? Double)
            #expect(abs(share - Double(total) * 100 / Double(spend.nanos)) < 1e-4)
        }
    }

    @Test func trafficWithoutEvidenceGetsNoRecommendations() async throws {
        try await AnalyticsAPITests.withLedger { client in
            let json = try await client.get("/api/v1/recommendations?from=2026-11-01&to=2026-12-01").json
            #expect((json["recommendations"] as? [Any])?.isEmpty == true)
            #expect(json["total_monthly_savings_usd"] as? String == "0.000000000")
        }
    }

    /// A rented pool serving a self-hosted model every day of a 20-day window, mostly for a
    /// nightly job declared non-interactive: reserving and spot are priced from the declared offers.
    @Test func aSteadyRentedPoolGetsReservedAndSpotOptionsAndSpendGetsCategoryFindings() async throws {
        let nightly = (0..<20).map { day in
            #"{"id": "n-\#(day)", "timestamp": "2026-11-\#(day < 9 ? "0" : "")\#(day + 1)T02:00:00Z", "provider": "self-hosted", "model": "llama-3.1-8b", "input_tokens": 900, "feature": "nightly"}"#
        }
        let events =
            nightly + [#"{"id": "chat-1", "timestamp": "2026-11-05T12:00:00Z", "model": "gpt-4o", "input_tokens": 100, "feature": "chat"}"#]
        var configuration = AppConfiguration(logLevel: .error)
        configuration.recommendations = RecommendationConfiguration(nonInteractiveFeatures: ["nightly"])
        configuration.deployments = [
            Deployment(
                id: "llama-pool", providers: ["self-hosted"],
                cost: .cloud(gpuType: "l4", count: 2, hourlyRate: Money(dollars: 2), discountMillionths: 0),
                offers: CapacityOffers(reservedDiscountMillionths: 300_000, spotDiscountMillionths: 600_000))
        ]
        try await TestServer.withEvents(events, configuration: configuration) { client in
            let json = try await client.get("/api/v1/recommendations?from=2026-11-01&to=2026-11-21").json
            let items = try #require(json["recommendations"] as? [[String: Any]])
            // 2 GPUs × $2 × 730 h × 60% = $1,752 on spot, or × 30% = $876 reserved; alternatives.
            #expect(items.map { $0["id"] as? String } == ["self_hosted_spot/llama-pool", "self_hosted_reserved/llama-pool"])
            #expect(items.map { $0["monthly_savings_usd"] as? String } == ["1752.000000000", "876.000000000"])
            #expect(json["total_monthly_savings_usd"] as? String == "1752.000000000")
            let evidence = try #require(items[1]["evidence"] as? [String: Any])
            #expect(evidence["days_with_traffic"] as? Int == 20)
            #expect(evidence["days"] as? Int == 20)
            // All recorded spend is LLM APIs: the category finding says so.
            let findings = try #require(json["findings"] as? [[String: Any]])
            #expect(findings.map { $0["code"] as? String } == ["llm_api_reliance"])
        }
    }
}
