import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One event loop's upstream connections: opens them on that loop, keeps the idle ones by origin
/// (most recently used first) and closes those idle longer than `idleTimeout`. Only touched on
/// its loop, so a request never waits for another thread.
final class UpstreamPool {
    let eventLoop: any EventLoop
    let settings: UpstreamClient.Configuration
    /// The TLS context of `https://` origins, or why there is none.
    let tls: Result<NIOSSLContext, any Error>
    private var idle: [UpstreamTarget.Origin: [UpstreamConnection]] = [:]
    private var sweeper: Scheduled<Void>?
    private var closing = false

    init(eventLoop: any EventLoop, settings: UpstreamClient.Configuration, tls: Result<NIOSSLContext, any Error>) {
        self.eventLoop = eventLoop
        self.settings = settings
        self.tls = tls
    }

    /// Sends `request` on an idle connection to its origin, or on a new one.
    func execute(_ request: UpstreamRequest, deadline: NIODeadline) -> EventLoopFuture<UpstreamResponse> {
        let promise = eventLoop.makePromise(of: UpstreamResponse.self)
        let origin = request.target.origin
        while let connection = idle[origin]?.popLast() {
            if connection.isIdle {
                connection.send(request, deadline: deadline, promise: promise)
                return promise.futureResult
            }
        }
        guard !closing else {
            promise.fail(UpstreamError.connectionFailed("the proxy is shutting down"))
            return promise.futureResult
        }
        let tls: NIOSSLContext?
        do {
            tls = origin.tls ? try self.tls.get() : nil
        } catch {
            promise.fail(UpstreamError.connectionFailed("TLS is not available: \(error)"))
            return promise.futureResult
        }
        let (readTimeout, limit) = (settings.readTimeout, settings.maximumCollectedBytes)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(min(settings.connectTimeout, max(.zero, deadline - .now())))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        let isAddress = (try? SocketAddress(ipAddress: origin.host, port: origin.port)) != nil
                        try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : origin.host))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(UpstreamConnection(origin: origin, readTimeout: readTimeout, maximumCollectedBytes: limit))
                }
            }
            .connect(host: origin.host, port: origin.port)
            .assumeIsolated()
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    do {
                        let connection = try channel.pipeline.syncOperations.handler(type: UpstreamConnection.self)
                        connection.pool = self
                        connection.send(request, deadline: deadline, promise: promise)
                    } catch {
                        channel.close(promise: nil)
                        promise.fail(UpstreamError.connectionFailed("\(error)"))
                    }
                case .failure(let error):
                    // The connect timeout is cut to what is left of the request's deadline: when
                    // that is what ran out, the request failed by its deadline.
                    if case ChannelError.connectTimeout = error, NIODeadline.now() >= deadline {
                        promise.fail(UpstreamError.deadlineExceeded)
                    } else {
                        promise.fail(Self.connectError(error))
                    }
                }
            }
        return promise.futureResult
    }

    /// Keeps `connection` for the next request to its origin, unless enough are kept already.
    func release(_ connection: UpstreamConnection) {
        guard !closing, idle[connection.origin, default: []].count < settings.maximumIdlePerOrigin else {
            return close(connection)
        }
        connection.idleSince = .now()
        idle[connection.origin, default: []].append(connection)
        if sweeper == nil { scheduleSweep() }
    }

    /// Sweeps every half idle timeout while connections are kept.
    private func scheduleSweep() {
        let interval = max(TimeAmount.seconds(1), .nanoseconds(settings.idleTimeout.nanoseconds / 2))
        sweeper = eventLoop.assumeIsolated().scheduleTask(in: interval) { [self] in
            closeExpired()
            sweeper = nil
            if !idle.isEmpty { scheduleSweep() }
        }
    }

    /// Forgets `connection` (it closed).
    func remove(_ connection: UpstreamConnection) {
        idle[connection.origin]?.removeAll { $0 === connection }
    }

    /// Closes every idle connection and refuses to open more.
    func shutdown() {
        closing = true
        sweeper?.cancel()
        sweeper = nil
        let connections = idle.values.joined()
        idle = [:]
        for connection in connections { close(connection) }
    }

    private func closeExpired() {
        let oldest = NIODeadline.now() - settings.idleTimeout
        for (origin, connections) in idle {
            let (expired, kept) = (connections.filter { $0.idleSince < oldest }, connections.filter { $0.idleSince >= oldest })
            idle[origin] = kept.isEmpty ? nil : kept
            for connection in expired { close(connection) }
        }
    }

    private func close(_ connection: UpstreamConnection) {
        connection.pool = nil
        connection.close()
    }

    private static func connectError(_ error: any Error) -> UpstreamError {
        if case ChannelError.connectTimeout = error { return .connectTimeout }
        if let error = error as? NIOConnectionError {
            if error.dnsAAAAError != nil || error.dnsAError != nil, error.connectionErrors.isEmpty {
                return .connectionFailed("the host name could not be resolved")
            }
            if let first = error.connectionErrors.first { return .connectionFailed("\(first.error)") }
        }
        return .connectionFailed("\(error)")
    }
}
