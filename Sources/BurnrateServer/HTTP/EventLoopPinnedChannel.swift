import HummingbirdCore
import Logging
import NIOCore

/// A server child channel whose connection task runs on the connection's own event loop
/// (`EventLoopTaskExecutor`) rather than on Swift's global executor.
///
/// This is for the proxy: each proxied request would otherwise hop from the event loop to a
/// concurrency thread and back for every read and write. Routes that do heavy work leave the
/// event loop again (`OffEventLoopMiddleware`), so that they never hold up other connections.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection's task on its event loop.
    static var pinnedHTTP1: HTTPServerBuilder {
        HTTPServerBuilder { responder in EventLoopPinnedChannel(base: HTTP1Channel(responder: responder)) }
    }
}
