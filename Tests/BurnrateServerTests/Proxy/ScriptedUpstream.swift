import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// An upstream on a free loopback port that misbehaves on request, for the upstream client's
/// tests. The request path picks the answer:
///
/// - `/ok`: 200 JSON with a length; `/close`: the same with `Connection: close`, then it closes.
/// - `/cut`: a head announcing 100 bytes, 10 of them, then it closes.
/// - `/big`: 200 with a 2,048-byte body.
/// - `/stream`: 200 `text/event-stream`, three events in separate chunks.
/// - `/endless`: 200 `text/event-stream`, an event every 10 ms until the connection closes.
/// - `/silent`: never answers.
///
/// It counts the connections it accepted and those that closed. With `tls`, it speaks TLS with
/// that certificate.
final class ScriptedUpstream: Sendable {
    let port: Int
    private let accepted: Counter
    private let closed: Counter

    /// Connections accepted so far.
    var connections: Int { accepted.value.withLock { $0 } }
    /// Connections closed so far.
    var closedConnections: Int { closed.value.withLock { $0 } }

    private init(port: Int, accepted: Counter, closed: Counter) {
        self.port = port
        self.accepted = accepted
        self.closed = closed
    }

    static func with<T>(tls: NIOSSLContext? = nil, _ body: (ScriptedUpstream) async throws -> T) async throws -> T {
        let (counter, closed) = (Counter(), Counter())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counter.increment()
                return channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Responder(closed: closed))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let upstream = ScriptedUpstream(port: channel.localAddress?.port ?? 0, accepted: counter, closed: closed)
        defer { channel.close(promise: nil) }
        return try await body(upstream)
    }

    private final class Counter: Sendable {
        let value = Mutex(0)
        func increment() { value.withLock { $0 += 1 } }
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let closed: Counter
        private var path = ""
        private var ticker: Scheduled<Void>?

        init(closed: Counter) {
            self.closed = closed
        }

        func channelInactive(context: ChannelHandlerContext) {
            ticker?.cancel()
            closed.increment()
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): path = head.uri
            case .body: break
            case .end: respond(context: context)
            }
        }

        private func respond(context: ChannelHandlerContext) {
            switch path {
            case "/ok": send(context, body: #"{"ok":true}"#)
            case "/close": send(context, body: #"{"ok":true}"#, headers: [("connection", "close")], thenClose: true)
            case "/big": send(context, body: String(repeating: "x", count: 2_048))
            case "/cut":
                let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["content-length": "100"])
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "0123456789")))), promise: nil)
                context.close(promise: nil)
            case "/stream":
                let head = HTTPResponseHead(
                    version: .http1_1, status: .ok, headers: ["content-type": "text/event-stream", "transfer-encoding": "chunked"])
                context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
                for index in 1...3 {
                    context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "data: \(index)\n\n")))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case "/endless":
                let head = HTTPResponseHead(
                    version: .http1_1, status: .ok, headers: ["content-type": "text/event-stream", "transfer-encoding": "chunked"])
                context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
                tick(context)
            case "/silent": break
            default: send(context, body: "no such script", status: .notFound)
            }
        }

        /// Sends an event now and schedules the next one 10 ms later.
        private func tick(_ context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "data: tick\n\n")))), promise: nil)
            ticker = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(10)) { [self] in tick(context) }
        }

        private func send(
            _ context: ChannelHandlerContext, body: String, status: HTTPResponseStatus = .ok, headers: [(String, String)] = [],
            thenClose: Bool = false
        ) {
            var fields = HTTPHeaders([("content-type", "application/json"), ("content-length", String(body.utf8.count))])
            fields.add(contentsOf: headers)
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if thenClose { context.close(promise: nil) }
        }
    }
}
