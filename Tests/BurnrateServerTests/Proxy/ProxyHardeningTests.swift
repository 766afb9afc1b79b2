import BurnrateCore
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

@testable import BurnrateServer

/// Hostile input to the proxy: each is refused with a 4xx (or, for upstream usage, clamped), the
/// upstream is not asked, and the server goes on answering.
@Suite struct ProxyHardeningTests {
    static let admin = "admin-secret-0123456789"
    static let ingest = "ingest-secret-0123456789"
    static let viewer = "viewer-secret-0123456789"
    static let virtual = "br-search-0123456789"
    static let open = "br-open-0123456789abcd"

    static func name(_ text: String) -> HTTPField.Name { HTTPField.Name(text)! }

    /// The test upstreams, with server keys of every kind and two virtual keys: `virtual` fixes
    /// tenant and feature, `open` lets headers override its tenant.
    static func keyed(port: Int, _ adjust: (inout AppConfiguration) -> Void = { _ in }) -> AppConfiguration {
        var configuration = ProxyAPITests.configuration(port: port) { settings in
            settings.virtualKeys = [
                VirtualKey(key: virtual, attribution: RequestAttribution(attribution: Attribution(tenant: "acme", feature: "search"))),
                VirtualKey(
                    key: open, attribution: RequestAttribution(attribution: Attribution(tenant: "acme"), tags: ["tier": "free"]),
                    allowsAttributionHeaders: true),
            ]
        }
        configuration.adminKeys = [admin]
        configuration.ingestKeys = [ingest]
        configuration.viewerKeys = [viewer]
        adjust(&configuration)
        return configuration
    }

    static func chat(
        _ client: some TestClientProtocol, _ headers: HTTPFields = [:], path: String = "/v1/chat/completions",
        body: String = ProxyAPITests.chatBody
    ) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return try await client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    /// The server still answers: `/healthz`, and a plain chat request (with `headers`) is forwarded.
    static func stillAnswers(_ client: some TestClientProtocol, _ headers: HTTPFields = [:]) async throws {
        #expect(try await client.get("/healthz").status == .ok)
        #expect(try await chat(client, headers).status == .ok)
    }

    static func detail(_ response: TestResponse) -> String { response.json["detail"] as? String ?? "" }

    @Test func withKeysConfiguredTheProxyWantsABurnrateKey() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.keyed(port: port), ledger: ledger) { client in
                let provider: HTTPFields = [.authorization: "Bearer sk-caller"]
                let none = try await Self.chat(client, provider)
                #expect(none.status == .unauthorized)
                #expect(none.headers[.contentType] == "application/problem+json")
                #expect(Self.detail(none).contains("X-Burnrate-Key"))
                for refused in ["wrong-key-0123456789", Self.viewer, Self.admin + "x"] {
                    let response = try await Self.chat(client, provider + [Self.name("X-Burnrate-Key"): refused])
                    #expect(response.status == .unauthorized, "\(refused)")
                }
                #expect(await log.requests.isEmpty)
                for accepted in [Self.admin, Self.ingest, Self.virtual] {
                    let response = try await Self.chat(client, provider + [Self.name("X-Burnrate-Key"): accepted])
                    #expect(response.status == .ok, "\(accepted)")
                }
                // In X-Burnrate-Key, no key replaces the caller's provider key, and none reaches the upstream.
                let sent = await log.requests
                #expect(sent.count == 3)
                #expect(sent.allSatisfy { $0.headers[.authorization] == "Bearer sk-caller" })
                #expect(sent.allSatisfy { $0.headers[Self.name("X-Burnrate-Key")] == nil })
                // A virtual key still works in place of the provider key.
                #expect(try await Self.chat(client, [.authorization: "Bearer \(Self.virtual)"]).status == .ok)
                #expect(await log.requests.last?.headers[.authorization] == nil)
                try await Self.stillAnswers(client, [Self.name("X-Burnrate-Key"): Self.ingest])
            }
        }
    }

    @Test func virtualKeysAloneCloseTheProxyAndOptingOutOpensIt() async throws {
        try await FakeUpstream.with { port, _ in
            let virtualOnly = Self.keyed(port: port) { configuration in
                configuration.adminKeys = []
                configuration.ingestKeys = []
                configuration.viewerKeys = []
            }
            try await TestServer.withClient(configuration: virtualOnly) { client in
                #expect(try await Self.chat(client).status == .unauthorized)
                try await Self.stillAnswers(client, [Self.name("X-Burnrate-Key"): Self.virtual])
            }
            let optedOut = Self.keyed(port: port) { $0.proxy.requireBurnrateKey = false }
            #expect(ProxyAccess(configuration: optedOut).optedOut)
            try await TestServer.withClient(configuration: optedOut) { client in
                let withoutKey = try await Self.chat(client)
                #expect(withoutKey.status == .ok)
                // A key that is sent must still be a real one.
                let wrongKey = try await Self.chat(client, [Self.name("X-Burnrate-Key"): "wrong-key-0123456789"])
                #expect(wrongKey.status == .unauthorized)
            }
            #expect(!ProxyAccess(configuration: ProxyAPITests.configuration(port: port)).requiresKey)
            #expect(ProxyAccess(configuration: Self.keyed(port: port) { $0.proxy.requireVirtualKey = true }).requiresKey)
        }
    }

    @Test func requireVirtualKeyRefusesServerKeys() async throws {
        try await FakeUpstream.with { port, _ in
            try await TestServer.withClient(configuration: Self.keyed(port: port) { $0.proxy.requireVirtualKey = true }) { client in
                let admin = try await Self.chat(client, [Self.name("X-Burnrate-Key"): Self.admin])
                #expect(admin.status == .unauthorized)
                #expect(Self.detail(admin).contains("virtual key"))
                try await Self.stillAnswers(client, [Self.name("X-Burnrate-Key"): Self.virtual])
            }
        }
    }

    @Test func headersDoNotOverrideAVirtualKeysAttributionUnlessItAllows() async throws {
        try await FakeUpstream.with { port, _ in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.keyed(port: port), ledger: ledger) { client in
                let headers: HTTPFields = [
                    Self.name("X-Burnrate-Tenant"): "globex", Self.name("X-Burnrate-User"): "mallory",
                    Self.name("X-Burnrate-Tags"): "tier=paid",
                ]
                let fixed = try await Self.chat(client, headers + [Self.name("X-Burnrate-Key"): Self.virtual])
                #expect(fixed.status == .ok)
                let stored = try await ProxyAPITests.event(fixed.headers[Self.name("X-Burnrate-Request-Id")], in: ledger)
                #expect(stored.priced.event.attribution == Attribution(tenant: "acme", feature: "search"))
                #expect(stored.priced.event.tags.isEmpty)
                let allowed = try await Self.chat(client, headers + [Self.name("X-Burnrate-Key"): Self.open])
                let overridden = try await ProxyAPITests.event(allowed.headers[Self.name("X-Burnrate-Request-Id")], in: ledger)
                #expect(overridden.priced.event.attribution == Attribution(tenant: "globex", user: "mallory"))
                #expect(overridden.priced.event.tags == ["tier": "paid"])
                // Malformed headers are refused even when the key would ignore them.
                let malformed = try await Self.chat(
                    client, [Self.name("X-Burnrate-Key"): Self.virtual, Self.name("X-Burnrate-Tenant"): String(repeating: "t", count: 257)])
                #expect(malformed.status == .badRequest)
            }
        }
    }

    /// `max_tokens: Int64.max` once ended the process (the reservation priced it with trapping
    /// arithmetic); every unusable output limit is now a 400 before anything is priced.
    @Test(arguments: [
        ("/v1/chat/completions", #"{"model": "gpt-4o", "max_tokens": 9223372036854775807, "messages": []}"#, "max_tokens"),
        ("/v1/messages", #"{"model": "claude-haiku-4-5", "max_tokens": 9223372036854775807, "messages": []}"#, "max_tokens"),
        ("/v1/chat/completions", #"{"model": "gpt-4o", "max_completion_tokens": 100000001, "messages": []}"#, "max_completion_tokens"),
        ("/v1/responses", #"{"model": "gpt-4o", "max_output_tokens": 18446744073709551616, "input": "x"}"#, "max_output_tokens"),
        ("/v1/chat/completions", #"{"model": "gpt-4o", "max_tokens": -1, "messages": []}"#, "max_tokens"),
        ("/v1/messages", #"{"model": "claude-haiku-4-5", "max_tokens": "lots", "messages": []}"#, "max_tokens"),
        ("/v1/chat/completions", #"{"model": "gpt-4o", "max_tokens": 1e400, "messages": []}"#, "max_tokens"),
        ("/v1/chat/completions", #"{"model": "gpt-4o", "max_tokens": 12.5, "messages": []}"#, "max_tokens"),
    ])
    func unusableOutputLimitsAre400(_ path: String, _ body: String, _ field: String) async throws {
        try await FakeUpstream.with { port, log in
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port)) { client in
                let response = try await Self.chat(client, path: path, body: body)
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(Self.detail(response).contains(field))
                #expect(Self.detail(response).contains("100000000"))
                #expect(await log.requests.isEmpty)
                try await Self.stillAnswers(client)
                #expect(try await Self.chat(client, path: "/v1/messages", body: ProxyAPITests.messagesBody).status == .ok)
            }
        }
    }

    static let deep = #"{"model": "gpt-4o", "messages": "# + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "}"

    /// Bodies an upstream might read differently from the proxy (a repeated key, where parsers
    /// disagree on which value wins) or that the proxy cannot read are refused, not forwarded
    /// unpriced: a hard budget cannot be slipped past that way.
    @Test(arguments: [
        #"{"model": "gpt-4o", "max_tokens": 1, "max_tokens": 100000000000, "messages": []}"#,
        #"{"model": "unpriced-model", "model": "gpt-4o", "messages": []}"#,
        #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "a", "role": "system"}]}"#,
        ProxyHardeningTests.deep,
        "not json",
        #"["model", "gpt-4o"]"#,
        #"{"model": "gpt\u0000-4o", "messages": []}"#,
        #"{"model": ""# + String(repeating: "x", count: 257) + #"", "messages": []}"#,
        #"{"model": {"name": "gpt-4o"}, "messages": []}"#,
    ])
    func unreadableBodiesAre400(_ body: String) async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port), ledger: ledger) { client in
                let response = try await Self.chat(client, body: body)
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(await log.requests.isEmpty)
                try await Self.stillAnswers(client)
            }
        }
    }

    @Test(arguments: [
        "/openai/deployments/..%2F..%2Fadmin/chat/completions",
        "/openai/deployments/%2e%2e/chat/completions",
        "/openai/deployments/gpt-4o%3Fapi-version=1/chat/completions",
        "/openai/deployments/.hidden/chat/completions",
        "/openai/deployments/" + String(repeating: "d", count: 65) + "/chat/completions",
    ])
    func unsafeAzureDeploymentsAre400(_ path: String) async throws {
        try await FakeUpstream.with { port, log in
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port)) { client in
                let response = try await Self.chat(client, path: path, body: #"{"messages": []}"#)
                #expect(response.status == .badRequest, "\(path)")
                #expect(await log.requests.isEmpty)
                let fine = try await Self.chat(client, path: "/openai/deployments/gpt-4o/chat/completions", body: #"{"messages": []}"#)
                #expect(fine.status == .ok)
            }
        }
    }

    /// An OpenAI-style path to an Azure upstream puts the model into the upstream path: it must be a
    /// deployment name.
    @Test func aModelThatWouldChangeTheAzurePathIs400() async throws {
        try await FakeUpstream.with { port, log in
            let configuration = ProxyAPITests.configuration(port: port) { $0.upstreams["azure"]?.selectable = true }
            try await TestServer.withClient(configuration: configuration) { client in
                let azure: HTTPFields = [Self.name("X-Burnrate-Upstream"): "azure"]
                for model in ["../../other/chat/completions?x=", "gpt-4o/../x", "gpt 4o"] {
                    let response = try await Self.chat(client, azure, body: #"{"model": "\#(model)", "messages": []}"#)
                    #expect(response.status == .badRequest, "\(model)")
                    #expect(Self.detail(response).contains("Azure"))
                }
                #expect(await log.requests.isEmpty)
                let fine = try await Self.chat(client, azure, body: #"{"model": "gpt-4o", "messages": []}"#)
                #expect(fine.status == .ok)
                #expect(await log.requests.first?.path == "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")
            }
        }
        #expect(AzureDeployment.percentEncoded("a/b c%") == "a%2Fb%20c%25")
        #expect(AzureDeployment.problem("gpt-4o.mini_2") == nil)
    }

    @Test func onlySelectableUpstreamsCanBeChosenByHeader() async throws {
        try await FakeUpstream.with { port, log in
            let configuration = ProxyAPITests.configuration(port: port) { settings in
                settings.upstreams["private"] = ProxyUpstream(
                    name: "private", kind: .openAI, baseURL: "http://127.0.0.1:\(port)/v1", apiKey: "sk-operator-only")
                settings.upstreams["shared"] = ProxyUpstream(
                    name: "shared", kind: .openAI, baseURL: "http://127.0.0.1:\(port)/v1", provider: "vllm", selectable: true)
            }
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: configuration, ledger: ledger) { client in
                let refused = try await Self.chat(client, [Self.name("X-Burnrate-Upstream"): "private"])
                #expect(refused.status == .badRequest)
                #expect(Self.detail(refused).contains("selectable"))
                #expect(Self.detail(refused).contains("shared"))
                #expect(await log.requests.isEmpty)
                let chosen = try await Self.chat(client, [Self.name("X-Burnrate-Upstream"): "shared"])
                #expect(chosen.status == .ok)
                let stored = try await ProxyAPITests.event(chosen.headers[Self.name("X-Burnrate-Request-Id")], in: ledger)
                #expect(stored.priced.event.provider == "vllm")
                #expect(try await Self.chat(client, [Self.name("X-Burnrate-Upstream"): "openai"]).status == .ok)
                try await Self.stillAnswers(client)
            }
        }
    }

    @Test(arguments: [
        ("X-Burnrate-Tenant", String(repeating: "t", count: 257), "256"),
        ("X-Burnrate-Feature", String(repeating: "é", count: 129), "256"),
        ("X-Burnrate-User", "mal\tlory", "control"),
        ("X-Burnrate-Tags", "k=" + String(repeating: "v", count: 257), "256"),
        ("X-Burnrate-Tags", String(repeating: "k", count: 65) + "=v", "64"),
        ("X-Burnrate-Tags", (0...32).map { "k\($0)=v" }.joined(separator: ","), "32"),
    ])
    func oversizedAttributionHeadersAre400(_ header: String, _ value: String, _ limit: String) async throws {
        try await FakeUpstream.with { port, log in
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port)) { client in
                let response = try await Self.chat(client, [Self.name(header): value])
                #expect(response.status == .badRequest)
                #expect(Self.detail(response).contains(header.lowercased()))
                #expect(Self.detail(response).contains(limit))
                #expect(await log.requests.isEmpty)
                try await Self.stillAnswers(client, [Self.name(header): header == "X-Burnrate-Tags" ? "k=fine" : "fine"])
            }
        }
    }

    @Test func nulAndControlCharactersInAttributionAreRefused() {
        for value in ["ac\u{0}me", "ac\u{7F}me", "a\nb"] {
            #expect(throws: AttributionError.self) {
                try RequestAttribution.parse { $0 == "x-burnrate-tenant" ? value : nil }
            }
        }
        #expect(throws: AttributionError.self) { try RequestAttribution.parse { $0 == "x-burnrate-tags" ? "k=v\u{0}" : nil } }
    }

    @Test func hopByHopHeadersAreDroppedBothWays() async throws {
        try await FakeUpstream.with { port, log in
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port)) { client in
                let headers: HTTPFields = [
                    .connection: "keep-alive, X-Private-Hop", Self.name("X-Private-Hop"): "secret", Self.name("Keep-Alive"): "timeout=5",
                    Self.name("Proxy-Authorization"): "Basic Zm9vOmJhcg==", Self.name("Proxy-Foo"): "x", Self.name("TE"): "trailers",
                    Self.name("Trailer"): "X-Checksum", Self.name("Upgrade"): "websocket", Self.name("X-Kept"): "yes",
                ]
                #expect(try await Self.chat(client, headers).status == .ok)
                let sent = try #require(await log.requests.first?.headers)
                for dropped in ["X-Private-Hop", "Keep-Alive", "Proxy-Authorization", "Proxy-Foo", "TE", "Trailer", "Upgrade"] {
                    #expect(sent[Self.name(dropped)] == nil, "\(dropped)")
                }
                #expect(sent[Self.name("X-Kept")] == "yes")
                try await Self.stillAnswers(client)
            }
        }
        var upstream = HTTPHeaders()
        for (name, value) in [
            ("Connection", "X-Upstream-Hop, close"), ("X-Upstream-Hop", "1"), ("Keep-Alive", "timeout=5"), ("Proxy-Authenticate", "Basic"),
            ("Transfer-Encoding", "chunked"), ("Upgrade", "h2c"), ("Content-Length", "10"), ("x-request-id", "req_1"),
        ] {
            upstream.add(name: name, value: value)
        }
        let forwarded = ProxyForwarder.clientHeaders(upstream)
        #expect(forwarded.map(\.name.canonicalName) == ["x-request-id"])
    }

    /// An upstream reporting Int64.max tokens once overflowed the Anthropic input sum; the counts
    /// are now clamped, logged and counted, and the event recorded with the clamped figures.
    @Test func absurdUpstreamUsageIsClampedAndCounted() async throws {
        try await FakeUpstream.with { port, _ in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: ProxyAPITests.configuration(port: port), ledger: ledger) { client in
                let max = Limits.maximumTokens
                let chat = try await Self.chat(
                    client, body: #"{"model": "gpt-4o", "user": "huge-usage", "max_tokens": 10, "messages": []}"#)
                #expect(chat.status == .ok)
                let openAI = try await ProxyAPITests.event(chat.headers[Self.name("X-Burnrate-Request-Id")], in: ledger)
                #expect(openAI.priced.event.usage == TokenUsage(inputTokens: max, outputTokens: 0, cacheReadTokens: 1))
                #expect(openAI.priced.isPriced)
                #expect(openAI.priced.event.tags[Finisher.clampedTag]?.isEmpty == false, "the event is flagged")
                let plain = try await Self.chat(client)
                let unflagged = try await ProxyAPITests.event(plain.headers[Self.name("X-Burnrate-Request-Id")], in: ledger)
                #expect(unflagged.priced.event.tags[Finisher.clampedTag] == nil)
                let messages = try await Self.chat(
                    client, path: "/v1/messages",
                    body: #"{"model": "claude-haiku-4-5", "user": "huge-usage", "max_tokens": 10, "messages": []}"#)
                #expect(messages.status == .ok)
                let anthropic = try await ProxyAPITests.event(messages.headers[Self.name("X-Burnrate-Request-Id")], in: ledger)
                #expect(
                    anthropic.priced.event.usage
                        == TokenUsage(inputTokens: 3 * max, outputTokens: max, cacheReadTokens: max, cacheWriteTokens: max))
                let metrics = try await client.get("/metrics").text
                #expect(metrics.contains("burnrate_proxy_usage_clamped_total 2"))
                try await Self.stillAnswers(client)
                #expect(try await client.get("/metrics").text.contains("burnrate_proxy_usage_clamped_total 2"))
            }
        }
    }
}

extension ProxyHardeningTests {
    /// The same refusals on a running server, where proxied requests are answered in the channel
    /// pipeline (`ProxyChannelHandler`), all on one connection that stays usable: the process
    /// neither ends (as `max_tokens: Int64.max` once made it) nor loses the connection.
    @Test func aLiveServerRefusesHostileRequestsAndKeepsAnswering() async throws {
        let huge = #"{"model": "gpt-4o", "max_tokens": 9223372036854775807, "messages": []}"#
        let hugeMessages = #"{"model": "claude-haiku-4-5", "max_tokens": 9223372036854775807, "messages": []}"#
        let duplicate = #"{"model": "gpt-4o", "max_tokens": 1, "max_tokens": 100000000000, "messages": []}"#
        let hop =
            "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Connection: keep-alive, X-Private-Hop\r\nX-Private-Hop: secret\r\nProxy-Foo: x\r\n"
            + "Content-Length: \(ProxyAPITests.chatBody.utf8.count)\r\n\r\n\(ProxyAPITests.chatBody)"
        try await ProxyPipelineTests.withServer(sent: { log in
            let sent = await log.requests
            #expect(sent.count == 2)
            #expect(sent.allSatisfy { $0.headers[Self.name("X-Private-Hop")] == nil && $0.headers[Self.name("Proxy-Foo")] == nil })
        }) { port, _, _ in
            let received = try await ProxyPipelineTests.exchange(
                [
                    ProxyPipelineTests.post("/v1/chat/completions", huge),
                    ProxyPipelineTests.post("/v1/messages", hugeMessages),
                    ProxyPipelineTests.post("/v1/chat/completions", duplicate),
                    ProxyPipelineTests.post("/openai/deployments/..%2F..%2Fadmin/chat/completions", #"{"messages": []}"#),
                    hop,
                    "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    ProxyPipelineTests.post("/v1/chat/completions", ProxyAPITests.chatBody, closing: true),
                ], port: port)
            let statuses = received.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(statuses == ["400", "400", "400", "400", "200", "200", "200"], "\(received)")
            #expect(received.contains("100000000"))
        }
    }
}

extension ProxyHardeningTests {
    /// Without keys, a page that rebinds its own name to a loopback Burnrate must not reach the
    /// upstream through the proxy: the pipeline hands such a request to the router, whose browser
    /// guard answers 421, and the upstream sees only the request addressed to localhost.
    @Test func aLiveNoKeyServerRefusesAForeignHostOnTheProxy() async throws {
        let body = ProxyAPITests.chatBody
        let rebound =
            "POST /v1/chat/completions HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        try await ProxyPipelineTests.withServer(sent: { log in
            #expect(await log.requests.count == 1)
        }) { port, _, _ in
            let received = try await ProxyPipelineTests.exchange(
                [rebound, ProxyPipelineTests.post("/v1/chat/completions", body, closing: true)], port: port)
            let statuses = received.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(statuses == ["421", "200"], "\(received)")
            #expect(received.contains("DNS rebinding"))
        }
    }
}

extension HTTPFields {
    fileprivate static func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
        var joined = lhs
        joined.append(contentsOf: rhs)
        return joined
    }
}
