import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

@Suite struct PricesAPITests {
    static let litellmMap = """
        {"acme-llama-70b": {"litellm_provider": "vllm", "mode": "chat", "input_cost_per_token": 2e-07, "output_cost_per_token": 6e-07},
         "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
                    "cache_read_input_token_cost": 1.25e-06, "input_cost_per_token_priority": 4.25e-06, "output_cost_per_token_priority": 1.7e-05},
         "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "output_cost_per_image": 0.04}}
        """

    @Test func importsLiteLLMsMapAfterShowingWhatChanges() async throws {
        try await TestServer.withClient { client in
            let dryRun = try await client.post(
                "/api/v1/prices/import?format=litellm&dry_run=true&effective_from=2026-11-01", Self.litellmMap)
            #expect(dryRun.status == .ok, "\(dryRun.text)")
            #expect(dryRun.json["added"] as? Int == 1)
            #expect(dryRun.json["changed"] as? Int == 1)
            #expect(dryRun.json["skipped"] as? Int == 1)
            #expect(dryRun.json[path: "models.0.model"] as? String == "acme-llama-70b")
            #expect(dryRun.json[path: "models.1.fields.0.field"] as? String == "tiers.priority.input")
            #expect(dryRun.json[path: "models.1.fields.0.new"] as? String == "4.25")
            #expect(try await client.get("/api/v1/prices/acme-llama-70b").status == .notFound)

            let applied = try await client.post("/api/v1/prices/import?format=litellm&effective_from=2026-11-01", Self.litellmMap)
            #expect(applied.json["dry_run"] as? Bool == false)
            let show = try await client.get("/api/v1/prices/acme-llama-70b").json
            #expect(show["in_effect_now"] as? String == "vllm/acme-llama-70b@2026-11-01")
            let again = try await client.post("/api/v1/prices/import?format=litellm&effective_from=2026-11-01", Self.litellmMap)
            #expect(again.json["unchanged"] as? Int == 2)
            #expect(again.json["added"] as? Int == 0)

            let bad = try await client.post(
                "/api/v1/prices/import?format=litellm", #"{"m": {"input_cost_per_token": "x", "output_cost_per_token": 1}}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("m.input_cost_per_token"))
            #expect(try await client.post("/api/v1/prices/import?format=csv", "{}").status == .badRequest)
        }
    }

    @Test func usageWithoutARateIsFlaggedNotGuessed() async throws {
        try await TestServer.withClient { client in
            _ = try await client.put(
                "/api/v1/prices/acme-llama-70b", #"{"provider": "vllm", "effective_from": "2026-01-01", "input": "0.20", "output": "0.60"}"#
            )
            let ingest = try await client.post(
                "/api/v1/events",
                #"{"id": "c1", "timestamp": "2026-10-01T00:00:00Z", "provider": "vllm", "model": "acme-llama-70b", "input_tokens": 2000000, "cache_read_tokens": 1000000, "output_tokens": 1000000}"#
            )
            #expect(ingest.json["partially_priced"] as? Int == 1)
            #expect(ingest.json[path: "events.0.price.partial"] as? Bool == true)
            #expect(ingest.json[path: "events.0.price.unbilled"] as? [String] == ["cache_read"])
            #expect((ingest.json[path: "events.0.price.unbilled_reason"] as? String)?.contains("cache reads") == true)
            // 1M uncached input at $0.20 and 1M output at $0.60; the cache reads are not billed.
            #expect(ingest.json[path: "events.0.cost.total_usd"] as? String == "0.800000000")
            let summary = try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json
            #expect(summary[path: "partially_priced.requests"] as? Int == 1)
            #expect(summary[path: "partially_priced.models.0.unbilled"] as? [String] == ["cache_read"])
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"burnrate_partially_priced_events{provider="vllm",model="acme-llama-70b"} 1"#))

            _ = try await client.put(
                "/api/v1/prices/acme-llama-70b",
                #"{"provider": "vllm", "effective_from": "2026-01-01", "input": "0.20", "output": "0.60", "cache_read": "0.05"}"#)
            let reprice = try await client.post("/api/v1/reprice", "{}")
            #expect(reprice.json["newly_priced"] as? Int == 1)
            #expect(try await client.get("/api/v1/events/c1").json[path: "cost.total_usd"] as? String == "0.850000000")
            #expect(
                try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json[path: "partially_priced.requests"] as? Int == 0)
        }
    }
    @Test func anUnknownModelIsUnpricedUntilPricedAndRepriced() async throws {
        try await TestServer.withClient { client in
            let ingest = try await client.post(
                "/api/v1/events",
                #"{"id": "x1", "timestamp": "2026-10-01T00:00:00Z", "provider": "vllm", "model": "acme-llama-70b", "input_tokens": 2000000, "output_tokens": 1000000}"#
            )
            #expect(ingest.json[path: "events.0.priced"] as? Bool == false)
            #expect(ingest.json["unpriced"] as? Int == 1)
            #expect((ingest.json[path: "events.0.unpriced_reason"] as? String)?.contains("acme-llama-70b") == true)
            let summary = try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json
            #expect(summary[path: "unpriced.requests"] as? Int == 1)
            #expect(summary[path: "unpriced.models.0.model"] as? String == "acme-llama-70b")
            #expect(summary[path: "cost.total_nanos"] as? Int == 0)

            let put = try await client.put(
                "/api/v1/prices/acme-llama-70b", #"{"provider": "vllm", "input": "0.20", "output": "0.60", "source": "our GPU cluster"}"#)
            #expect(put.status == .ok, "\(put.text)")
            #expect(put.json[path: "entry.effective_from"] as? String == "1970-01-01")
            #expect((put.json["note"] as? String)?.contains("1 stored events") == true)

            let reprice = try await client.post("/api/v1/reprice", "{}")
            #expect(reprice.status == .ok)
            #expect(reprice.json["newly_priced"] as? Int == 1)
            #expect(reprice.json["new_total_usd"] as? String == "1.000000000")

            let event = try await client.get("/api/v1/events/x1").json
            #expect(event["priced"] as? Bool == true)
            #expect(event[path: "price.id"] as? String == "vllm/acme-llama-70b@1970-01-01")
            #expect(try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json[path: "unpriced.requests"] as? Int == 0)
            let history = try await client.get("/api/v1/reprice/history").json
            #expect((history["runs"] as? [Any])?.count == 1)
        }
    }

    @Test func listsAndShowsPrices() async throws {
        try await TestServer.withClient { client in
            let list = try await client.get("/api/v1/prices?provider=openai").json
            #expect(list["count"] as? Int == 1)
            #expect(list[path: "models.0.origin"] as? String == "builtin")
            let show = try await client.get("/api/v1/prices/openai/gpt-4o-2024-08-06").json
            #expect(show["in_effect_now"] as? String == "openai/gpt-4o@2024-10-01")
            #expect(try await client.get("/api/v1/prices/no-such-model").status == .notFound)
        }
    }

    @Test func anOverrideWinsForNewEvents() async throws {
        try await TestServer.withClient { client in
            let put = try await client.put(
                "/api/v1/prices/gpt-4o", #"{"provider": "openai", "effective_from": "2026-01-01", "input": "2.00", "output": "8.00"}"#)
            #expect(put.status == .ok)
            let event = try await client.post(
                "/api/v1/events", #"{"timestamp": "2026-06-01T00:00:00Z", "model": "gpt-4o-2024-08-06", "input_tokens": 1000000}"#)
            #expect(event.json[path: "events.0.cost.total_usd"] as? String == "2.000000000")
            let old = try await client.post(
                "/api/v1/events", #"{"timestamp": "2025-06-01T00:00:00Z", "model": "gpt-4o", "input_tokens": 1000000}"#)
            #expect(old.json[path: "events.0.cost.total_usd"] as? String == "2.500000000")
        }
    }

    @Test func anInvalidPriceChangesNothing() async throws {
        try await TestServer.withClient { client in
            let put = try await client.put("/api/v1/prices/gpt-4o", "{\"provider\": \"openai\",\n \"input\": \"cheap\", \"output\": \"1\"}")
            #expect(put.status == .badRequest)
            let errors = try #require(put.json["errors"] as? [[String: Any]])
            #expect(errors.first?["field"] as? String == "input")
            #expect(errors.first?["line"] as? Int == 2)
            #expect(try await client.get("/api/v1/prices/gpt-4o").json["in_effect_now"] as? String == "openai/gpt-4o@2024-10-01")
        }
    }

    @Test func repricingAllNeedsARange() async throws {
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/reprice", #"{"scope": "all"}"#)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("'from' and 'to'"))
        }
    }

    @Test(arguments: ["0", "1001", "V", "", "2.5"])
    func repriceHistoryRefusesALimitOutsideOneTo1000(limit: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.get("/api/v1/reprice/history?limit=\(limit)")
            #expect(response.status == .badRequest, "\(limit): \(response.text)")
        }
    }
}
