import NIOCore
import NIOPosix
import NIOSSL

/// The proxy's HTTP/1.1 client: keep-alive connections to the upstreams, kept per event loop.
///
/// A request goes out on the event loop it is sent from (the proxied request's connection runs
/// its task there), over a connection that loop owns, so forwarding adds no thread hop: the
/// response arrives on the same thread that answers the client. Responses are read whole,
/// except successful server-sent-event streams, which are handed over chunk by chunk.
final class UpstreamClient: Sendable {
    struct Configuration: Sendable {
        var connectTimeout: TimeAmount
        var readTimeout: TimeAmount
        /// How long an unused connection is kept.
        var idleTimeout = TimeAmount.seconds(60)
        /// Unused connections kept per upstream and event loop; more are closed.
        var maximumIdlePerOrigin = 256
        /// The largest response read whole (streams are not bounded).
        var maximumCollectedBytes = 64 * 1024 * 1024
        var tls = TLSConfiguration.makeClientConfiguration()
    }

    private let group: any EventLoopGroup
    private let pools: [ObjectIdentifier: NIOLoopBoundBox<UpstreamPool>]

    init(group: any EventLoopGroup, configuration: Configuration) {
        self.group = group
        let tls = Result { try NIOSSLContext(configuration: configuration.tls) }
        var pools: [ObjectIdentifier: NIOLoopBoundBox<UpstreamPool>] = [:]
        for loop in group.makeIterator() {
            pools[ObjectIdentifier(loop)] = NIOLoopBoundBox.makeBoxSendingValue(
                UpstreamPool(eventLoop: loop, settings: configuration, tls: tls), eventLoop: loop)
        }
        self.pools = pools
    }

    /// Sends `request` and returns the response head, with its body read whole or streaming;
    /// throws an `UpstreamError`.
    func execute(_ request: UpstreamRequest, deadline: NIODeadline) async throws -> UpstreamResponse {
        let pool =
            MultiThreadedEventLoopGroup.currentEventLoop.flatMap { pools[ObjectIdentifier($0)] } ?? pools[ObjectIdentifier(group.next())]!
        if pool.eventLoop.inEventLoop { return try await pool.value.execute(request, deadline: deadline).get() }
        return try await pool.eventLoop.flatSubmit { pool.value.execute(request, deadline: deadline) }.get()
    }

    /// Closes the idle connections; requests after this fail.
    func shutdown() async {
        for pool in pools.values {
            try? await pool.eventLoop.submit { pool.value.shutdown() }.get()
        }
    }
}
