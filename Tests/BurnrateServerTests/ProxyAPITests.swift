import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The proxy against a fake provider on loopback: forwarding, usage, cost headers, recording,
/// upstream failures.
@Suite struct ProxyAPITests {
    /// gpt-4o at the test prices: 16 uncached input tokens at $2.50/M, 4 cached at $1.25/M and
    /// 10 output tokens at $10/M.
    static let chatCost = Money(nanos: 16 * 2_500 + 4 * 1_250 + 10 * 10_000)
    /// claude-haiku-4-5: 10 uncached at $1/M, 100 cache reads at $0.10/M, 40 cache writes at
    /// $1.25/M, 20 output at $5/M.
    static let messagesCost = Money(nanos: 10 * 1_000 + 100 * 100 + 40 * 1_250 + 20 * 5_000)
    static let chatBody = #"{"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": "Say hello"}]}"#
    static let messagesBody =
        #"{"model": "claude-haiku-4-5", "max_tokens": 20, "system": "Be brief", "messages": [{"role": "user", "content": "Say hello"}]}"#

    /// A configuration whose upstreams are the fake on `port`; budgets are re-read on every request.
    static func configuration(port: Int, _ adjust: (inout ProxySettings) -> Void = { _ in }) -> AppConfiguration {
        var configuration = AppConfiguration(logLevel: .error)
        var settings = ProxySettings(upstreams: [
            ProxyUpstream(name: "openai", kind: .openAI, baseURL: "http://127.0.0.1:\(port)/v1"),
            ProxyUpstream(name: "anthropic", kind: .anthropic, baseURL: "http://127.0.0.1:\(port)"),
            ProxyUpstream(
                name: "azure", kind: .azure, baseURL: "http://127.0.0.1:\(port)", apiKey: "azure-secret", apiVersion: "2024-10-21"),
        ])
        settings.budgetRefresh = .zero
        adjust(&settings)
        configuration.proxy = settings
        return configuration
    }

    /// The stored event with `id`, waiting for the recorder (up to 10 s).
    static func event(_ id: String?, in ledger: Ledger) async throws -> StoredEvent {
        let id = try #require(id)
        for _ in 0..<200 {
            if let event = try await ledger.store.event(id: id) { return event }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("Event \(id) was never recorded")
        throw CancellationError()
    }

    @Test func chatCompletionsAreForwardedUnchangedRecordedAndCosted() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post,
                    headers: [
                        .contentType: "application/json", .authorization: "Bearer sk-caller", .acceptEncoding: "gzip",
                        HTTPField.Name("X-Burnrate-Tenant")!: " acme ", HTTPField.Name("x-burnrate-feature")!: "search",
                        HTTPField.Name("X-Burnrate-Tags")!: "region=eu",
                    ], body: ByteBuffer(string: Self.chatBody))
                #expect(response.status == .ok)
                #expect(response.text.hasPrefix(#"{"id":"chatcmpl-fake""#))
                #expect(response.headers[HTTPField.Name("X-Burnrate-Cost-USD")!] == Self.chatCost.usdString)
                let id = response.headers[HTTPField.Name("X-Burnrate-Request-Id")!]
                let stored = try await Self.event(id, in: ledger)
                #expect(stored.priced.event.usage == FakeUpstream.openAITokens)
                #expect(stored.priced.cost.total == Self.chatCost)
                #expect(stored.priced.event.provider == "openai")
                #expect(stored.priced.event.model == "gpt-4o")
                #expect(stored.priced.event.attribution == Attribution(tenant: "acme", feature: "search"))
                #expect(stored.priced.event.tags == ["region": "eu"])
                #expect(stored.priced.event.status == .ok)
                #expect(stored.priced.event.latencyMs != nil)
                let hash = try ProxyRequestBody(Array(Self.chatBody.utf8), api: .chatCompletions).promptHash
                #expect(stored.priced.event.promptHash == hash)
                let sent = try #require(await log.requests.first)
                #expect(sent.body == Self.chatBody)
                #expect(sent.headers[.authorization] == "Bearer sk-caller")
                #expect(sent.headers[.acceptEncoding] == nil)
                #expect(!sent.headers.contains { $0.name.canonicalName.hasPrefix("x-burnrate-") })
            }
        }
    }

    @Test func anthropicMessagesConvertCacheTokens() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let response = try await client.execute(
                    uri: "/v1/messages", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("x-api-key")!: "sk-ant-caller"],
                    body: ByteBuffer(string: Self.messagesBody))
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-Burnrate-Cost-USD")!] == Self.messagesCost.usdString)
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.usage == FakeUpstream.anthropicTokens)
                #expect(stored.priced.event.provider == "anthropic")
                #expect(stored.priced.cost.total == Self.messagesCost)
                #expect(await log.requests.first?.headers[HTTPField.Name("x-api-key")!] == "sk-ant-caller")
            }
        }
    }

    @Test func aStreamGetsIncludeUsageAddedAndTheExtraChunkRemoved() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let body = #"{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "Say hello"}]}"#
                let response = try await client.post("/v1/chat/completions", body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                #expect(response.text.contains(#""content":"Hel""#))
                #expect(!response.text.contains("prompt_tokens"))
                #expect(response.text.hasSuffix("data: [DONE]\n\n"))
                #expect(response.headers[HTTPField.Name("X-Burnrate-Cost-USD")!] == nil)
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.usage == FakeUpstream.openAITokens)
                #expect(stored.priced.cost.total == Self.chatCost)
                let sent = try #require(await log.requests.first?.body)
                #expect(sent == #"{"stream_options":{"include_usage":true},"# + body.dropFirst())
            }
        }
    }

    @Test func aStreamThatAskedForUsageKeepsItsUsageChunk() async throws {
        try await FakeUpstream.with { port, _ in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let body = #"{"model": "gpt-4o", "stream": true, "stream_options": {"include_usage": true}, "messages": []}"#
                let response = try await client.post("/v1/chat/completions", body)
                #expect(response.text.contains(#""choices":[],"usage":{"prompt_tokens":20"#))
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.cost.total == Self.chatCost)
            }
        }
    }

    @Test func anthropicStreamsAreRecorded() async throws {
        try await FakeUpstream.with { port, _ in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let body = Self.messagesBody.replacingOccurrences(of: #""max_tokens": 20"#, with: #""max_tokens": 20, "stream": true"#)
                let response = try await client.post("/v1/messages", body)
                #expect(response.text.contains("event: message_delta"))
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.usage == FakeUpstream.anthropicTokens)
                #expect(stored.priced.cost.total == Self.messagesCost)
            }
        }
    }

    @Test(arguments: [
        ("/v1/embeddings", #"{"model": "text-embedding-3-small", "input": "hello"}"#, TokenUsage(inputTokens: 20)),
        ("/v1/completions", #"{"model": "gpt-4o", "prompt": "hello"}"#, FakeUpstream.openAITokens),
        ("/v1/responses", #"{"model": "gpt-4o", "input": "hello"}"#, FakeUpstream.openAITokens),
    ])
    func otherOpenAIRoutesAreRecorded(_ path: String, _ body: String, _ usage: TokenUsage) async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let response = try await client.post(path, body)
                #expect(response.status == .ok)
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.usage == usage)
                #expect(await log.requests.first?.path == String(path.dropFirst()))
            }
        }
    }

    @Test func azureDeploymentsUseTheConfiguredKeyAndApiVersion() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let response = try await client.execute(
                    uri: "/openai/deployments/gpt-4o/chat/completions", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("api-key")!: "caller-key"],
                    body: ByteBuffer(string: #"{"messages": [{"role": "user", "content": "hi"}]}"#))
                #expect(response.status == .ok)
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.provider == "azure")
                #expect(stored.priced.cost.total == Self.chatCost)
                let sent = try #require(await log.requests.first)
                #expect(sent.path == "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")
                #expect(sent.headers[HTTPField.Name("api-key")!] == "azure-secret")
            }
        }
    }

    @Test func upstreamErrorsPassThroughUnchangedAndAreRecordedAsErrors() async throws {
        try await FakeUpstream.with { port, _ in
            let ledger = try await TestServer.ledger()
            try await TestServer.withClient(configuration: Self.configuration(port: port), ledger: ledger) { client in
                let response = try await client.post("/v1/chat/completions", #"{"model": "fail-400", "messages": []}"#)
                #expect(response.status == .badRequest)
                #expect(response.text == FakeUpstream.errorBody)
                #expect(response.headers[HTTPField.Name("x-request-id")!] == "req_fake")
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.status == .error)
            }
        }
    }

    @Test func anUnreachableUpstreamIsA502ProblemRecordedAsAnError() async throws {
        let ledger = try await TestServer.ledger()
        let configuration = Self.configuration(port: 1)
        try await TestServer.withClient(configuration: configuration, ledger: ledger) { client in
            let response = try await client.post("/v1/chat/completions", Self.chatBody)
            #expect(response.status == .badGateway)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect((response.json["detail"] as? String)?.contains("'openai'") == true)
            let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
            #expect(stored.priced.event.status == .error)
            #expect(stored.priced.event.model == "gpt-4o")
        }
    }

    @Test func aSilentUpstreamIsA504() async throws {
        try await FakeUpstream.with(delay: .seconds(3)) { port, _ in
            let ledger = try await TestServer.ledger()
            let configuration = Self.configuration(port: port) { $0.readTimeout = .milliseconds(500) }
            try await TestServer.withClient(configuration: configuration, ledger: ledger) { client in
                let response = try await client.post("/v1/chat/completions", Self.chatBody)
                #expect(response.status == .gatewayTimeout)
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.status == .error)
            }
        }
    }

    @Test func unknownUpstreamsAndBadTagsAre400() async throws {
        try await TestServer.withClient(configuration: Self.configuration(port: 1)) { client in
            let unknown = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [HTTPField.Name("X-Burnrate-Upstream")!: "nowhere"],
                body: ByteBuffer(string: Self.chatBody))
            #expect(unknown.status == .badRequest)
            let wrongKind = try await client.execute(
                uri: "/v1/messages", method: .post, headers: [HTTPField.Name("X-Burnrate-Upstream")!: "openai"],
                body: ByteBuffer(string: Self.messagesBody))
            #expect(wrongKind.status == .badRequest)
            let tags = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [HTTPField.Name("X-Burnrate-Tags")!: "region"],
                body: ByteBuffer(string: Self.chatBody))
            #expect(tags.status == .badRequest)
            #expect((tags.json["detail"] as? String)?.contains("x-burnrate-tags") == true)
        }
    }

    @Test func virtualKeysAttributeAndReplaceTheProviderKey() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            let configuration = Self.configuration(port: port) { settings in
                settings.upstreams["openai"]?.apiKey = "sk-real-provider-key"
                settings.virtualKeys = [
                    VirtualKey(
                        key: "br-search-0123456789",
                        attribution: RequestAttribution(attribution: Attribution(tenant: "acme", feature: "search")))
                ]
                settings.requireVirtualKey = true
            }
            try await TestServer.withClient(configuration: configuration, ledger: ledger) { client in
                let refused = try await client.post("/v1/chat/completions", Self.chatBody, key: "sk-some-provider-key")
                #expect(refused.status == .unauthorized)
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post,
                    headers: [.authorization: "Bearer br-search-0123456789", HTTPField.Name("X-Burnrate-Tenant")!: "someone-else"],
                    body: ByteBuffer(string: Self.chatBody))
                #expect(response.status == .ok)
                let stored = try await Self.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
                #expect(stored.priced.event.attribution == Attribution(tenant: "acme", feature: "search"))
                let sent = try #require(await log.requests.first)
                #expect(sent.headers[.authorization] == "Bearer sk-real-provider-key")
            }
        }
    }

    @Test func metricsCountProxiedRequests() async throws {
        try await FakeUpstream.with { port, _ in
            try await TestServer.withClient(configuration: Self.configuration(port: port)) { client in
                _ = try await client.post("/v1/chat/completions", Self.chatBody)
                let metrics = try await client.get("/metrics").text
                #expect(metrics.contains("burnrate_proxy_requests_total 1"))
                #expect(metrics.contains("burnrate_proxy_events_dropped_total 0"))
            }
        }
    }
}
