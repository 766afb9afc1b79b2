import BurnrateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@Suite struct EventsAPITests {
    static let event =
        #"{"id": "req-1", "timestamp": "2026-11-01T10:00:00Z", "provider": "openai", "model": "gpt-4o-2024-08-06", "input_tokens": 1000, "output_tokens": 500, "cache_read_tokens": 400, "tenant": "acme"}"#

    @Test func ingestsOneEventAndReturnsItsCost() async throws {
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/events", Self.event)
            #expect(response.status == .ok)
            let json = response.json
            #expect(json["accepted"] as? Int == 1)
            #expect(json[path: "events.0.id"] as? String == "req-1")
            #expect(json[path: "events.0.duplicate"] as? Bool == false)
            #expect(json[path: "events.0.price.id"] as? String == "openai/gpt-4o@2024-10-01")
            #expect(json[path: "events.0.cost.uncached_input_usd"] as? String == "0.001500000")
            #expect(json[path: "events.0.cost.cache_read_usd"] as? String == "0.000500000")
            #expect(json[path: "events.0.cost.output_usd"] as? String == "0.005000000")
            #expect(json[path: "events.0.cost.total_usd"] as? String == "0.007000000")
            #expect(json[path: "events.0.cost.total_nanos"] as? Int == 7_000_000)

            let stored = try await client.get("/api/v1/events/req-1")
            #expect(stored.status == .ok)
            #expect(stored.json["tenant"] as? String == "acme")
            #expect(stored.json[path: "cost.total_nanos"] as? Int == 7_000_000)
        }
    }

    @Test func ingestsArraysAndNDJSON() async throws {
        try await TestServer.withClient { client in
            let array = try await client.post(
                "/api/v1/events", #"[{"model": "gpt-4o", "input_tokens": 10}, {"model": "claude-haiku-4-5", "input_tokens": 10}]"#)
            #expect(array.json["accepted"] as? Int == 2)
            let ndjson = "{\"model\": \"gpt-4o\"}\n{\"model\": \"gpt-4o\", \"batch\": true, \"input_tokens\": 1000000}\n"
            let response = try await client.post("/api/v1/events", ndjson, contentType: "application/x-ndjson")
            #expect(response.json["accepted"] as? Int == 2)
            #expect(response.json[path: "events.1.price.tier"] as? String == "batch")
            #expect(response.json[path: "events.1.cost.total_usd"] as? String == "1.250000000")
        }
    }

    /// A bulk loader can ask for the counts alone (RFC 7240); a large answer is not indented.
    @Test func preferReturnMinimalAnswersWithTheCountsOnly() async throws {
        try await TestServer.withClient { client in
            let lines = (0..<150).map { #"{"id": "m\#($0)", "model": "gpt-4o", "input_tokens": 1000}"# }.joined(separator: "\n")
            let minimal = try await client.execute(
                uri: "/api/v1/events", method: .post,
                headers: [.contentType: "application/x-ndjson", HTTPField.Name("Prefer")!: "return=minimal"],
                body: ByteBuffer(string: lines))
            #expect(minimal.status == .ok)
            #expect(minimal.headers[HTTPField.Name("Preference-Applied")!] == "return=minimal")
            #expect(minimal.json["accepted"] as? Int == 150)
            #expect(minimal.json["cost_usd"] as? String == "0.375000000")
            #expect(minimal.json["events"] == nil)
            let retry = try await client.post("/api/v1/events", lines, contentType: "application/x-ndjson")
            #expect(retry.json["duplicates"] as? Int == 150)
            #expect((retry.json["events"] as? [Any])?.count == 150)
            #expect(!retry.text.contains("\n  "), "an answer for 150 events is written on one line")
        }
    }

    @Test func aRetryReturnsTheOriginalAndChangesNoTotal() async throws {
        try await TestServer.withClient { client in
            let batch = "[\(Self.event), {\"id\": \"req-2\", \"model\": \"gpt-4o\", \"input_tokens\": 7}]"
            _ = try await client.post("/api/v1/events", batch)
            let before = try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json
            let retry = try await client.post("/api/v1/events", batch)
            #expect(retry.status == .ok)
            #expect(retry.json["accepted"] as? Int == 0)
            #expect(retry.json["duplicates"] as? Int == 2)
            #expect(retry.json[path: "events.0.duplicate"] as? Bool == true)
            #expect(retry.json[path: "events.0.cost.total_nanos"] as? Int == 7_000_000)
            let after = try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json
            #expect(NSDictionary(dictionary: before) == NSDictionary(dictionary: after))
            #expect(after["requests"] as? Int == 2)
        }
    }

    @Test func oneBadEventRejectsTheBatchAndNamesEveryProblem() async throws {
        try await TestServer.withClient { client in
            let batch = #"[{"model": "gpt-4o"}, {"model": "gpt-4o", "input_tokens": -3}, {"input_tokens": 5, "colour": "red"}]"#
            let response = try await client.post("/api/v1/events", batch)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            let errors = try #require(response.json["errors"] as? [[String: Any]])
            let located = Set(errors.map { "\($0["index"] as? Int ?? -1):\($0["field"] as? String ?? "")" })
            #expect(located == ["1:input_tokens", "2:model", "2:colour"])
            #expect(try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json["requests"] as? Int == 0)
        }
    }

    @Test(arguments: [
        (#"{"model": "gpt-4o", "input_tokens": "many"}"#, "must be a whole number"),
        (#"{"model": "gpt-4o", "input_tokens": 100000000000}"#, "between 0 and 1000000000"),
        (#"{"model": "gpt-4o", "input_tokens": -1}"#, "must not be negative"),
        (#"{"model": "gpt-4o", "surprise": 1}"#, "not a known field"),
        (#"{"model": "gpt-4o", "tags": {"note": "\#(String(repeating: "x", count: 300))"}}"#, "limit is 256"),
        (#"{"model": "gpt-4o", "timestamp": "last tuesday"}"#, "RFC 3339"),
        (#"{"model": "gpt-4o""#, "not valid JSON"),
        (#"[]"#, "holds no events"),
        (#"{"model": "a"} {"model": "b"}"#, "application/x-ndjson"),
    ])
    func badInputGetsAClear400AndStoresNothing(body: String, message: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/events", body)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message), "\(response.text)")
            #expect(try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json["requests"] as? Int == 0)
        }
    }

    @Test func unicodeTagsAreKept() async throws {
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/events", #"{"id": "u", "model": "gpt-4o", "tags": {"équipe": "北京 🚀"}}"#)
            #expect(response.status == .ok)
            #expect(try await client.get("/api/v1/events/u").json[path: "tags.équipe"] as? String == "北京 🚀")
        }
    }

    @Test func oversizedBodiesAndBatchesGet413() async throws {
        try await TestServer.withClient { client in
            let padding = String(repeating: " ", count: 10 * 1024 * 1024)
            let tooBig = try await client.post("/api/v1/events", #"{"model": "gpt-4o"}"# + padding)
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.text.contains("10 MB"))
            let many = "[" + Array(repeating: #"{"model":"gpt-4o"}"#, count: 10_001).joined(separator: ",") + "]"
            let tooMany = try await client.post("/api/v1/events", many)
            #expect(tooMany.status == .contentTooLarge)
            #expect(tooMany.text.contains("10000 events"))
            #expect(try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json["requests"] as? Int == 0)
        }
    }

    @Test func unknownEventsAndRoutesAreProblems() async throws {
        try await TestServer.withClient { client in
            let missing = try await client.get("/api/v1/events/nope")
            #expect(missing.status == .notFound)
            #expect(missing.json["detail"] as? String == "No event with id 'nope'.")
            let route = try await client.get("/api/v1/nothing-here")
            #expect(route.status == .notFound)
            #expect(route.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func summaryRejectsUnknownParametersAndInvertedRanges() async throws {
        try await TestServer.withClient { client in
            #expect(try await client.get("/api/v1/summary?colour=red").status == .badRequest)
            let inverted = try await client.get("/api/v1/summary?from=2026-02-01&to=2026-01-01")
            #expect(inverted.status == .badRequest)
            #expect(inverted.text.contains("must be after"))
            #expect(try await client.get("/api/v1/summary?from=2026-01-01&tenant=acme&tag.region=eu").status == .ok)
        }
    }

    @Test func healthAndReadiness() async throws {
        try await TestServer.withClient { client in
            #expect(try await client.get("/healthz").status == .ok)
            let ready = try await client.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.json["prices"] as? Int == 2)
            #expect(ready.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }
}
