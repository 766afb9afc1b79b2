import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// The analytics endpoints over a small ledger whose totals are worked out by hand.
///
/// Prices (TestServer): gpt-4o $2.50 in / $10 out per million tokens; claude-haiku-4-5 $1 / $5.
@Suite struct AnalyticsAPITests {
    /// One event as JSON.
    static func event(
        _ id: String, _ time: String, model: String = "gpt-4o", input: Int = 1_000_000, output: Int = 0, tenant: String? = nil,
        feature: String? = nil, user: String? = nil, status: String = "ok", tags: String? = nil
    ) -> String {
        var fields = [
            "\"id\": \"\(id)\"", "\"timestamp\": \"\(time)\"", "\"model\": \"\(model)\"", "\"input_tokens\": \(input)",
            "\"output_tokens\": \(output)", "\"status\": \"\(status)\"",
        ]
        if let tenant { fields.append("\"tenant\": \"\(tenant)\"") }
        if let feature { fields.append("\"feature\": \"\(feature)\"") }
        if let user { fields.append("\"user\": \"\(user)\"") }
        if let tags { fields.append("\"tags\": \(tags)") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// October: $2.50 (acme). November: $10 acme, $5 globex (half of it failed), $1 of haiku for
    /// globex, and a model without a price: $16 over 4.75M priced tokens.
    static let ledger = [
        event("oct-1", "2026-10-10T12:00:00Z", tenant: "acme", feature: "chat", user: "u1"),
        event("nov-1", "2026-11-02T12:00:00Z", output: 750_000, tenant: "acme", feature: "chat", user: "u1", tags: #"{"region": "eu"}"#),
        event("nov-2", "2026-11-03T12:00:00Z", tenant: "globex", feature: "search", user: "u2", tags: #"{"region": "us"}"#),
        event("nov-3", "2026-11-04T12:00:00Z", tenant: "globex", feature: "search", user: "u3", status: "error"),
        event("nov-4", "2026-11-05T12:00:00Z", model: "claude-haiku-4-5", tenant: "globex", feature: "chat", user: "u2"),
        event("nov-5", "2026-11-06T12:00:00Z", model: "in-house-llm", tenant: "acme", feature: "chat"),
    ]

    static func withLedger(
        configuration: AppConfiguration = AppConfiguration(logLevel: .error),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestServer.withEvents(ledger, configuration: configuration, body)
    }

    static let november = "from=2026-11-01&to=2026-12-01"

    @Test func summaryComparesWithThePreviousPeriodAndFlagsCostOutpacingUsage() async throws {
        try await Self.withLedger { client in
            let json = try await client.get("/api/v1/summary?\(Self.november)").json
            #expect(json["cost_usd"] as? String == "16.000000000")
            #expect(json["requests"] as? Int == 5)
            #expect(json["active_users"] as? Int == 3)
            #expect(json[path: "failed_requests.requests"] as? Int == 1)
            #expect(json[path: "failed_requests.cost_usd"] as? String == "2.500000000")
            #expect(json[path: "unpriced.requests"] as? Int == 1)
            #expect(json[path: "unpriced.models.0.model"] as? String == "in-house-llm")
            #expect(json[path: "unit_costs.per_request_usd"] as? String == "4.000000000")
            #expect(json[path: "previous_period.from"] as? String == "2026-10-02T00:00:00Z")
            #expect(json[path: "previous_period.cost_usd"] as? String == "2.500000000")
            #expect(json[path: "change.cost_usd"] as? String == "13.500000000")
            #expect((json[path: "change.percent"] as? NSNumber)?.doubleValue == 540)
            // Cost x6.4 on priced tokens x4.75: each token costs 34.7% more.
            #expect(json[path: "growth.verdict"] as? String == "cost_faster_than_usage")
            #expect(json[path: "growth.flagged"] as? Bool == true)
            let codes = (json["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(Set(codes ?? []) == ["llm_api_reliance", "cost_outpacing_usage", "unpriced_usage"])
            #expect(json["unit_economics"] is NSNull)
        }
    }

    @Test func aBillThatDriftsFromTheLedgerIsAFinding() async throws {
        try await Self.withLedger { client in
            let bill = "date,provider,model,cost_usd\n2026-11-02,openai,gpt-4o,12.00\n2026-11-03,openai,gpt-4o,2.50\n"
            let imported = try await client.post("/api/v1/reconciliation/charges", bill, contentType: "text/csv")
            #expect(imported.status == .created || imported.status == .ok, "\(imported.text)")
            let json = try await client.get("/api/v1/summary?\(Self.november)").json
            let drift = (json["findings"] as? [[String: Any]])?.first { $0["code"] as? String == "bill_drift" }
            let message = drift?["message"] as? String ?? ""
            #expect(message.hasPrefix("1 billed day differs from Burnrate's figures by more than 1.0%"), "\(message)")
            #expect(message.contains("openai/gpt-4o on 2026-11-02, differs by $2.00"), "\(message)")
        }
    }

    @Test func unitEconomicsUseTheConfiguredRevenue() async throws {
        let configuration = AppConfiguration(logLevel: .error, revenue: RevenueModel(perRequest: Money(usd: "4")!))
        try await Self.withLedger(configuration: configuration) { client in
            let json = try await client.get("/api/v1/summary?\(Self.november)").json
            #expect(json[path: "unit_economics.revenue_usd"] as? String == "20.000000000")
            #expect(json[path: "unit_economics.margin_usd"] as? String == "4.000000000")
        }
    }

    @Test func filtersCombineDimensionsWithAndAndRepeatedKeysWithOr() async throws {
        try await Self.withLedger { client in
            let expected = [
                "tenant=acme": "10.000000000", "tenant=acme&tenant=globex": "16.000000000", "tenant=globex&feature=chat": "1.000000000",
                "tag.region=eu": "10.000000000", "tag.region=eu&tag.region=us": "12.500000000", "category=compute": "0.000000000",
                "category=llm_api": "16.000000000",
            ]
            for (query, cost) in expected {
                let json = try await client.get("/api/v1/summary?\(Self.november)&\(query)").json
                #expect(json["cost_usd"] as? String == cost, "\(query)")
            }
        }
    }

    @Test func breakdownRowsSumExactlyToTheTotalWithAnOtherRow() async throws {
        try await Self.withLedger { client in
            let json = try await client.get("/api/v1/breakdown?by=feature,tenant&limit=2&\(Self.november)").json
            let rows = try #require(json["rows"] as? [[String: Any]])
            #expect(rows.count == 3)
            #expect((rows[0]["key"] as? [String: Any])?["tenant"] as? String == "acme")
            #expect((rows[0]["key"] as? [String: Any])?["feature"] as? String == "chat")
            #expect((rows[0]["share"] as? NSNumber)?.doubleValue == 0.625)
            #expect(rows[2]["other"] as? Bool == true)
            #expect(rows[2]["groups"] as? Int == 1)
            let sum = rows.compactMap { $0["cost_nanos"] as? Int }.reduce(0, +)
            #expect(sum == json[path: "total.cost_nanos"] as? Int)
            let tags = try await client.get("/api/v1/breakdown?by=tag:region&\(Self.november)").json
            let keys = (tags["rows"] as? [[String: Any]])?.map { ($0["key"] as? [String: Any])?["tag:region"] as? String }
            #expect(keys == ["eu", nil, "us"])
            let category = try await client.get("/api/v1/breakdown?by=category&\(Self.november)").json
            #expect(category[path: "rows.0.key.category"] as? String == "llm_api")
        }
    }

    @Test func timeseriesZeroFillsLocalDaysAcrossDaylightSaving() async throws {
        let configuration = AppConfiguration(logLevel: .error, timeZone: TimeZone(identifier: "America/New_York")!)
        try await Self.withLedger(configuration: configuration) { client in
            let json = try await client.get("/api/v1/timeseries?interval=day&from=2026-10-31&to=2026-11-04").json
            #expect(json["time_zone"] as? String == "America/New_York")
            let points = try #require(json[path: "series.0.points"] as? [[String: Any]])
            #expect(points.map { $0["label"] as? String } == ["2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03"])
            #expect(points[1]["start"] as? String == "2026-11-01T04:00:00Z")
            #expect(points[1]["end"] as? String == "2026-11-02T05:00:00Z")
            #expect(points.map { $0["cost_usd"] as? String } == ["0.000000000", "0.000000000", "10.000000000", "2.500000000"])
            let weekly = try await client.get("/api/v1/timeseries?interval=week&by=tenant&\(Self.november)").json
            let series = try #require(weekly["series"] as? [[String: Any]])
            #expect(series.map { $0["key"] as? String } == ["acme", "globex"])
            #expect((series[0]["points"] as? [Any])?.count == 6)
        }
    }

    @Test func topNamesWhoDrivesTheIncrease() async throws {
        try await Self.withLedger { client in
            let json = try await client.get("/api/v1/top?by=tenant&from=2026-11-01&to=2026-11-30").json
            #expect(json[path: "top_spenders.0.key"] as? String == "acme")
            #expect(json[path: "top_risers.0.key"] as? String == "acme")
            #expect(json[path: "top_risers.0.change_usd"] as? String == "7.500000000")
            #expect(json[path: "top_risers.1.key"] as? String == "globex")
        }
    }

    @Test func whatIfPricesTheObservedTokenMixOnTheTarget() async throws {
        try await Self.withLedger { client in
            let json = try await client.get("/api/v1/whatif?model=gpt-4o&target=claude-haiku-4-5&\(Self.november)").json
            #expect(json[path: "target.model"] as? String == "claude-haiku-4-5")
            // acme/chat: 1M in + 0.75M out on haiku = $1 + $3.75; search: 2M in = $2.
            #expect(json[path: "rows.0.key"] as? String == "chat")
            #expect(json[path: "rows.0.projected_usd"] as? String == "4.750000000")
            #expect(json[path: "rows.0.difference_usd"] as? String == "-5.250000000")
            #expect(json[path: "total.actual_usd"] as? String == "15.000000000")
            #expect(json[path: "total.projected_usd"] as? String == "6.750000000")
            let unknown = try await client.get("/api/v1/whatif?target=no-such-model")
            #expect(unknown.status == .unprocessableContent)
        }
    }

    @Test func badQueriesGetAClearProblemNamingTheParameter() async throws {
        try await Self.withLedger { client in
            for (query, field) in [
                ("breakdown?by=colour", "by"), ("breakdown", "by"), ("summary?from=2026-12-01&to=2026-11-01", "to"),
                ("timeseries?interval=fortnight", "interval"), ("breakdown?by=model&limit=0", "limit"),
                ("summary?category=gpu", "category"), ("summary?region=eu", "region"), ("top?by=model,tenant", "by"),
                ("whatif", "target"), ("timeseries?interval=hour&from=2020-01-01&to=2026-01-01", "interval"),
            ] {
                let response = try await client.get("/api/v1/\(query)")
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                #expect(fields?.contains(field) == true, "\(query): \(response.text)")
            }
        }
    }
}
