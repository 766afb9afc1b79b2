import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The sessions endpoints over calls sent through the events API.
@Suite struct SessionsAPITests {
    /// Two runs of agent-workflows (one with a planning call and two answer steps under it) and one
    /// of search, plus a call without a run.
    static let calls = """
        {"id": "a-1", "timestamp": "2026-11-02T10:00:00Z", "model": "gpt-4o", "input_tokens": 10000, "output_tokens": 1000, "feature": "agent-workflows", "tenant": "acme", "session_id": "run-a", "step": "plan", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}
        {"id": "a-2", "timestamp": "2026-11-02T10:00:30Z", "model": "gpt-4o", "input_tokens": 20000, "output_tokens": 2000, "feature": "agent-workflows", "tenant": "acme", "session_id": "run-a", "step": "answer", "parent_id": "a-1"}
        {"id": "a-3", "timestamp": "2026-11-02T10:01:00Z", "model": "gpt-4o-mini", "input_tokens": 5000, "output_tokens": 500, "feature": "agent-workflows", "tenant": "acme", "session_id": "run-a", "step": "answer", "parent_id": "a-1", "status": "error"}
        {"id": "b-1", "timestamp": "2026-11-02T11:00:00Z", "model": "gpt-4o-mini", "input_tokens": 1000, "output_tokens": 100, "feature": "agent-workflows", "tenant": "globex", "session_id": "run-b", "step": "plan"}
        {"id": "c-1", "timestamp": "2026-11-03T09:00:00Z", "model": "gpt-4o", "input_tokens": 3000, "output_tokens": 300, "feature": "search", "session_id": "run-c"}
        {"id": "loose", "timestamp": "2026-11-03T09:00:00Z", "model": "gpt-4o", "input_tokens": 3000, "output_tokens": 300}

        """
    static let range = "from=2026-11-01T00:00:00Z&to=2026-11-05T00:00:00Z"

    @Test func aRunIsOneRequestAway() async throws {
        try await TestServer.withClient { client in
            let ingest = try await client.post("/api/v1/events", Self.calls, contentType: "application/x-ndjson")
            #expect(ingest.json["accepted"] as? Int == 6)
            let list = try await client.get("/api/v1/sessions?\(Self.range)")
            #expect(list.status == .ok)
            let sessions = try #require(list.json["sessions"] as? [[String: Any]])
            #expect(sessions.map { $0["session_id"] as? String } == ["run-a", "run-c", "run-b"])
            let first = sessions[0]
            #expect(first["calls"] as? Int == 3)
            #expect(first["error_calls"] as? Int == 1)
            #expect(first["models"] as? [String] == ["gpt-4o", "gpt-4o-mini"])
            #expect(first["duration_seconds"] as? Int == 60)
            #expect(first["tenant"] as? String == "acme")
            #expect(list.json["next_offset"] == nil)

            let run = try await client.get("/api/v1/sessions/run-a")
            #expect(run.status == .ok)
            let calls = try #require(run.json["calls"] as? [[String: Any]])
            #expect(calls.map { $0["id"] as? String } == ["a-1", "a-2", "a-3"])
            #expect(calls.map { $0["offset_ms"] as? Int } == [0, 30_000, 60_000])
            #expect(calls.last?["running_cost_usd"] as? String == first["cost_usd"] as? String)
            let steps = try #require(run.json["steps"] as? [[String: Any]])
            #expect(steps.map { $0["id"] as? String } == ["a-1", "a-2", "a-3"])
            #expect(steps.map { $0["depth"] as? Int } == [0, 1, 1])
            #expect(steps[0]["calls"] as? Int == 3)
            #expect(steps[0]["cost_usd"] as? String == first["cost_usd"] as? String)
            #expect(run.json["truncated"] as? Bool == false)
            let stored = try await client.get("/api/v1/events/a-2")
            #expect(stored.json["session_id"] as? String == "run-a")
            #expect(stored.json["parent_id"] as? String == "a-1")
            #expect(stored.json["step"] as? String == "answer")
        }
    }

    @Test func filtersSortsPagesSpreadsAndSteps() async throws {
        try await TestServer.withClient { client in
            _ = try await client.post("/api/v1/events", Self.calls, contentType: "application/x-ndjson")
            let agents = try await client.get("/api/v1/sessions?\(Self.range)&feature=agent-workflows&sort=recent&limit=1")
            #expect((agents.json["sessions"] as? [[String: Any]])?.map { $0["session_id"] as? String } == ["run-b"])
            #expect(agents.json["next_offset"] as? Int == 1)
            let mini = try await client.get("/api/v1/sessions?\(Self.range)&model=gpt-4o-mini")
            #expect(
                Set((mini.json["sessions"] as? [[String: Any]] ?? []).compactMap { $0["session_id"] as? String }) == ["run-a", "run-b"])
            let spread = try await client.get("/api/v1/sessions/distribution?\(Self.range)")
            let groups = try #require(spread.json["groups"] as? [[String: Any]])
            let agent = try #require(groups.first { $0["feature"] as? String == "agent-workflows" })
            #expect(agent["sessions"] as? Int == 2)
            #expect(agent["max_cost_usd"] as? String == agent["p99_cost_usd"] as? String)
            let daily = try await client.get("/api/v1/sessions/distribution?\(Self.range)&interval=day")
            #expect(
                (daily.json["groups"] as? [[String: Any]])?.compactMap { $0["period"] as? String }.sorted()
                    == ["2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"])
            let steps = try await client.get("/api/v1/sessions/steps?\(Self.range)")
            let names = (steps.json["steps"] as? [[String: Any]] ?? []).map { $0["step"] as? String }
            #expect(names == ["answer", "plan", nil])
        }
    }

    @Test func badInputsAreClearProblems() async throws {
        try await TestServer.withClient { client in
            let long = String(repeating: "s", count: 257)
            let tooLong = try await client.post("/api/v1/events", #"{"model": "gpt-4o", "session_id": "\#(long)"}"#)
            #expect(tooLong.status == .badRequest)
            #expect("\(tooLong.json)".contains("session_id"))
            let control = try await client.post("/api/v1/events", #"{"model": "gpt-4o", "step": "a\u0000b"}"#)
            #expect(control.status == .badRequest)
            for query in ["sort=price", "limit=0", "offset=-1", "offset=100001", "limit=99999999999999999999"] {
                let response = try await client.get("/api/v1/sessions?\(query)")
                #expect(response.status == .badRequest, "\(query)")
            }
            #expect(try await client.get("/api/v1/sessions/distribution?interval=hour").status == .badRequest)
            #expect(try await client.get("/api/v1/sessions/no-such-run").status == .notFound)
            #expect(try await client.get("/api/v1/sessions/run?limit=10001").status == .badRequest)
            let odd = try await client.get("/api/v1/sessions/%E2%80%AE%00weird")
            #expect(odd.status == .notFound)
            _ = try await client.post("/api/v1/events", #"{"id": "x/1", "model": "gpt-4o", "session_id": "team a/run ü"}"#)
            let encoded = try await client.get("/api/v1/sessions/team%20a%2Frun%20%C3%BC")
            #expect(encoded.status == .ok)
            #expect((encoded.json["session"] as? [String: Any])?["session_id"] as? String == "team a/run ü")
            #expect(try await client.get("/api/v1/events/x%2F1").status == .ok)
        }
    }
}
