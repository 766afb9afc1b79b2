import BurnrateServer
import BurnrateTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The official OpenTelemetry Python SDK and its OTLP/HTTP exporter (protobuf, gzip) send a
/// GenAI span to a running Burnrate (`scripts/otel-e2e.py`), with an ingest key, and the event
/// it records carries the catalog's cost. Needs `pip install opentelemetry-sdk
/// opentelemetry-exporter-otlp-proto-http` (in `.ci/run`); fails without it.
@Suite(.tags(.python)) struct TracesEndToEndTests {
    @Test func theOpenTelemetryPythonSDKExportsAPricedEvent() async throws {
        let configuration = AppConfiguration(adminKeys: ["admin-secret"], ingestKeys: ["ingest-secret"], logLevel: .error)
        let app = buildApplication(configuration: configuration, ledger: try await TestServer.ledger())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let (status, output) = try await TestPython.run("otel-e2e.py", ["http://127.0.0.1:\(port)", "ingest-secret"])
            try #require(status == 0, "scripts/otel-e2e.py failed:\n\(output)")
            // The script prints the id of the event; an ingest key may not read it back.
            let id = try #require(output.split(separator: "\n").last.map(String.init), "\(output)")
            let event = try await client.get("/api/v1/events/\(id)", key: "admin-secret")
            #expect(event.status == .ok, "\(output)")
            // 1 000 input of which 200 cached, 100 output, at gpt-4o's test prices in nano-dollars
            // per token: input 2 500, cache read 1 250, output 10 000.
            #expect(event.json[path: "cost.total_nanos"] as? Int == 800 * 2_500 + 200 * 1_250 + 100 * 10_000)
            #expect(event.json["model"] as? String == "gpt-4o-2024-08-06")
            #expect(event.json["tenant"] as? String == "acme")
            #expect(event.json["feature"] as? String == "e2e-chat")
            #expect(event.json["environment"] as? String == "e2e")
            #expect((event.json["latency_ms"] as? Int ?? 0) >= 50)
        }
    }
}
