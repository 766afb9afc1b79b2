import BurnrateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct EventExportAPITests {
    static let events = (0..<2_345).map { index in
        #"{"id": "e\#(index)", "timestamp": "2026-11-0\#(1 + index % 3)T10:00:00Z", "model": "gpt-4o", "input_tokens": \#(index), "tenant": "\#(index % 2 == 0 ? "acme" : "globex")"}"#
    }

    @Test func streamsEveryMatchingEventAsNDJSON() async throws {
        try await TestServer.withClient { client in
            let ingest = try await client.post("/api/v1/events", "[" + Self.events.joined(separator: ",") + "]")
            #expect(ingest.json["accepted"] as? Int == Self.events.count)
            let response = try await client.get("/api/v1/export/events")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-ndjson")
            #expect(response.headers[.contentDisposition] == #"attachment; filename="burnrate-events-all-all.ndjson""#)
            let lines = response.text.split(separator: "\n")
            #expect(lines.count == Self.events.count)
            let ids = lines.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
            }
            #expect(Set(ids).count == Self.events.count)
            let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            let shown = try await client.get("/api/v1/events/\(ids[0])").json
            #expect(NSDictionary(dictionary: first) == NSDictionary(dictionary: shown))

            let filtered = try await client.get("/api/v1/export/events?tenant=acme&from=2026-11-02&to=2026-11-03")
            #expect(filtered.headers[.contentDisposition] == #"attachment; filename="burnrate-events-2026-11-02-2026-11-03.ndjson""#)
            let expected = (0..<Self.events.count).filter { $0 % 2 == 0 && $0 % 3 == 1 }.count
            #expect(filtered.text.split(separator: "\n").count == expected)
            #expect(filtered.text.split(separator: "\n").allSatisfy { $0.contains(#""tenant":"acme""#) })
        }
    }

    @Test func aBadFilterGetsA400() async throws {
        try await TestServer.withClient { client in
            let response = try await client.get("/api/v1/export/events?colour=red")
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }
}
