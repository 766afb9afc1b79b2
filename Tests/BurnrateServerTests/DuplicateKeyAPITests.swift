import BurnrateCore
import BurnrateServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// An event that names a field twice is a 400 naming the field (`ObjectReader` reports it), never
/// read as one of its values: the events API's side of the proxy's duplicate-key refusal.
@Suite struct DuplicateKeyAPITests {
    @Test(arguments: [
        (#"{"model": "gpt-4o", "input_tokens": 10, "input_tokens": 1000000}"#, "input_tokens"),
        (#"[{"model": "gpt-4o"}, {"model": "gpt-4o", "tags": {"region": "eu", "region": "us"}}]"#, "tags.region"),
    ])
    func eventsWithARepeatedKeyAre400AndStoreNothing(_ body: String, _ field: String) async throws {
        try await TestServer.withClient { client in
            let refused = try await client.post("/api/v1/events", body)
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let errors = refused.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.contains { $0["field"] as? String == field && ($0["message"] as? String)?.contains("more than once") == true })
            let summary = try await client.get("/api/v1/summary")
            #expect(summary.json["requests"] as? Int == 0)
            let accepted = try await client.post("/api/v1/events", #"{"model": "gpt-4o", "input_tokens": 10}"#)
            #expect(accepted.status == .ok)
        }
    }
}
