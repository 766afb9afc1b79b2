import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

@Suite struct PricesAPITests {
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
