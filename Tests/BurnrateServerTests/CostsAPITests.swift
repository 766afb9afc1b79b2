import BurnrateCore
import BurnrateServer
import BurnrateStore
import BurnrateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct CostsAPITests {
    static let monitoring = """
        {"id": "datadog", "category": "tools", "service": "Datadog", "amount_usd": "1850.25", "period_start": "2026-01-01",
         "recurrence": "monthly", "allocate_by": "team", "allocation_basis": "requests", "tags": {"plan": "pro"}}
        """

    /// The number of stored cost items, read through the API.
    static func count(_ client: some TestClientProtocol) async throws -> Int? {
        try await client.get("/api/v1/costs?from=2000-01-01").json["count"] as? Int
    }

    @Test func storesAnItemAndListsItsPartOfARange() async throws {
        try await TestServer.withClient { client in
            let created = try await client.post("/api/v1/costs", Self.monitoring)
            #expect(created.status == .created)
            #expect(created.json["stored"] as? Int == 1)
            #expect(created.json[path: "items.0.id"] as? String == "datadog")
            #expect(created.json[path: "items.0.amount_usd"] as? String == "1850.250000000")
            #expect(created.json[path: "items.0.duplicate"] as? Bool == false)

            let october = try await client.get("/api/v1/costs?from=2026-10-01&to=2026-11-01")
            #expect(october.status == .ok)
            #expect(october.json["count"] as? Int == 1)
            #expect(october.json["total_usd"] as? String == "1850.250000000")
            #expect(october.json[path: "items.0.in_range_usd"] as? String == "1850.250000000")
            #expect(october.json[path: "items.0.allocate_by"] as? String == "team")
            #expect(october.json[path: "by_category.0.category"] as? String == "tools")
            let day = try await client.get("/api/v1/costs?from=2026-10-05&to=2026-10-06")
            #expect(day.json["total_nanos"] as? Int == 59_685_483_871)

            let retry = try await client.post("/api/v1/costs", Self.monitoring)
            #expect(retry.status == .ok)
            #expect(retry.json["duplicates"] as? Int == 1)
            #expect(try await Self.count(client) == 1)
        }
    }

    @Test func theGPUFormPricesGPUTime() async throws {
        try await TestServer.withClient { client in
            let response = try await client.post(
                "/api/v1/costs",
                #"{"items": [{"gpu": {"type": "h100", "count": 8, "hours": 720, "cloud": "aws", "pricing": "reserved", "discount_percent": 40}, "period_start": "2026-10-01", "allocate_by": "tenant", "allocation_basis": "gpu_seconds"}]}"#
            )
            #expect(response.status == .created)
            #expect(response.json[path: "items.0.amount_usd"] as? String == "23777.280000000")
            #expect(response.json[path: "items.0.category"] as? String == "compute")
            #expect(response.json[path: "items.0.gpu.rate_usd_per_gpu_hour"] as? String == "6.880000000")
            #expect(response.json[path: "items.0.gpu.discount_percent"] as? String == "40")
            #expect(response.json[path: "items.0.period_end"] as? String == "2026-10-31T00:00:00Z")
            let rates = try await client.get("/api/v1/gpu-rates?gpu=h100")
            #expect(rates.status == .ok)
            #expect((rates.json["rates"] as? [[String: Any]])?.map { $0["cloud"] as? String } == ["aws", "azure", "gcp"])
            #expect(try await client.get("/api/v1/gpu-rates?colour=red").status == .badRequest)
        }
    }

    @Test(arguments: [
        (
            #"{"category": "gpus", "service": "x", "amount_usd": 1, "period_start": "2026-10-01", "period_end": "2026-10-02"}"#, "category",
            "is not one of"
        ),
        (
            #"{"category": "compute", "service": "x", "amount_usd": 1, "period_start": "2026-10-02", "period_end": "2026-10-01"}"#,
            "period_end", "must be after period_start"
        ),
        (
            #"{"category": "compute", "service": "x", "amount_usd": "a lot", "period_start": "2026-10-01", "period_end": "2026-10-02"}"#,
            "amount_usd", "decimal amount of dollars"
        ),
        (
            #"{"items": [\#(monitoring), {"category": "compute", "amount_usd": 1, "period_start": "2026-10-01", "period_end": "2026-10-02"}]}"#,
            "items[1].service", "is required"
        ),
        (#"{"gpu": {"type": "h100", "hours": 10, "cloud": "oracle"}, "period_start": "2026-10-01"}"#, "gpu.cloud", "has no rate"),
        (#"{"category": "compute""#, "", "not valid JSON"),
    ])
    func badItemsGetA400AndChangeNothing(body: String, field: String, message: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/costs", body)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.text.contains(message), "\(response.text)")
            if !field.isEmpty {
                let errors = try #require(response.json["errors"] as? [[String: Any]])
                #expect(errors.contains { $0["field"] as? String == field }, "\(errors)")
            }
            #expect(try await Self.count(client) == 0)
        }
    }

    @Test func importsARealShapedFocusFileOnce() async throws {
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/costs/import", CostFixtures.awsFOCUS, contentType: "text/csv")
            #expect(response.status == .created)
            #expect(response.json["format"] as? String == "focus")
            #expect(response.json["stored"] as? Int == 9)
            let total = CostFixtures.awsFOCUSEffectiveNanos.reduce(0, +)
            #expect(response.json["total_usd"] as? String == Money(nanos: total).usdString)
            let listed = try await client.get("/api/v1/costs?from=2026-10-01&to=2026-11-01")
            #expect(listed.json["total_nanos"] as? Int == Int(total))
            let again = try await client.post("/api/v1/costs/import", CostFixtures.awsFOCUS, contentType: "text/csv")
            #expect(again.status == .ok)
            #expect(again.json["duplicates"] as? Int == 9)
            #expect(try await Self.count(client) == 9)
        }
    }

    @Test func aFocusExportOfImportedCostsImportsElsewhereWithTheSameTotals() async throws {
        let ledger = try await TestServer.ledger()
        try await TestServer.withClient(ledger: ledger) { client in
            _ = try await client.post("/api/v1/costs/import", CostFixtures.awsFOCUS, contentType: "text/csv")
            _ = try await client.post("/api/v1/costs/import", CostFixtures.azureFOCUS, contentType: "text/csv")
            _ = try await client.post("/api/v1/costs", Self.monitoring)
        }
        let from = Timestamp(rfc3339: "2026-09-01T00:00:00Z")!
        let to = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!
        let stored = try await ledger.store.costItems(overlapping: from, to: to)
        let export = FocusWriter.csv(stored.flatMap { FocusRow.rows(for: $0, from: from, to: to) })
        let original = try await TestServer.withClient(ledger: ledger) { client in try await Self.totals(client) }
        try await TestServer.withClient { client in
            let imported = try await client.post("/api/v1/costs/import", export, contentType: "text/csv")
            #expect(imported.status == .created)
            let reimported = try await Self.totals(client)
            #expect(reimported == original)
        }
        #expect(original["tools"] == "3710.310000000")
    }

    /// The total of September and October 2026 and its parts per category.
    static func totals(_ client: some TestClientProtocol) async throws -> [String: String] {
        let json = try await client.get("/api/v1/costs?from=2026-09-01&to=2026-11-01").json
        var totals = ["total": json["total_usd"] as? String ?? ""]
        for line in json["by_category"] as? [[String: Any]] ?? [] {
            totals[line["category"] as? String ?? ""] = line["amount_usd"] as? String
        }
        return totals
    }

    @Test func aMalformedFileNamesEveryBadRowAndImportsNothing() async throws {
        try await TestServer.withClient { client in
            let file = """
                category,service,amount_usd,period_start,period_end
                compute,AWS EC2,100,2026-10-01,2026-11-01
                compute,AWS EC2,one hundred,2026-10-01,2026-11-01
                compute,AWS EC2,100,2026-10-01,2026-11-01
                cloud,AWS EC2,100,2026-10-01,2026-11-01,extra
                storage,S3,5,2026-10-09,2026-10-01
                """
            let response = try await client.post("/api/v1/costs/import", file, contentType: "text/csv")
            #expect(response.status == .badRequest)
            let errors = try #require(response.json["errors"] as? [[String: Any]])
            let located = errors.map { "\($0["line"] as? Int ?? 0):\($0["field"] as? String ?? "")" }
            #expect(located == ["3:amount_usd", "5:", "6:period_end"])
            #expect(response.text.contains("nothing was imported"))
            #expect(try await Self.count(client) == 0)
            let unknown = try await client.post("/api/v1/costs/import", "date,cost\n2026-10-01,4", contentType: "text/csv")
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("neither FOCUS"))
        }
    }

    @Test func deletesAnItem() async throws {
        try await TestServer.withClient { client in
            _ = try await client.post("/api/v1/costs", Self.monitoring)
            let deleted = try await client.execute(uri: "/api/v1/costs/datadog", method: .delete)
            #expect(deleted.status == .noContent)
            let again = try await client.execute(uri: "/api/v1/costs/datadog", method: .delete)
            #expect(again.status == .notFound)
            #expect(try await Self.count(client) == 0)
        }
    }

    @Test func aBadRangeGetsA400() async throws {
        try await TestServer.withClient { client in
            for query in ["from=2026-11-01&to=2026-10-01", "from=soon", "tenant=acme"] {
                let response = try await client.get("/api/v1/costs?\(query)")
                #expect(response.status == .badRequest, "\(query)")
            }
        }
    }
}
