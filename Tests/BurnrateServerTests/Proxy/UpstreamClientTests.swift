import BurnrateTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Testing

@testable import BurnrateServer

/// The proxy's upstream client against a scripted upstream on loopback: connection reuse, the
/// ways an upstream can fail, streaming and TLS.
@Suite struct UpstreamClientTests {
    static func client(
        readTimeout: TimeAmount = .seconds(10), maximumCollectedBytes: Int = 1_024, tls: TLSConfiguration? = nil
    ) -> UpstreamClient {
        var configuration = UpstreamClient.Configuration(
            connectTimeout: .seconds(5), readTimeout: readTimeout, maximumCollectedBytes: maximumCollectedBytes)
        if let tls { configuration.tls = tls }
        return UpstreamClient(group: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    static func request(_ url: String) throws -> UpstreamRequest {
        UpstreamRequest(
            target: try #require(UpstreamTarget(url: url)), headers: ["content-type": "application/json"], body: ByteBuffer(string: "{}"))
    }

    /// Runs `body` on one event loop, as a proxied request's task runs.
    static func onOneLoop(_ body: () async throws -> Void) async throws {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.next()), operation: body)
    }

    static func text(_ response: UpstreamResponse) async throws -> String {
        switch response.body {
        case .collected(let body): return String(buffer: body)
        case .stream(let chunks):
            var text = ""
            for try await chunk in chunks { text += String(buffer: chunk) }
            return text
        }
    }

    static func failure(
        of request: UpstreamRequest, with client: UpstreamClient, deadline: NIODeadline = .now() + .seconds(30)
    ) async -> UpstreamError? {
        do {
            let response = try await client.execute(request, deadline: deadline)
            _ = try await text(response)
            return nil
        } catch {
            return error as? UpstreamError
        }
    }

    @Test func targetsSplitTheURL() throws {
        let openAI = try #require(UpstreamTarget(url: "https://api.openai.com/v1/chat/completions"))
        #expect(openAI.origin == .init(tls: true, host: "api.openai.com", port: 443))
        #expect(openAI.pathAndQuery == "/v1/chat/completions")
        #expect(openAI.origin.hostHeader == "api.openai.com")
        let local = try #require(UpstreamTarget(url: "http://LocalHost:11434/v1/embeddings?x=1"))
        #expect(local.origin == .init(tls: false, host: "localhost", port: 11434))
        #expect(local.pathAndQuery == "/v1/embeddings?x=1")
        #expect(local.origin.hostHeader == "localhost:11434")
        let v6 = try #require(UpstreamTarget(url: "http://[::1]:8000?a=b"))
        #expect(v6.origin.host == "::1")
        #expect(v6.pathAndQuery == "/?a=b")
        #expect(v6.origin.hostHeader == "[::1]:8000")
        #expect(UpstreamTarget(url: "ftp://example.com/x") == nil)
        #expect(UpstreamTarget(url: "http:///x") == nil)
        #expect(UpstreamTarget(url: "http://example.com:99999/x") == nil)
    }

    /// Each event loop keeps its own connections: requests sent from one loop, as a proxied
    /// request's task is, share one connection.
    @Test func onlySuccessfulEventStreamsAreStreamed() {
        func head(_ status: HTTPResponseStatus, _ type: String) -> HTTPResponseHead {
            HTTPResponseHead(version: .http1_1, status: status, headers: ["content-type": type])
        }
        #expect(UpstreamResponse.streams(head(.ok, "text/event-stream")))
        #expect(UpstreamResponse.streams(head(.ok, "Text/Event-Stream; charset=utf-8")))
        #expect(!UpstreamResponse.streams(head(.ok, "application/json")))
        #expect(!UpstreamResponse.streams(head(.ok, "text/event")))
        #expect(!UpstreamResponse.streams(head(.tooManyRequests, "text/event-stream")))
        #expect(Array("Bearer ".utf8).equalsIgnoringASCIICase("bearer ".utf8))
        #expect(!Array("Bearer".utf8).equalsIgnoringASCIICase("bearer ".utf8))
    }

    @Test func oneConnectionServesRequestsInTurn() async throws {
        try await ScriptedUpstream.with { upstream in
            let client = Self.client()
            try await Self.onOneLoop {
                for _ in 0..<5 {
                    let response = try await client.execute(
                        Self.request("http://127.0.0.1:\(upstream.port)/ok"), deadline: .now() + .seconds(10))
                    #expect(response.head.status == .ok)
                    #expect(try await Self.text(response) == #"{"ok":true}"#)
                }
            }
            #expect(upstream.connections == 1)
            await client.shutdown()
        }
    }

    @Test func aConnectionTheUpstreamClosesIsNotReused() async throws {
        try await ScriptedUpstream.with { upstream in
            let client = Self.client()
            for _ in 0..<3 {
                let response = try await client.execute(
                    Self.request("http://127.0.0.1:\(upstream.port)/close"), deadline: .now() + .seconds(10))
                #expect(try await Self.text(response) == #"{"ok":true}"#)
            }
            #expect(upstream.connections == 3)
            await client.shutdown()
        }
    }

    @Test func anEventStreamIsStreamedAndFreesItsConnection() async throws {
        try await ScriptedUpstream.with { upstream in
            let client = Self.client()
            try await Self.onOneLoop {
                let response = try await client.execute(
                    Self.request("http://127.0.0.1:\(upstream.port)/stream"), deadline: .now() + .seconds(10))
                guard case .stream = response.body else {
                    Issue.record("A 200 text/event-stream response was not streamed")
                    return
                }
                #expect(try await Self.text(response) == "data: 1\n\ndata: 2\n\ndata: 3\n\n")
                let next = try await client.execute(Self.request("http://127.0.0.1:\(upstream.port)/ok"), deadline: .now() + .seconds(10))
                #expect(try await Self.text(next) == #"{"ok":true}"#)
            }
            #expect(upstream.connections == 1)
            await client.shutdown()
        }
    }

    /// A client that leaves mid-stream leaves the rest of the response unread: the connection is
    /// closed rather than reused.
    @Test func aStreamItsReaderLeavesClosesItsConnection() async throws {
        try await ScriptedUpstream.with { upstream in
            let client = Self.client()
            let response = try await client.execute(
                Self.request("http://127.0.0.1:\(upstream.port)/endless"), deadline: .now() + .seconds(10))
            guard case .stream(let chunks) = response.body else {
                Issue.record("A 200 text/event-stream response was not streamed")
                return
            }
            var read = 0
            for try await _ in chunks {
                read += 1
                if read == 3 { break }
            }
            for _ in 0..<200 where upstream.closedConnections == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(upstream.closedConnections == 1)
            await client.shutdown()
        }
    }

    @Test func failuresAreTyped() async throws {
        try await ScriptedUpstream.with { upstream in
            // Long enough for `/ok` to answer on a loaded machine, short enough for `/silent`.
            let client = Self.client(readTimeout: .seconds(1))
            let base = "http://127.0.0.1:\(upstream.port)"
            guard case .connectionClosed = await Self.failure(of: try Self.request(base + "/cut"), with: client) else {
                Issue.record("A response cut short is not reported as closed")
                return
            }
            #expect(await Self.failure(of: try Self.request(base + "/big"), with: client) == .responseTooLarge(1_024))
            #expect(await Self.failure(of: try Self.request(base + "/silent"), with: client) == .readTimeout)
            let silent = try Self.request(base + "/silent")
            #expect(await Self.failure(of: silent, with: Self.client(), deadline: .now() + .milliseconds(200)) == .deadlineExceeded)
            // A deadline that runs out while connecting, as on a loaded machine, is still the deadline.
            #expect(await Self.failure(of: silent, with: Self.client(), deadline: .now()) == .deadlineExceeded)
            #expect(try await client.execute(Self.request(base + "/ok"), deadline: .now() + .seconds(10)).head.status == .ok)
            await client.shutdown()
        }
        let client = Self.client()
        guard case .connectionFailed = await Self.failure(of: try Self.request("http://127.0.0.1:1/ok"), with: client) else {
            Issue.record("A refused connection is not reported as failed to connect")
            return
        }
    }

    @Test(.tags(.openssl)) func httpsUpstreamsAreVerified() async throws {
        let (certificate, key) = try Self.selfSignedCertificate()
        let server = try NIOSSLContext(
            configuration: .makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
        try await ScriptedUpstream.with(tls: server) { upstream in
            var trusting = TLSConfiguration.makeClientConfiguration()
            trusting.trustRoots = .certificates([certificate])
            let client = Self.client(tls: trusting)
            let response = try await client.execute(Self.request("https://localhost:\(upstream.port)/ok"), deadline: .now() + .seconds(10))
            #expect(try await Self.text(response) == #"{"ok":true}"#)
            await client.shutdown()

            let untrusting = Self.client()
            guard
                case .connectionFailed(let reason) = await Self.failure(
                    of: try Self.request("https://localhost:\(upstream.port)/ok"), with: untrusting)
            else {
                Issue.record("An untrusted certificate was accepted")
                return
            }
            #expect(reason == "TLS: the handshake failed (CERTIFICATE_VERIFY_FAILED)")
        }
    }

    /// A throwaway certificate for `localhost`, made by the `openssl` command.
    static func selfSignedCertificate() throws -> (NIOSSLCertificate, NIOSSLPrivateKey) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", directory.appendingPathComponent("key.pem").path, "-out", directory.appendingPathComponent("cert.pem").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl could not make a certificate (apt-get install openssl)")
        return (
            try #require(try NIOSSLCertificate.fromPEMFile(directory.appendingPathComponent("cert.pem").path).first),
            try NIOSSLPrivateKey(file: directory.appendingPathComponent("key.pem").path, format: .pem)
        )
    }
}
