import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Analytics with non-token costs: categories, shared-cost allocation, chargeback and the FOCUS
/// export, over the ledger of `AnalyticsAPITests` plus two cost items for November.
@Suite struct FullyLoadedCostTests {
    /// A $300 GPU cluster shared by tenants in proportion to tokens, and $60 of tools for globex.
    static let items = """
        {"items": [
          {"id": "gpu-nov", "category": "compute", "service": "GPU cluster", "amount_usd": "300",
           "period_start": "2026-11-01", "period_end": "2026-12-01", "allocate_by": "tenant", "allocation_basis": "tokens"},
          {"id": "tools-nov", "category": "tools", "service": "Vector DB", "amount_usd": "60", "tenant": "globex",
           "period_start": "2026-11-01", "period_end": "2026-12-01"}
        ]}
        """

    static func withCosts(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await AnalyticsAPITests.withLedger { client in
            let response = try await client.post("/api/v1/costs", items)
            #expect(response.status == .created, "\(response.text)")
            try await body(client)
        }
    }

    @Test func theSummarySplitsTokenAndOtherCostsByCategory() async throws {
        try await Self.withCosts { client in
            let json = try await client.get("/api/v1/summary?\(AnalyticsAPITests.november)").json
            #expect(json["cost_usd"] as? String == "376.000000000")
            #expect(json["token_cost_usd"] as? String == "16.000000000")
            #expect(json["non_token_cost_usd"] as? String == "360.000000000")
            let categories = (json["by_category"] as? [[String: Any]])?.map { $0["category"] as? String }
            #expect(categories == ["compute", "tools", "llm_api"])
            let codes = (json["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("category_concentration"))
            #expect(!codes.contains("llm_api_reliance"))
            // Half of November is half of each item.
            let half = try await client.get("/api/v1/summary?from=2026-11-01&to=2026-11-16&category=compute").json
            #expect(half["cost_usd"] as? String == "150.000000000")
        }
    }

    @Test func chargebackAllocatesSharedCostsAndSumsExactlyToTotalSpend() async throws {
        try await Self.withCosts { client in
            let json = try await client.get("/api/v1/reports/chargeback?month=2026-11&by=tenant").json
            #expect(json["total_cost_usd"] as? String == "376.000000000")
            let rows = try #require(json["rows"] as? [[String: Any]])
            let sum = rows.compactMap { $0["total_cost_nanos"] as? Int }.reduce(0, +)
            #expect(sum == 376_000_000_000)
            // Tokens in November: acme 2.75M, globex 3M, so the $300 splits 143.478260870 / 156.521739130.
            let globex = try #require(rows.first { $0["tenant"] as? String == "globex" })
            #expect(globex["shared_cost_usd"] as? String == "156.521739130")
            #expect(globex["direct_cost_usd"] as? String == "60.000000000")
            #expect(globex["token_cost_usd"] as? String == "6.000000000")
            let acme = try #require(rows.first { $0["tenant"] as? String == "acme" })
            #expect(acme["shared_cost_usd"] as? String == "143.478260870")
            let summary = try await client.get("/api/v1/summary?\(AnalyticsAPITests.november)&tenant=acme").json
            #expect(summary["cost_usd"] as? String == "153.478260870")

            let csv = try await client.get("/api/v1/reports/chargeback?month=2026-11&by=tenant&format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first == "month,tenant,token_cost_usd,direct_cost_usd,shared_cost_usd,total_cost_usd,share,requests,tokens")
            #expect(lines.last?.hasPrefix("2026-11,TOTAL,16.000000000,60.000000000,300.000000000,376.000000000,") == true)
            let bad = try await client.get("/api/v1/reports/chargeback?month=2026-11&by=model")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func breakdownsAndTimeSeriesCarryTheCostItems() async throws {
        try await Self.withCosts { client in
            let categories = try await client.get("/api/v1/breakdown?by=category&\(AnalyticsAPITests.november)").json
            #expect(categories[path: "rows.0.key.category"] as? String == "compute")
            #expect(categories[path: "total.cost_usd"] as? String == "376.000000000")
            let weekly = try await client.get("/api/v1/timeseries?interval=week&\(AnalyticsAPITests.november)").json
            let points = try #require(weekly[path: "series.0.points"] as? [[String: Any]])
            let sum = points.compactMap { $0["cost_nanos"] as? Int }.reduce(0, +)
            #expect(sum == 376_000_000_000)
            let report = try await client.get("/api/v1/reports/2026-11?format=md").text
            #expect(report.contains("| Infrastructure and tools | $360.00 | $0.00 | n/a |"))
        }
    }

    @Test func aFocusExportReimportedElsewhereKeepsTheTotal() async throws {
        let export = try await Self.withCostsReturning { client in
            try await client.get("/api/v1/export/focus?\(AnalyticsAPITests.november)")
        }
        #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
        try await TestServer.withClient { client in
            let imported = try await client.post("/api/v1/costs/import", export.text, contentType: "text/csv")
            #expect(imported.status == .created, "\(imported.text)")
            let json = try await client.get("/api/v1/summary?\(AnalyticsAPITests.november)").json
            #expect(json["cost_usd"] as? String == "376.000000000")
        }
    }

    static func withCostsReturning(
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> TestResponse
    ) async throws
        -> TestResponse
    {
        try await TestServer.withClient { client in
            _ = try await client.post("/api/v1/events", "[" + AnalyticsAPITests.ledger.joined(separator: ",") + "]")
            _ = try await client.post("/api/v1/costs", items)
            return try await body(client)
        }
    }
}
