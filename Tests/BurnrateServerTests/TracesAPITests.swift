import BurnrateCore
import BurnrateServer
import BurnrateTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@Suite struct TracesAPITests {
    /// The events each fixture records and what they cost at `TestServer.prices`, in nano-dollars
    /// per token: gpt-4o input 2 500, cache read 1 250, output 10 000; claude-haiku-4-5 input
    /// 1 000, cache read 100, cache write 1 250, output 5 000.
    static let expected: [String: [(id: String, costNanos: Int64)]] = [
        OTLPFixtures.openLLMetryOpenAI: [
            // 1 200 input of which 1 024 cached, 300 output.
            ("otel-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174", 176 * 2_500 + 1_024 * 1_250 + 300 * 10_000),
            // The failed call: no tokens.
            ("otel-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b175", 0),
        ],
        OTLPFixtures.openLLMetryAnthropic: [
            // 2 503 input: 3 uncached, 2 000 cache reads, 500 cache writes; 150 output.
            ("otel-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", 3 * 1_000 + 2_000 * 100 + 500 * 1_250 + 150 * 5_000)
        ],
        OTLPFixtures.openLIT: [("otel-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", 500 * 2_500 + 120 * 10_000)],
        OTLPFixtures.semconvAnthropicAgent: [
            // 12 uncached input reported beside 800 cache reads; 64 output. The agent span is ignored.
            ("otel-a3ce929d0e0e47364bf92f3577b34da6-53995c3f42cd8ad9", 12 * 1_000 + 800 * 100 + 64 * 5_000)
        ],
    ]

    static func post(
        _ client: any TestClientProtocol, _ body: [UInt8], contentType: String, key: String? = nil, encoding: String? = nil,
        path: String = "/v1/traces"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if let encoding { headers[.contentEncoding] = encoding }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    static func fixture(_ name: String, protobuf: Bool) throws -> (body: [UInt8], contentType: String) {
        protobuf
            ? (try OTLPFixtures.protobuf(name), "application/x-protobuf") : (try OTLPFixtures.json(name), "application/json")
    }

    @Test(arguments: OTLPFixtures.all, [false, true])
    func fixturesBecomeEventsPricedFromTheCatalog(name: String, protobuf: Bool) async throws {
        try await TestServer.withClient { client in
            let (body, contentType) = try Self.fixture(name, protobuf: protobuf)
            let response = try await Self.post(client, body, contentType: contentType)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == contentType)
            for (id, costNanos) in try #require(Self.expected[name]) {
                let event = try await client.get("/api/v1/events/\(id)")
                #expect(event.status == .ok, "\(id)")
                #expect(event.json[path: "priced"] as? Bool == true, "\(id)")
                #expect(event.json[path: "cost.total_nanos"] as? Int64 == costNanos, "\(id)")
            }
        }
    }

    @Test func attributionAndTimingComeFromTheSpans() async throws {
        try await TestServer.withClient { client in
            _ = try await Self.post(client, try OTLPFixtures.json(OTLPFixtures.openLLMetryOpenAI), contentType: "application/json")
            let event = try await client.get("/api/v1/events/otel-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174").json
            #expect(event["provider"] as? String == "openai")
            #expect(event["model"] as? String == "gpt-4o-2024-08-06")
            #expect(event["timestamp"] as? String == "2026-11-30T10:00:01.25Z")
            #expect(event["latency_ms"] as? Int == 1250)
            #expect(event["tenant"] as? String == "acme")
            #expect(event["user"] as? String == "u-42")
            #expect(event["feature"] as? String == "answer_ticket")
            #expect(event["environment"] as? String == "production")
            let failed = try await client.get("/api/v1/events/otel-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b175").json
            #expect(failed["status"] as? String == "error")
        }
    }

    @Test func aResentExportIsStoredOnceAndCounted() async throws {
        try await TestServer.withClient { client in
            let body = try OTLPFixtures.protobuf(OTLPFixtures.openLLMetryOpenAI)
            #expect(try await Self.post(client, body, contentType: "application/x-protobuf").status == .ok)
            #expect(try await Self.post(client, body, contentType: "application/x-protobuf").status == .ok)
            let summary = try await client.get("/api/v1/summary?from=2026-11-30&to=2026-12-01").json
            #expect(summary[path: "requests"] as? Int == 2, "\(summary)")
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"burnrate_otel_spans_total{outcome="recorded"} 2"#))
            #expect(metrics.contains(#"burnrate_otel_spans_total{outcome="duplicate"} 2"#))
            #expect(metrics.contains(#"burnrate_otel_spans_total{outcome="ignored"} 2"#))
            #expect(metrics.contains(#"burnrate_otel_spans_total{outcome="rejected"} 0"#))
        }
    }

    @Test func ignoredSpansAreReportedAsAWarningInTheRequestsEncoding() async throws {
        try await TestServer.withClient { client in
            let json = try await Self.post(client, try OTLPFixtures.json(OTLPFixtures.openLIT), contentType: "application/json")
            #expect(json.json[path: "partialSuccess.rejectedSpans"] as? String == "0")
            #expect((json.json[path: "partialSuccess.errorMessage"] as? String)?.hasPrefix("1 span has no GenAI") == true)
            let protobuf = try await Self.post(
                client, try OTLPFixtures.protobuf(OTLPFixtures.openLIT), contentType: "application/x-protobuf")
            var reader = ProtobufReader(Array(protobuf.body.readableBytesView))
            #expect(try reader.nextField()?.number == 1)
            var partial = try reader.message()
            let field = try partial.nextField()
            #expect(field?.number == 2)  // rejected_spans 0 is left out, as protobuf does
            #expect(try partial.string().hasPrefix("1 span has no GenAI"))
        }
    }

    @Test func unusableGenAISpansAreRejectedAndTheRestRecorded() async throws {
        let body = #"""
            {"resourceSpans": [{"scopeSpans": [{"spans": [
              {"traceId": "11111111111111111111111111111111", "spanId": "2222222222222222", "name": "chat",
               "endTimeUnixNano": "1796032800000000000",
               "attributes": [{"key": "gen_ai.usage.input_tokens", "value": {"intValue": "10"}}]},
              {"traceId": "11111111111111111111111111111111", "spanId": "3333333333333333", "name": "chat gpt-4o",
               "endTimeUnixNano": "1796032800000000000",
               "attributes": [{"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o"}},
                              {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "1000"}}]}]}]}]}
            """#
        try await TestServer.withClient { client in
            let response = try await Self.post(client, Array(body.utf8), contentType: "application/json")
            #expect(response.status == .ok)
            #expect(response.json[path: "partialSuccess.rejectedSpans"] as? String == "1")
            #expect((response.json[path: "partialSuccess.errorMessage"] as? String)?.contains("span 2222222222222222 (chat)") == true)
            let stored = try await client.get("/api/v1/events/otel-11111111111111111111111111111111-3333333333333333")
            let nanos = try #require(stored.json[path: "cost.total_nanos"] as? Int)
            #expect(nanos == 1_000 * 2_500)
        }
    }

    @Test func gzipBodiesAreInflated() async throws {
        try await TestServer.withClient { client in
            let response = try await Self.post(
                client, try OTLPFixtures.file("openlit.pb.gz"), contentType: "application/x-protobuf", encoding: "gzip")
            #expect(response.status == .ok)
            #expect(try await client.get("/api/v1/events/otel-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7").status == .ok)
            let gzip = try OTLPFixtures.file("openlit.pb.gz")
            for corrupt in [Array(gzip.dropLast(20)), Array(gzip.prefix(12)), Array(gzip.dropFirst(1))] {
                let response = try await Self.post(client, corrupt, contentType: "application/x-protobuf", encoding: "gzip")
                #expect(response.status == .badRequest)
                #expect(response.text.contains("cannot be inflated"))
            }
            let bomb = try await Self.post(
                client, try OTLPFixtures.file("zeros-65MiB.gz"), contentType: "application/x-protobuf", encoding: "gzip")
            #expect(bomb.status == .contentTooLarge)
            let brotli = try await Self.post(client, [1, 2, 3], contentType: "application/x-protobuf", encoding: "br")
            #expect(brotli.status == .unsupportedMediaType)
        }
    }

    @Test func badBodiesAndContentTypesAreRefused() async throws {
        try await TestServer.withClient { client in
            let large = try await Self.post(
                client, [UInt8](repeating: 0, count: 10 * 1024 * 1024 + 1), contentType: "application/x-protobuf")
            #expect(large.status == .contentTooLarge)
            let text = try await Self.post(client, Array("hello".utf8), contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            #expect(text.text.contains("application/x-protobuf or application/json"))
            let truncated = try await Self.post(
                client, Array(try OTLPFixtures.protobuf(OTLPFixtures.openLIT).dropLast(5)), contentType: "application/x-protobuf")
            #expect(truncated.status == .badRequest)
            #expect(truncated.text.contains("not a valid OTLP ExportTraceServiceRequest"))
            let json = try await Self.post(client, Array("{\"resourceSpans\": 3}".utf8), contentType: "application/json; charset=utf-8")
            #expect(json.status == .badRequest)
            #expect(json.text.contains("resourceSpans must be an array"))
        }
    }

    @Test func ingestKeysMaySendTracesAndNothingElseChanges() async throws {
        try await TestServer.withClient(configuration: AuthTests.configuration) { client in
            let body = try OTLPFixtures.protobuf(OTLPFixtures.openLIT)
            #expect(try await Self.post(client, body, contentType: "application/x-protobuf").status == .unauthorized)
            #expect(try await Self.post(client, body, contentType: "application/x-protobuf", path: "/v1/traces/").status == .unauthorized)
            #expect(try await Self.post(client, body, contentType: "application/x-protobuf", key: "wrong").status == .unauthorized)
            #expect(try await Self.post(client, body, contentType: "application/x-protobuf", key: "ingest-secret").status == .ok)
            #expect(try await Self.post(client, body, contentType: "application/x-protobuf", key: "admin-secret").status == .ok)
            #expect(try await client.get("/api/v1/summary", key: "ingest-secret").status == .forbidden)
            #expect(try await client.get("/metrics", key: "ingest-secret").status == .forbidden)
        }
    }

    @Test func theDimensionRuleIsConfigurable() async throws {
        var configuration = AppConfiguration(logLevel: .error)
        let file = try ConfigFile.parse(
            """
            otel:
              dimensions:
                tenant: [service.name]
                feature: []
                tags: {sdk: telemetry.sdk.name}
            """)
        configuration.otelDimensions = try #require(file.otelDimensions)
        try await TestServer.withClient(configuration: configuration) { client in
            _ = try await Self.post(client, try OTLPFixtures.json(OTLPFixtures.openLIT), contentType: "application/json")
            let event = try await client.get("/api/v1/events/otel-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7").json
            #expect(event["tenant"] as? String == "rag-api")
            #expect(event["feature"] == nil)
            #expect(event[path: "tags.sdk"] as? String == "openlit")
        }
    }

    @Test func badDimensionConfigurationNamesTheField() {
        #expect {
            try ConfigFile.parse("otel: {dimensions: {tenant: tenant.id, colour: [x], tags: {a: 3}}}")
        } throws: { error in
            let text = "\(error)"
            return text.contains("otel.dimensions.tenant") && text.contains("otel.dimensions.colour")
                && text.contains("otel.dimensions.tags.a")
        }
    }
}
