import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Events at the limits whose sums pass what a 64-bit nano-dollar holds ($9.2 billion): every
/// route that sums them must still answer, never end the process.
@Suite struct OverflowingSumsTests {
    static let routes = [
        "/api/v1/summary", "/api/v1/breakdown?by=model", "/api/v1/timeseries", "/api/v1/top?by=model", "/api/v1/forecast",
        "/api/v1/budgets/status", "/api/v1/savings", "/api/v1/recommendations", "/api/v1/roi?investment=1000",
        "/api/v1/whatif?model=huge&target=gpt-4o", "/api/v1/export/events", "/api/v1/export/focus",
        "/metrics", "/", "/costs", "/operations", "/budgets", "/roi",
    ]

    @Test func routesStillAnswerWhenTotalsPassTheRangeOfMoney() async throws {
        try await TestServer.withClient { client in
            let price = #"{"provider": "test", "input": "100000", "output": "100000"}"#
            #expect(try await client.put("/api/v1/prices/huge", price).status == .ok)
            // 60 events of 2 × 10⁹ tokens at $100,000 per million: $200 million each, $12 billion in all.
            let events = (0..<60).map {
                #"{"id": "huge-\#($0)", "provider": "test", "model": "huge", "input_tokens": 1000000000, "output_tokens": 1000000000}"#
            }
            let stored = try await client.post("/api/v1/events", "[" + events.joined(separator: ",") + "]")
            #expect(stored.status == .ok)
            #expect(
                try await client.post("/api/v1/budgets", #"{"name": "all", "amount_usd": "1000", "period": "monthly"}"#).status == .created)
            for route in Self.routes {
                let response = try await client.get(route)
                #expect(response.status.code < 500, "\(route): \(response.status) \(response.text.prefix(300))")
            }
            // The alert rules read the same sums in the background loop; one evaluation must finish.
            let evaluated = try await client.post("/api/v1/alerts/evaluate", "")
            #expect(evaluated.status.code < 500, "\(evaluated.text.prefix(300))")
            #expect(try await client.get("/healthz").status == .ok)
        }
    }
}
