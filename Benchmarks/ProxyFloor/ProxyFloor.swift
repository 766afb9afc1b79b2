import NIOCore
import NIOHTTP1
import NIOPosix

/// The least a Swift HTTP proxy hop costs, for `scripts/bench-proxy.sh` to measure next to
/// Burnrate's proxy: a SwiftNIO relay that parses HTTP/1.1 on both sides and passes every request
/// and response part through unchanged, over one keep-alive upstream connection per client
/// connection, opened on the client connection's event loop. It reads no body, records nothing
/// and enforces nothing: it is a floor, not a proxy to use.
///
///     ProxyFloor PORT UPSTREAM_PORT     (both on 127.0.0.1)
@main
enum ProxyFloor {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let port = Int(arguments[1]), let upstreamPort = Int(arguments[2]) else {
            print("usage: ProxyFloor PORT UPSTREAM_PORT")
            return
        }
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ClientSide(upstreamPort: upstreamPort))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        try await server.closeFuture.get()
    }
}

/// Relays a client connection's request parts to its upstream connection, opened when the client
/// connects; parts that arrive before it is open wait in order.
final class ClientSide: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart

    let upstreamPort: Int
    var upstream: (any Channel)?
    var waiting: [HTTPClientRequestPart] = []

    init(upstreamPort: Int) {
        self.upstreamPort = upstreamPort
    }

    func channelActive(context: ChannelHandlerContext) {
        let client = NIOLoopBound((self, context.channel), eventLoop: context.eventLoop)
        ClientBootstrap(group: context.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { upstream in
                upstream.eventLoop.makeCompletedFuture {
                    try upstream.pipeline.syncOperations.addHTTPClientHandlers()
                    try upstream.pipeline.syncOperations.addHandler(UpstreamSide(client: client.value.1))
                }
            }
            .connect(host: "127.0.0.1", port: upstreamPort)
            .whenComplete { result in
                let (handler, channel) = client.value
                switch result {
                case .success(let upstream):
                    handler.upstream = upstream
                    for part in handler.waiting { upstream.write(part, promise: nil) }
                    handler.waiting = []
                    upstream.flush()
                case .failure:
                    channel.close(promise: nil)
                }
            }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part: HTTPClientRequestPart
        switch unwrapInboundIn(data) {
        case .head(let head): part = .head(head)
        case .body(let body): part = .body(.byteBuffer(body))
        case .end(let trailers): part = .end(trailers)
        }
        guard let upstream else { return waiting.append(part) }
        if case .end = part { upstream.writeAndFlush(part, promise: nil) } else { upstream.write(part, promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        upstream?.close(promise: nil)
        context.fireChannelInactive()
    }
}

/// Relays an upstream connection's response parts to its client connection.
final class UpstreamSide: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    let client: any Channel

    init(client: any Channel) {
        self.client = client
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): client.write(HTTPServerResponsePart.head(head), promise: nil)
        case .body(let body): client.write(HTTPServerResponsePart.body(.byteBuffer(body)), promise: nil)
        case .end(let trailers): client.writeAndFlush(HTTPServerResponsePart.end(trailers), promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        client.close(promise: nil)
        context.fireChannelInactive()
    }
}
