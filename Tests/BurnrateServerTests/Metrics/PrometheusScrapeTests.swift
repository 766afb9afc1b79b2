import BurnrateServer
import BurnrateTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A real Prometheus scrapes a running Burnrate, with the metrics key the README tells users to
/// configure as its bearer token, and answers a query with what Burnrate recorded.
@Suite(.tags(.prometheus)) struct PrometheusScrapeTests {
    @Test func prometheusScrapesTheLiveServerAndAnswersQueries() async throws {
        var configuration = AppConfiguration(adminKeys: ["admin-key-0123456789"], logLevel: .error)
        configuration.metricsKeys = ["scrape-key-0123456789"]
        let app = buildApplication(configuration: configuration, ledger: try await TestServer.ledger())
        try await app.test(.live) { client in
            let events = (1...7).map { #"{"provider": "openai", "model": "gpt-4o", "tenant": "t\#($0 % 3)", "input_tokens": 1000}"# }
            let stored = try await client.post("/api/v1/events", "[" + events.joined(separator: ",") + "]", key: "admin-key-0123456789")
            #expect(stored.json["accepted"] as? Int == 7)
            let port = try #require(client.port)
            let prometheus = try await TestPrometheusServer.start(scraping: "localhost:\(port)", bearerToken: "scrape-key-0123456789")
            do {
                // Over the last minute, so that a scrape that timed out on a loaded machine (its
                // series are then stale) does not hide what the scrapes before it read. The full
                // suite on two cores once kept /metrics from answering within 2 s for two minutes
                // (its handler's reads queue behind every other test's work), so scrapes get
                // Prometheus's default 10 s and the wait is long; alone the first scrape lands
                // within one interval.
                let requests = try await prometheus.firstValue(of: "sum(max_over_time(burnrate_requests_total[1m]))", within: .seconds(240))
                if requests == nil { Issue.record("No scrape succeeded in 240 s: \(try await prometheus.targetHealth())") }
                #expect(requests == 7)
                let cost = try #require(try await prometheus.query("sum(max_over_time(burnrate_cost_usd_total[1m]))"))
                #expect(abs(cost - 0.0175) < 1e-12)
                // A scrape can time out (10 s) on a loaded machine; the target was up when it answered.
                #expect(try await prometheus.query(#"max_over_time(up{job="burnrate"}[1m])"#) == 1)
            } catch {
                await prometheus.stop()
                throw error
            }
            await prometheus.stop()
        }
    }
}
