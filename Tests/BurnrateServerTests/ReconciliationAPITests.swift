import BurnrateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct ReconciliationAPITests {
    /// $3.50 each at the test price of gpt-4o; the mystery model has no price.
    static let events = """
        [{"id": "a", "timestamp": "2026-11-01T10:00:00Z", "provider": "openai", "model": "gpt-4o", "input_tokens": 1000000, "output_tokens": 100000},
         {"id": "b", "timestamp": "2026-11-01T23:59:59Z", "provider": "openai", "model": "gpt-4o", "input_tokens": 1000000, "output_tokens": 100000},
         {"id": "c", "timestamp": "2026-11-02T00:00:00Z", "provider": "openai", "model": "gpt-4o", "input_tokens": 1000000, "output_tokens": 100000},
         {"id": "d", "timestamp": "2026-11-02T08:00:00Z", "provider": "openai", "model": "mystery", "input_tokens": 5000, "output_tokens": 500}]
        """

    static let bill = """
        date,provider,model,cost_usd
        2026-11-01,openai,gpt-4o-2024-08-06,7.00
        2026-11-02,openai,gpt-4o,3.50
        2026-11-02,openai,mystery,1.25
        """

    static func withSeededClient(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestServer.withClient { client in
            let ingest = try await client.post("/api/v1/events", Self.events)
            #expect(ingest.json["accepted"] as? Int == 4)
            try await body(client)
        }
    }

    @Test func importsABillAndReconcilesItsDays() async throws {
        try await Self.withSeededClient { client in
            let response = try await client.post("/api/v1/reconciliation/charges", Self.bill, contentType: "text/csv")
            #expect(response.status == .ok)
            let json = response.json
            #expect(json["format"] as? String == "daily")
            #expect(json["inserted"] as? Int == 3)
            #expect((json["import_id"] as? String)?.hasPrefix("bill-") == true)
            #expect(json[path: "reconciliation.total.billed_usd"] as? String == "11.750000000")
            #expect(json[path: "reconciliation.total.computed_usd"] as? String == "10.500000000")
            #expect(json[path: "reconciliation.total.difference_nanos"] as? Int == 1_250_000_000)
            #expect((json[path: "reconciliation.findings"] as? [Any])?.count == 1)
            #expect(json[path: "reconciliation.findings.0.model"] as? String == "mystery")
            #expect(json[path: "reconciliation.findings.0.causes.0.kind"] as? String == "unpriced_events")
            #expect(json[path: "reconciliation.findings.0.causes.0.unpriced_requests"] as? Int == 1)
            #expect(json[path: "reconciliation.rows"] == nil)

            let report = try await client.get("/api/v1/reconciliation?from=2026-11-01&to=2026-11-03&tolerance=1").json
            let rows = try #require(report["rows"] as? [[String: Any]])
            #expect(rows.map { $0["model"] as? String } == ["gpt-4o", "gpt-4o", "mystery"])
            #expect(rows[0]["billed_models"] as? [String] == ["gpt-4o-2024-08-06"])
            #expect(rows[0]["difference_nanos"] as? Int == 0)
            #expect(rows.map { $0["flagged"] as? Bool } == [false, false, true])
            #expect(report[path: "providers.0.provider"] as? String == "openai")
            #expect(report["tolerance_percent"] as? Double == 1)
            let flagged = try await client.get("/api/v1/reconciliation?rows=flagged").json
            #expect((flagged["rows"] as? [[String: Any]])?.map { $0["model"] as? String } == ["mystery"])
            #expect(try await client.get("/api/v1/reconciliation?rows=none").json["rows"] == nil)
        }
    }

    @Test func reimportingTheSameBillReplacesItAndDeletingAnImportRemovesIt() async throws {
        try await Self.withSeededClient { client in
            let first = try await client.post("/api/v1/reconciliation/charges", Self.bill, contentType: "text/csv").json
            let again = try await client.post("/api/v1/reconciliation/charges", Self.bill, contentType: "text/csv").json
            #expect(again["import_id"] as? String == first["import_id"] as? String)
            #expect(again["inserted"] as? Int == 0)
            #expect(again["replaced"] as? Int == 3)
            #expect(again[path: "reconciliation.total.billed_usd"] as? String == "11.750000000")

            let importID = try #require(first["import_id"] as? String)
            let deleted = try await client.execute(uri: "/api/v1/reconciliation/charges/\(importID)", method: .delete)
            #expect(deleted.status == .ok)
            #expect(deleted.json["deleted"] as? Int == 3)
            let gone = try await client.execute(uri: "/api/v1/reconciliation/charges/\(importID)", method: .delete)
            #expect(gone.status == .notFound)
            #expect(try await client.get("/api/v1/reconciliation").json[path: "total.billed_nanos"] as? Int == 0)
        }
    }

    @Test func aBadBillNamesEveryRowAndStoresNothing() async throws {
        try await Self.withSeededClient { client in
            let bad = """
                date,provider,model,cost_usd
                2026-11-01,openai,gpt-4o,7.00
                2026-11-31,openai,gpt-4o,3.50
                2026-11-02,,gpt-4o,lots
                """
            let response = try await client.post("/api/v1/reconciliation/charges", bad, contentType: "text/csv")
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            let errors = try #require(response.json["errors"] as? [[String: Any]])
            #expect(errors.map { "\($0["line"] as? Int ?? 0) \($0["field"] as? String ?? "")" } == ["3 date", "4 provider", "4 cost_usd"])
            #expect((response.json["detail"] as? String)?.contains("nothing was stored") == true)
            let report = try await client.get("/api/v1/reconciliation").json
            #expect((report["rows"] as? [Any])?.isEmpty == true)

            let unknown = try await client.post("/api/v1/reconciliation/charges", "when,what\n1,2\n", contentType: "text/csv")
            #expect(unknown.status == .badRequest)
            #expect((unknown.json["detail"] as? String)?.contains("period_start, period_end, provider, amount_usd") == true)
            let empty = try await client.post("/api/v1/reconciliation/charges", "", contentType: "text/csv")
            #expect(empty.status == .badRequest)
        }
    }

    @Test(arguments: [
        "/api/v1/reconciliation?tolerance=abc", "/api/v1/reconciliation?tolerance=-1",
        "/api/v1/reconciliation?from=2026-11-03&to=2026-11-01",
        "/api/v1/reconciliation?tenant=acme", "/api/v1/reconciliation?min_difference=0.0000000001", "/api/v1/reconciliation?from=yesterday",
        "/api/v1/reconciliation?rows=some",
    ])
    func rejectsBadQueries(_ uri: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest)
            #expect((response.json["errors"] as? [Any])?.count == 1)
        }
    }
}
