import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct OutcomesAPITests {
    static let resolved = #"{"id": "o1", "session_id": "s1", "type": "ticket_resolved", "success": true, "value_usd": "12.00"}"#

    /// Every stored outcome's id, read page by page through the API.
    static func ids(_ client: some TestClientProtocol, _ query: String = "", limit: Int = 1000) async throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        repeat {
            var uri = "/api/v1/outcomes?limit=\(limit)" + query
            if let cursor { uri += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor) }
            let page = try await client.get(uri)
            #expect(page.status == .ok)
            ids += (page.json["outcomes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            cursor = page.json["next_cursor"] as? String
        } while cursor != nil
        return ids
    }

    @Test func recordsAnOutcomeAndListsIt() async throws {
        try await TestServer.withClient { client in
            let created = try await client.post("/api/v1/outcomes", Self.resolved)
            #expect(created.status == .created)
            #expect(created.json["accepted"] as? Int == 1)
            #expect(created.json["duplicates"] as? Int == 0)
            #expect(created.json[path: "outcomes.0.id"] as? String == "o1")
            let list = try await client.get("/api/v1/outcomes")
            #expect(list.status == .ok)
            #expect(list.json["count"] as? Int == 1)
            #expect(list.json[path: "outcomes.0.session_id"] as? String == "s1")
            #expect(list.json[path: "outcomes.0.value_usd"] as? String == "12.000000000")
            #expect(list.json[path: "outcomes.0.value_nanos"] as? Int == 12_000_000_000)
            #expect(list.json[path: "outcomes.0.success"] as? Bool == true)
            #expect(list.json["next_cursor"] == nil)

            let retry = try await client.post("/api/v1/outcomes", #"{"outcomes": [\#(Self.resolved)]}"#)
            #expect(retry.status == .ok)
            #expect(retry.json["accepted"] as? Int == 0)
            #expect(retry.json["duplicates"] as? Int == 1)
            #expect(retry.json[path: "outcomes.0.duplicate"] as? Bool == true)
        }
    }

    @Test func aDifferentResultUnderAStoredIdIsAConflictThatStoresNothing() async throws {
        try await TestServer.withClient { client in
            _ = try await client.post("/api/v1/outcomes", Self.resolved)
            let changed = #"{"id": "o1", "session_id": "s1", "type": "ticket_resolved", "success": false, "value_usd": "12.00"}"#
            let conflict = try await client.post(
                "/api/v1/outcomes", #"[{"id": "o2", "session_id": "s2", "type": "t", "success": true}, \#(changed)]"#)
            #expect(conflict.status == .conflict)
            #expect(conflict.headers[.contentType] == "application/problem+json")
            #expect(conflict.json[path: "errors.0.index"] as? Int == 1)
            #expect(conflict.json[path: "errors.0.field"] as? String == "id")
            #expect((conflict.json[path: "errors.0.message"] as? String)?.contains("success false") == true)
            #expect(try await Self.ids(client) == ["o1"])
        }
    }

    @Test func duplicateIdsWithinABatch() async throws {
        try await TestServer.withClient { client in
            let twice = try await client.post("/api/v1/outcomes", "[\(Self.resolved), \(Self.resolved)]")
            #expect(twice.status == .created)
            #expect(twice.json["accepted"] as? Int == 1)
            #expect(twice.json["duplicates"] as? Int == 1)
            let other = #"{"id": "o1", "session_id": "s1", "type": "ticket_resolved", "success": true, "value_usd": "12.01"}"#
            let contradiction = try await client.post(
                "/api/v1/outcomes", #"[{"id": "new", "session_id": "s", "type": "t", "success": true}, \#(other), \#(other)]"#)
            #expect(contradiction.status == .conflict)
            #expect(contradiction.json["error_count"] as? Int == 2)
            #expect(try await Self.ids(client) == ["o1"])
        }
    }

    @Test(arguments: [
        (#""1e309""#, "value_usd"), ("1e309", "value_usd"), (#""-12.00""#, "value_usd"), ("-1", "value_usd"),
        (#""1000000000.01""#, "value_usd"), ("99999999999999999999999999", "value_usd"), (#""0.0000000001""#, "value_usd"),
        ("12.0000000001", "value_usd"), (#""12.00 ""#, "value_usd"), ("{}", "value_usd"),
    ])
    func hostileValuesAre400(_ value: String, _ field: String) async throws {
        try await TestServer.withClient { client in
            let body = #"{"session_id": "s", "type": "t", "success": true, "value_usd": \#(value)}"#
            let refused = try await client.post("/api/v1/outcomes", body)
            #expect(refused.status == .badRequest, "\(value)")
            #expect(refused.json[path: "errors.0.field"] as? String == field)
            #expect(try await Self.ids(client).isEmpty)
        }
    }

    @Test func hostileShapesAre4xxAndStoreNothing() async throws {
        try await TestServer.withClient { client in
            let long = String(repeating: "x", count: 100_000)
            let cases: [(String, HTTPResponse.Status)] = [
                ("[]", .badRequest),
                (#"{"outcomes": []}"#, .badRequest),
                (#"{"outcomes": "all of them"}"#, .badRequest),
                ("", .badRequest),
                ("null", .badRequest),
                (#"{"session_id": "\#(long)", "type": "t", "success": true}"#, .badRequest),
                (#"{"session_id": "s", "type": "\#(long)", "success": true}"#, .badRequest),
                (#"{"id": "\#(long)", "session_id": "s", "type": "t", "success": true}"#, .badRequest),
                (#"{"session_id": "s\u0000", "type": "t", "success": true}"#, .badRequest),
                (#"{"session_id": "s", "type": "t", "success": 1}"#, .badRequest),
                (#"{"session_id": "s", "type": "t", "success": true, "timestamp": "9999-12-31T23:59:59Z"}"#, .badRequest),
                (#"{"session_id": "s", "type": "t", "success": true, "feature": "chat"}"#, .badRequest),
                (#"{"session_id": "s", "type": "t", "success": true, "success": false}"#, .badRequest),
            ]
            for (body, status) in cases {
                let refused = try await client.post("/api/v1/outcomes", body)
                #expect(refused.status == status, "\(body.prefix(80))")
                #expect(refused.headers[.contentType] == "application/problem+json")
            }
            #expect(try await Self.ids(client).isEmpty)
        }
    }

    @Test func tenThousandOutcomesInOneBatchAndNoMore() async throws {
        try await TestServer.withClient { client in
            func batch(_ count: Int) -> String {
                "["
                    + (0..<count).map { #"{"id": "o\#($0)", "session_id": "s\#($0 % 97)", "type": "t", "success": \#($0 % 2 == 0)}"# }
                    .joined(separator: ",") + "]"
            }
            let tooMany = try await client.post("/api/v1/outcomes", batch(10_001))
            #expect(tooMany.status == .contentTooLarge)
            let most = try await client.post("/api/v1/outcomes", batch(10_000))
            #expect(most.status == .created)
            #expect(most.json["accepted"] as? Int == 10_000)
            let ids = try await Self.ids(client, limit: 1000)
            #expect(ids.count == 10_000)
            #expect(Set(ids).count == 10_000)
            let failed = try await client.get("/api/v1/outcomes?success=false&session_id=s1&session_id=s2&limit=1000")
            #expect(failed.json["count"] as? Int == (0..<10_000).filter { $0 % 2 == 1 && [1, 2].contains($0 % 97) }.count)
        }
    }

    @Test func pagesAndFilters() async throws {
        try await TestServer.withClient { client in
            let body = """
                [{"id": "b", "session_id": "s1", "type": "ticket_resolved", "success": true, "timestamp": "2026-11-01T10:00:00Z"},
                 {"id": "a", "session_id": "s1", "type": "ticket_resolved", "success": false, "timestamp": "2026-11-01T10:00:00Z"},
                 {"id": "c", "session_id": "s2", "type": "lead_qualified", "success": true, "timestamp": "2026-11-02T10:00:00Z"},
                 {"id": "d:e", "session_id": "s3", "type": "ticket_resolved", "success": true, "timestamp": "2026-11-03T10:00:00Z"}]
                """
            #expect(try await client.post("/api/v1/outcomes", body).status == .created)
            #expect(try await Self.ids(client, limit: 1) == ["a", "b", "c", "d:e"])
            #expect(try await Self.ids(client, "&from=2026-11-02&to=2026-11-03", limit: 1) == ["c"])
            #expect(try await Self.ids(client, "&type=ticket_resolved&success=true", limit: 2) == ["b", "d:e"])
            #expect(try await Self.ids(client, "&session_id=s1&session_id=s3") == ["a", "b", "d:e"])
            let page = try await client.get("/api/v1/outcomes?limit=2")
            #expect(page.json["next_cursor"] as? String != nil)
        }
    }

    @Test(arguments: [
        "?success=yes", "?limit=0", "?limit=1001", "?cursor=garbage", "?cursor=12:", "?from=2026-11-02&to=2026-11-01",
        "?from=yesterday", "?tenant=acme", "?type=a%0Ab", "?session_id=" + String(repeating: "x", count: 257),
        "?cursor=99999999999999999999:a",
    ])
    func badQueriesAre400(_ query: String) async throws {
        try await TestServer.withClient { client in
            let refused = try await client.get("/api/v1/outcomes" + query)
            #expect(refused.status == .badRequest, "\(query)")
        }
    }

    @Test func tooManyFilterValuesAre400() async throws {
        try await TestServer.withClient { client in
            let query = (0...100).map { "session_id=s\($0)" }.joined(separator: "&")
            let refused = try await client.get("/api/v1/outcomes?" + query)
            #expect(refused.status == .badRequest)
        }
    }

    @Test func ingestKeysMayRecordOutcomesButNotReadThem() async throws {
        try await TestServer.withClient(configuration: AuthTests.configuration) { client in
            let recorded = try await client.post("/api/v1/outcomes", Self.resolved, key: "ingest-secret")
            #expect(recorded.status == .created)
            #expect(try await client.get("/api/v1/outcomes", key: "ingest-secret").status == .forbidden)
            #expect(try await client.get("/api/v1/outcomes", key: "admin-secret").json["count"] as? Int == 1)
        }
    }
}
