import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

/// The proxy as a running server answers it: in the connection's pipeline, before the router
/// (`ProxyChannelHandler`), sharing connections with routed requests.
@Suite struct ProxyPipelineTests {
    /// Runs `body` with a live server whose upstreams are a fake provider, and the server's port;
    /// then `sent` with what the provider was sent.
    static func withServer(
        sent: @escaping @Sendable (FakeUpstream.Log) async throws -> Void = { _ in },
        _ body: @escaping @Sendable (_ port: Int, _ client: any TestClientProtocol, _ ledger: Ledger) async throws -> Void
    ) async throws {
        try await FakeUpstream.with { upstream, log in
            let ledger = try await TestServer.ledger()
            let app = buildApplication(configuration: ProxyAPITests.configuration(port: upstream), ledger: ledger)
            try await app.test(.live) { client in try await body(try #require(client.port), client, ledger) }
            try await sent(log)
        }
    }

    /// Sends `requests` in one write, as a pipelining client does, and reads until the server
    /// closes the connection, or for at most 30 s: a server that stops answering fails the test
    /// with what it did send instead of hanging it.
    static func exchange(_ requests: [String], port: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let deadline = channel.channel.eventLoop.scheduleTask(in: .seconds(30)) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: requests.joined()))
            var received = ""
            do {
                for try await chunk in inbound { received += String(buffer: chunk) }
            } catch {
                received += "\n[the connection failed: \(error)]"
            }
            return received
        }
    }

    static func post(_ path: String, _ body: String, closing: Bool = false) -> String {
        "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Burnrate-Tenant: acme\r\n"
            + (closing ? "Connection: close\r\n" : "") + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test func pipelinedRequestsAreAnsweredInOrderOnOneConnection() async throws {
        try await Self.withServer { port, _, ledger in
            let received = try await Self.exchange(
                [
                    Self.post("/v1/chat/completions", ProxyAPITests.chatBody),
                    "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    Self.post("/v1/messages", ProxyAPITests.messagesBody),
                    Self.post("/api/v1/events", "[]"),  // a routed request with a body, refused
                    Self.post("/v1/chat/completions", ProxyAPITests.chatBody, closing: true),
                ], port: port)
            let responses = received.components(separatedBy: "HTTP/1.1 ").dropFirst()
            #expect(responses.count == 5, "\(received)")
            let markers = responses.map { response -> String in
                if response.contains("chat.completion") { return "chat" }
                if response.contains(#""type":"message""#) { return "messages" }
                if response.contains(#""status": "ok""#) { return "health" }
                if response.contains(#""instance": "/api/v1/events""#) { return "events" }
                return response
            }
            #expect(markers == ["chat", "health", "messages", "events", "chat"])
            let ids = responses.compactMap { response in
                response.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-burnrate-request-id:") }.map {
                    String($0.split(separator: ":")[1].drop { $0 == " " })
                }
            }
            #expect(ids.count == 3)
            let chat = try await ProxyAPITests.event(ids.first, in: ledger)
            #expect(chat.priced.cost.total == ProxyAPITests.chatCost)
            #expect(chat.priced.event.attribution.tenant == "acme")
            let messages = try await ProxyAPITests.event(ids.dropFirst().first, in: ledger)
            #expect(messages.priced.cost.total == ProxyAPITests.messagesCost)
        }
    }

    @Test func problemsAreProblemJSONNamingThePathWithARequestIDDateAndServer() async throws {
        try await Self.withServer { _, client, _ in
            let response = try await client.execute(
                uri: "/v1/chat/completions?api-version=1", method: .post,
                headers: [.contentType: "application/json", HTTPField.Name("X-Burnrate-Upstream")!: "nowhere"],
                body: ByteBuffer(string: ProxyAPITests.chatBody))
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.headers[.requestID] != nil)
            #expect(response.headers[.server] == "burnrate")
            #expect(response.headers[.date]?.hasSuffix(" GMT") == true)
            #expect(response.json["instance"] as? String == "/v1/chat/completions")
            #expect((response.json["detail"] as? String)?.contains("no selectable upstream 'nowhere'") == true)
        }
    }

    @Test func otherMethodsOnProxyPathsReachTheRouter() async throws {
        try await Self.withServer { _, client, _ in
            let response = try await client.execute(uri: "/v1/chat/completions", method: .get)
            // The router knows the path, so the answer is 405 naming the method it takes.
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "POST")
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func aStreamIsRelayedChunkByChunkAndRecorded() async throws {
        try await Self.withServer { _, client, ledger in
            let body = #"{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "Say hello"}]}"#
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(response.text.hasSuffix("data: [DONE]\n\n"))
            #expect(!response.text.contains(#""usage":{"#))
            let stored = try await ProxyAPITests.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
            #expect(stored.priced.cost.total == ProxyAPITests.chatCost)
        }
    }

    @Test func aBodyReadInManyChunksIsForwardedWhole() async throws {
        let content = String(repeating: "0123456789", count: 100_000)
        let body = #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "\#(content)"}]}"#
        try await Self.withServer(sent: { log in #expect(await log.requests.map(\.body) == [body]) }) { _, client, ledger in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let stored = try await ProxyAPITests.event(response.headers[HTTPField.Name("X-Burnrate-Request-Id")!], in: ledger)
            #expect(stored.priced.cost.total == ProxyAPITests.chatCost)
        }
    }

    @Test func aBodyOverTheLimitIs413AndNeverForwarded() async throws {
        let body = ByteBuffer(repeating: UInt8(ascii: " "), count: 32 * 1024 * 1024 + 1)
        try await Self.withServer(sent: { log in #expect(await log.requests.isEmpty) }) { _, client, _ in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"], body: body)
            #expect(response.status == .contentTooLarge)
            #expect((response.json["detail"] as? String)?.contains("32 MB") == true)
        }
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
