import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Cost per successful outcome over runs sent through the events API and outcomes recorded
/// against them.
@Suite struct OutcomeEconomicsAPITests {
    @Test func costPerSuccessfulOutcomeIsTheRunsCostOverTheSuccesses() async throws {
        try await TestServer.withClient { client in
            _ = try await client.post("/api/v1/events", SessionsAPITests.calls, contentType: "application/x-ndjson")
            let runs = try await client.get("/api/v1/sessions?\(SessionsAPITests.range)")
            let costs = Dictionary(
                uniqueKeysWithValues: (runs.json["sessions"] as? [[String: Any]] ?? []).compactMap { row in
                    (row["session_id"] as? String).map { ($0, Decimal(string: row["cost_usd"] as? String ?? "0")!) }
                })
            let outcomes = """
                [{"id": "o-1", "session_id": "run-a", "type": "ticket_resolved", "success": true, "value_usd": "12.00", "timestamp": "2026-11-02T10:05:00Z"},
                 {"id": "o-2", "session_id": "run-b", "type": "ticket_resolved", "success": false, "timestamp": "2026-11-02T11:05:00Z"},
                 {"id": "o-3", "session_id": "run-c", "type": "answer_accepted", "success": true, "value_usd": "0.50", "timestamp": "2026-11-03T09:05:00Z"}]
                """
            #expect(try await client.post("/api/v1/outcomes", outcomes).status == .created)
            let report = try await client.get("/api/v1/outcomes/economics?\(SessionsAPITests.range)")
            #expect(report.status == .ok)
            let total = try #require(report.json["total"] as? [String: Any])
            #expect(total["outcomes"] as? Int == 3)
            #expect(total["successes"] as? Int == 2)
            let all = costs["run-a"]! + costs["run-b"]! + costs["run-c"]!
            #expect(Decimal(string: total["cost_usd"] as? String ?? "") == all)
            #expect(Decimal(string: total["failed_run_cost_usd"] as? String ?? "") == costs["run-b"]!)
            #expect(Decimal(string: total["value_usd"] as? String ?? "") == Decimal(string: "12.5"))
            let perSuccess = try #require(Decimal(string: total["cost_per_success_usd"] as? String ?? ""))
            #expect(abs(perSuccess - all / 2) < Decimal(string: "0.000000001")!)
            let features = try #require(report.json["features"] as? [[String: Any]])
            let agents = try #require(features.first { $0["feature"] as? String == "agent-workflows" }?["figures"] as? [String: Any])
            #expect(agents["sessions"] as? Int == 2)
            #expect(agents["success_rate"] as? Double == 0.5)
            let tickets = try await client.get("/api/v1/outcomes/economics?\(SessionsAPITests.range)&type=ticket_resolved&interval=week")
            #expect((tickets.json["total"] as? [String: Any])?["outcomes"] as? Int == 2)
            #expect(try await client.get("/api/v1/outcomes/economics?interval=hour").status == .badRequest)
            #expect(try await client.get("/api/v1/outcomes/economics?feature=x").status == .badRequest)
        }
    }

    @Test func reviewsAndTheExecutivePageShowWhatAnOutcomeCost() async throws {
        try await TestServer.withClient { client in
            _ = try await client.post("/api/v1/events", SessionsAPITests.calls, contentType: "application/x-ndjson")
            let outcomes = """
                [{"id": "o-1", "session_id": "run-a", "type": "ticket_resolved", "success": true, "timestamp": "2026-11-02T10:05:00Z"},
                 {"id": "o-2", "session_id": "run-b", "type": "ticket_resolved", "success": false, "timestamp": "2026-11-02T11:05:00Z"}]
                """
            _ = try await client.post("/api/v1/outcomes", outcomes)
            let review = try await client.get("/api/v1/reports/2026-11")
            let total = try #require((review.json["outcomes"] as? [String: Any])?["total"] as? [String: Any])
            #expect(total["outcomes"] as? Int == 2)
            #expect(total["success_rate"] as? Double == 0.5)
            let markdown = try await client.get("/api/v1/reports/2026-11?format=markdown")
            #expect(markdown.text.contains("## Agent outcomes"))
            #expect(markdown.text.contains("| agent-workflows | 2 | 50.0% |"))
            let empty = try await client.get("/api/v1/reports/2026-10")
            #expect(empty.json["outcomes"] is NSNull)

            let now = ISO8601DateFormatter().string(from: Date())
            _ = try await client.post(
                "/api/v1/events",
                #"{"id": "now-1", "timestamp": "\#(now)", "model": "gpt-4o", "input_tokens": 10000, "feature": "agent-workflows", "session_id": "run-now"}"#
            )
            _ = try await client.post(
                "/api/v1/outcomes", #"{"id": "o-now", "session_id": "run-now", "type": "ticket_resolved", "success": true}"#)
            let page = try await client.get("/")
            #expect(page.text.contains("Agent outcomes month to date"))
            #expect(page.text.contains(#"data-figure="cost_per_success" data-value="0.025000000""#))
        }
    }
}
