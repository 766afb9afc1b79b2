import BurnrateServer
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// Keys too short to keep anyone out are refused at start-up, and a scrape key opens only
/// `GET /metrics`.
@Suite struct AuthKeyTests {
    static func configuration(
        admin: [String] = [], ingest: [String] = [], viewer: [String] = [], metrics: [String] = []
    )
        -> AppConfiguration
    {
        var configuration = AppConfiguration(adminKeys: admin, ingestKeys: ingest, logLevel: .error)
        configuration.viewerKeys = viewer
        configuration.metricsKeys = metrics
        return configuration
    }

    static let good = "0123456789abcdef"

    /// A configuration with `key` as its only key, of `kind`.
    static func configuration(kind: String, key: String) -> AppConfiguration {
        configuration(
            admin: kind == "admin" ? [good, key] : [], ingest: kind == "ingest" ? [key] : [], viewer: kind == "viewer" ? [key] : [],
            metrics: kind == "metrics" ? [key] : [])
    }

    @Test(arguments: [
        ("admin", "", "--api-key (or BURNRATE_API_KEY) is empty"),
        ("admin", "short", "--api-key (or BURNRATE_API_KEY) has 5 characters"),
        ("admin", "0123456789abcde", "--api-key (or BURNRATE_API_KEY) has 15 characters"),
        ("admin", "   0123456789abcde  ", "--api-key (or BURNRATE_API_KEY) has 15 characters"),
        ("ingest", "x", "--ingest-key (or BURNRATE_INGEST_KEY) has 1 character;"),
        ("viewer", "                ", "--viewer-key (or BURNRATE_VIEWER_KEY) is empty"),
        ("metrics", "prometheus", "--metrics-key (or BURNRATE_METRICS_KEY) has 10 characters"),
    ])
    func shortOrEmptyKeysAreRefused(kind: String, key: String, message: String) {
        let error = #expect(throws: AppConfiguration.KeyError.self) { try Self.configuration(kind: kind, key: key).validateKeys() }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("at least 16 characters") == true)
    }

    @Test func keysOfSixteenCharactersOrMoreAreAccepted() throws {
        try Self.configuration(admin: [Self.good], ingest: [Self.good + "x"], viewer: [Self.good], metrics: [Self.good]).validateKeys()
        try AppConfiguration().validateKeys()
    }

    @Test func aMetricsKeyOpensOnlyTheScrape() async throws {
        let configuration = Self.configuration(admin: ["admin-key-0123456789"], metrics: ["scrape-key-0123456789"])
        try await TestServer.withClient(configuration: configuration) { client in
            #expect(try await client.get("/metrics", key: "scrape-key-0123456789").status == .ok)
            #expect(try await client.get("/metrics").status == .unauthorized)
            #expect(try await client.get("/metrics", key: "scrape-key-012345678").status == .unauthorized)
            let summary = try await client.get("/api/v1/summary", key: "scrape-key-0123456789")
            #expect(summary.status == .forbidden)
            #expect(summary.text.contains("may only scrape GET /metrics"))
            #expect(try await client.post("/api/v1/events", #"{"model": "gpt-4o"}"#, key: "scrape-key-0123456789").status == .forbidden)
            #expect(try await client.post("/v1/traces", "{}", key: "scrape-key-0123456789").status == .forbidden)
            #expect(try await client.get("/metrics", key: "admin-key-0123456789").status == .ok)
        }
    }

    @Test func aMetricsKeyAloneTurnsAuthenticationOn() {
        #expect(Self.configuration(metrics: [Self.good]).requiresAuthentication)
    }
}
