import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Hostile inputs per route group: extreme integers, negative values, huge ranges, long and odd
/// strings, duplicate keys and deep nesting. Each must get a 4xx problem, and the server must
/// still answer afterwards: an arithmetic trap in a handler would end this test process.
@Suite struct HostileInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        /// The status expected; any 4xx when `nil`.
        var status: HTTPResponse.Status?
        /// Words the problem's detail or errors must contain, e.g. the field and the limit.
        var mentions: [String]

        init(
            _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, status: HTTPResponse.Status? = nil, mentions: [String] = []
        ) {
            self.method = method
            self.uri = uri
            self.body = body
            self.status = status
            self.mentions = mentions
        }

        var testDescription: String { "\(method) \(uri.prefix(90))\(body.map { " " + $0.prefix(60) } ?? "")" }
    }

    static let longText = String(repeating: "x", count: 5_000)
    static let deepArray = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
    static let deepObject = String(repeating: #"{"a":"#, count: 5_000) + "1" + String(repeating: "}", count: 5_000)

    static let events: [Case] = [
        Case(
            .post, "/api/v1/events", #"{"model": "gpt-4o", "input_tokens": 9223372036854775807}"#, mentions: ["input_tokens", "1000000000"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "input_tokens": 99999999999999999999999}"#, mentions: ["input_tokens"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "output_tokens": -9223372036854775808}"#, mentions: ["output_tokens"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "input_tokens": 1e308}"#, mentions: ["input_tokens"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "latency_ms": 9223372036854775807}"#, mentions: ["latency_ms"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "gpu_seconds": 1e308}"#, mentions: ["gpu_seconds"]),
        Case(.post, "/api/v1/events", #"{"model": "\#(longText)"}"#, mentions: ["model", "256"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "tenant": "\#(longText)"}"#, mentions: ["tenant", "256"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "tenant": "acme\u0000corp"}"#, mentions: ["tenant"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt\u0000-4o"}"#, mentions: ["model"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "user": "line\nbreak"}"#, mentions: ["user", "control"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "tags": {"region": "eu\u0000"}}"#, mentions: ["tags.region"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "timestamp": "9999-12-31T23:59:59Z"}"#, mentions: ["timestamp"]),
        Case(.post, "/api/v1/events", #"{"model": "gpt-4o", "timestamp": "0000-01-01T00:00:00Z", "input_tokens": 1}"#, status: .ok),
        Case(.post, "/api/v1/events", deepArray),
        Case(.post, "/api/v1/events", deepObject),
        Case(.post, "/api/v1/events", "{"),
        Case(.post, "/api/v1/events", "\u{FF}\u{FE}"),
        Case(.get, "/api/v1/events?limit=9223372036854775807", mentions: ["limit"]),
        Case(.get, "/api/v1/events?from=0001-01-01&to=9999-12-31", mentions: ["3660"]),
        Case(.get, "/api/v1/events/\(String(repeating: "a", count: 2_000))", status: .notFound),
    ]

    static let analytics: [Case] = [
        Case(.get, "/api/v1/summary?from=0001-01-01&to=9999-12-31", mentions: ["from", "3660"]),
        Case(.get, "/api/v1/summary?from=0001-01-01", mentions: ["3660"]),
        Case(.get, "/api/v1/summary?from=9999-99-99", mentions: ["from"]),
        Case(.get, "/api/v1/breakdown?by=model&limit=-1", mentions: ["limit"]),
        Case(.get, "/api/v1/breakdown?by=\(longText)"),
        Case(.get, "/api/v1/timeseries?interval=hour&from=0001-01-01&to=9999-12-31"),
        Case(.get, "/api/v1/timeseries?interval=hour&from=2016-01-01&to=2026-01-01", mentions: ["interval"]),
        Case(.get, "/api/v1/top?by=model&limit=9223372036854775808"),
        Case(.get, "/api/v1/whatif?model=gpt-4o&target=\(longText)"),
        Case(.get, "/api/v1/forecast?horizon=9223372036854775807m", mentions: ["horizon"]),
        Case(.get, "/api/v1/forecast?growth=1e308", mentions: ["growth"]),
        Case(.get, "/api/v1/forecast?history=-9223372036854775808", mentions: ["history"]),
        Case(.get, "/api/v1/savings?from=0001-01-01&to=9999-12-31"),
        Case(.get, "/api/v1/recommendations?from=0001-01-01&to=9999-12-31"),
        Case(.get, "/api/v1/self-hosted?from=0001-01-01&to=9999-12-31"),
        Case(.get, "/api/v1/export/events?from=0001-01-01&to=9999-12-31"),
        Case(.get, "/api/v1/export/focus?from=0001-01-01&to=9999-12-31"),
    ]

    static let roi: [Case] = [
        Case(.get, "/api/v1/roi?monthly_savings=1&growth=10", mentions: ["growth"]),
        Case(.get, "/api/v1/roi?monthly_savings=1000000&growth=1&months=120", mentions: ["months"]),
        Case(.get, "/api/v1/roi?monthly_savings=999999999&growth=1&months=120&discount_rate=1", mentions: ["months"]),
        Case(.get, "/api/v1/roi?investment=9223372036&monthly_savings=1", mentions: ["investment", "1000000000"]),
        Case(.get, "/api/v1/roi?monthly_savings=1&recurring_cost=300000000000", mentions: ["recurring_cost"]),
        Case(.get, "/api/v1/roi?monthly_savings=1&months=9223372036854775807", mentions: ["months"]),
        Case(.get, "/api/v1/roi?monthly_savings=NaN", mentions: ["monthly_savings"]),
        Case(.get, "/api/v1/roi?monthly_savings=1&growth=NaN", mentions: ["growth"]),
        Case(
            .post, "/api/v1/roi/scenarios",
            #"{"investments": [{"name": "x", "one_off_usd": "9000000000"}], "monthly_savings_usd": "9000000000", "growth": 1, "months": 120}"#
        ),
        Case(.post, "/api/v1/roi/scenarios", deepObject),
    ]

    static let configurationRoutes: [Case] = [
        Case(.put, "/api/v1/prices/huge", #"{"provider": "x", "input": "9223372036854.775807", "output": "1"}"#, mentions: ["input"]),
        Case(.put, "/api/v1/prices/huge", #"{"provider": "x", "input": "100000.000001", "output": "1"}"#, mentions: ["input", "100000"]),
        Case(
            .put, "/api/v1/prices/\(String(repeating: "m", count: 300))", #"{"provider": "x", "input": "1", "output": "1"}"#,
            mentions: ["256"]),
        Case(
            .post, "/api/v1/budgets", #"{"name": "b", "amount_usd": "9223372036854775807", "period": "monthly"}"#, mentions: ["amount_usd"]),
        Case(.post, "/api/v1/budgets", #"{"name": "b", "amount_usd": "99999999999", "period": "monthly"}"#, mentions: ["amount_usd"]),
        Case(.post, "/api/v1/costs", #"{"category": "compute", "amount_usd": "9223372036854775807", "date": "2026-11-01"}"#),
        Case(
            .post, "/api/v1/costs",
            #"{"category": "compute", "gpu": "h100", "gpu_count": 9223372036854775807, "hours": 9223372036854775807, "date": "2026-11-01"}"#
        ),
        Case(.post, "/api/v1/reprice", #"{"scope": "all", "from": "0001-01-01", "to": "9999-12-31"}"#, mentions: ["3660"]),
        Case(.get, "/api/v1/reports/0001-01", status: .ok),
        Case(.get, "/api/v1/reports/chargeback?month=9999-13"),
        Case(.get, "/api/v1/reconciliation?tolerance=1e308&min_difference=9223372036854775807"),
        Case(.get, "/api/v1/alerts?limit=0"),
        Case(.get, "/api/v1/notifications?limit=100000000000000000000"),
    ]

    static let pages: [Case] = [
        Case(.get, "/roi?recurring_cost=300000000", mentions: ["months", "4.6 billion"]),
        Case(.get, "/roi?investment=1000000000&recurring_cost=1000000000&months=120"),
        Case(.get, "/roi?months=-9223372036854775808", mentions: ["months"]),
        Case(.get, "/costs?from=0001-01-01&to=9999-12-31"),
        Case(.get, "/operations?from=0001-01-01&to=9999-12-31"),
        Case(.get, "/costs?tenant=\(longText)&from=2026-01-01&to=2026-01-02", status: .ok),
    ]

    static let telemetry: [Case] = [
        Case(.post, "/v1/traces", deepObject),
        Case(.post, "/v1/traces", deepArray),
        Case(.post, "/v1/traces", #"{"resourceSpans": "x"}"#),
    ]

    @Test(arguments: events + analytics + roi + configurationRoutes + pages + telemetry)
    func refusedWithAProblemAndTheServerStillAnswers(_ hostile: Case) async throws {
        try await TestServer.withClient { client in
            let response = try await client.execute(
                uri: Self.encoded(hostile.uri), method: hostile.method, headers: [.contentType: "application/json"],
                body: hostile.body.map { ByteBuffer(string: $0) })
            if let status = hostile.status {
                #expect(response.status == status, "\(response.text.prefix(400))")
            } else {
                #expect((400..<500).contains(response.status.code), "\(response.status): \(response.text.prefix(400))")
            }
            for word in hostile.mentions {
                #expect(response.text.contains(word), "the answer should mention '\(word)': \(response.text.prefix(400))")
            }
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
        }
    }

    @Test func aBatchWithThousandsOfProblemsListsTheFirstHundredAndCountsThemAll() async throws {
        let events = (0..<5_000).map { #"{"id": "bad-\#($0)", "model": "gpt-4o", "input_tokens": -\#($0 + 1)}"# }
        try await TestServer.withClient { client in
            let response = try await client.post("/api/v1/events", "[" + events.joined(separator: ",") + "]")
            #expect(response.status == .badRequest)
            #expect((response.json["errors"] as? [Any])?.count == 100)
            #expect(response.json["error_count"] as? Int == 5_000)
            #expect(response.body.readableBytes < 64 * 1024)
        }
    }

    /// The URI with spaces, NULs and other bytes a request line cannot carry percent-encoded.
    static func encoded(_ uri: String) -> String {
        uri.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.union(["/", "?", "&", "="])) ?? uri
    }
}
