import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore

/// A server child channel whose connection task runs on the connection's own event loop
/// (`EventLoopTaskExecutor`) rather than on Swift's global executor, and whose pipeline answers
/// the proxy's requests itself (`ProxyChannelHandler`) when given a `proxy`.
///
/// This is for the proxy: each proxied request would otherwise hop from the event loop to a
/// concurrency thread and back for every read and write. Routes that do heavy work leave the
/// event loop again (`OffEventLoopMiddleware`), so that they never hold up other connections.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let proxy: ProxyForwarder?
    /// The `Server` header of the proxy's responses, as the application sends it on the others.
    let serverName: String?
    /// Which proxied requests the pipeline answers; the others go to the router.
    let admits: @Sendable (HTTPRequest) -> Bool

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { [proxy, serverName, admits] value in
            if let proxy {
                // After the connection-state handler, which then counts proxied requests too (it
                // closes idle connections and, on shutdown, waits for the request in progress).
                let pipeline = channel.pipeline.syncOperations
                let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
                try pipeline.addHandler(
                    ProxyChannelHandler(forwarder: proxy, serverName: serverName, admits: admits), position: .after(state))
            }
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection's task on its event loop, and `proxy` answering the proxy's
    /// requests that `admits` lets through before the router, as `serverName`.
    static func pinnedHTTP1(
        proxy: ProxyForwarder?, serverName: String? = nil, admits: @escaping @Sendable (HTTPRequest) -> Bool = { _ in true }
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            EventLoopPinnedChannel(base: HTTP1Channel(responder: responder), proxy: proxy, serverName: serverName, admits: admits)
        }
    }
}
