import BurnrateCore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers the proxy's requests in the server's channel pipeline, on the connection's event
/// loop, before they reach Hummingbird's router.
///
/// Through the router a proxied request would also pass the async channel that feeds it, the
/// router's request and response types and the middleware: on a small machine that is a large
/// part of the CPU the proxy adds to a request. Here the body is gathered as it is read, a task
/// on the connection's loop runs `ProxyForwarder`, and the reply is written straight back. Every
/// other request passes on to the router, which answers proxy paths the same way when this
/// handler is not installed.
///
/// Responses leave in the order the requests came, as HTTP/1.1 requires: while a proxied
/// request is answered, or a routed one waits for its response, later requests are held here
/// and the connection is not read further.
final class ProxyChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// Reading a proxied request's body.
        case reading(ProxiedRequest)
        /// A task is answering a proxied request.
        case answering
        /// The router has a request; the connection moves on when both ends have been seen.
        case routed(requestEnded: Bool, responseEnded: Bool)
    }

    private struct ProxiedRequest {
        var api: ProxyAPI
        var deployment: String?
        var head: HTTPRequest
        var path: Substring
        /// The body, up to `ProxyForwarder.maximumRequestBytes`.
        var body: ByteBuffer
        /// Every byte of the body, kept or not.
        var size: Int
    }

    private let forwarder: ProxyForwarder
    private let serverName: String?
    /// Whether this handler may answer a proxied request's head itself; a head it may not answer
    /// (one the browser guard refuses in no-key mode) goes on to the router, whose middleware
    /// answers it as it answers every other route.
    private let admits: @Sendable (HTTPRequest) -> Bool
    private var state = State.idle
    /// Parts of later requests, read while one is in progress.
    private var held = CircularBuffer<HTTPRequestPart>()
    /// Whether a `read` was asked for while requests were held; it is passed on when they can be
    /// taken.
    private var readDeferred = false
    private var executor: EventLoopTaskExecutor?
    /// The `Date` header of the current second.
    private var date: (second: Int64, text: String) = (-1, "")

    init(forwarder: ProxyForwarder, serverName: String?, admits: @escaping @Sendable (HTTPRequest) -> Bool = { _ in true }) {
        self.admits = admits
        self.forwarder = forwarder
        self.serverName = serverName
    }

    func handlerAdded(context: ChannelHandlerContext) {
        executor = EventLoopTaskExecutor(context.eventLoop)
    }

    private var holds: Bool {
        switch state {
        case .answering: true
        case .routed(let requestEnded, _): requestEnded
        case .idle, .reading: false
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if holds || !held.isEmpty {
            held.append(part)
        } else {
            take(part, context: context)
        }
    }

    func read(context: ChannelHandlerContext) {
        if holds { readDeferred = true } else { context.read() }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .routed(let requestEnded, _) = state, case .end = unwrapOutboundIn(data) else { return }
        if requestEnded {
            moveOn(context: context)
        } else {
            state = .routed(requestEnded: false, responseEnded: true)
        }
    }

    private func take(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch state {
        case .idle:
            guard case .head(let head) = part else { return context.fireChannelRead(wrapInboundOut(part)) }
            let path = head.path.map { $0.prefix { $0 != "?" } } ?? ""
            if head.method == .post, let route = ProxyAPI.route(path: path), admits(head) {
                state = .reading(
                    ProxiedRequest(api: route.api, deployment: route.deployment, head: head, path: path, body: ByteBuffer(), size: 0))
            } else {
                state = .routed(requestEnded: false, responseEnded: false)
                context.fireChannelRead(wrapInboundOut(part))
            }
        case .reading(var request):
            state = .idle  // drops the state's copy of the body, so that appending does not copy it
            switch part {
            case .body(let chunk):
                request.size += chunk.readableBytes
                if request.size <= ProxyForwarder.maximumRequestBytes {
                    if request.body.readableBytes == 0 { request.body = chunk } else { request.body.writeImmutableBuffer(chunk) }
                }
                state = .reading(request)
            case .end:
                state = .answering
                answer(request, context: context)
            case .head:  // the decoder ends a request before the next one's head
                state = .reading(request)
            }
        case .routed(_, let responseEnded):
            context.fireChannelRead(wrapInboundOut(part))
            guard case .end = part else { return }
            if responseEnded {
                moveOn(context: context)
            } else {
                state = .routed(requestEnded: true, responseEnded: false)
            }
        case .answering:
            held.append(part)
        }
    }

    /// Finishes the request in progress: asks for more of the connection, and takes the held
    /// requests on a later turn of the loop (this may run inside a write).
    private func moveOn(context: ChannelHandlerContext) {
        state = .idle
        if held.isEmpty {
            if readDeferred {
                readDeferred = false
                context.read()
            }
            return
        }
        context.eventLoop.assumeIsolated().execute {
            while !self.holds, let part = self.held.popFirst() { self.take(part, context: context) }
            context.fireChannelReadComplete()
            if !self.holds, self.readDeferred {
                self.readDeferred = false
                context.read()
            }
        }
    }

    private func answer(_ request: ProxiedRequest, context: ChannelHandlerContext) {
        let forwarder = forwarder
        let closes = request.head.headerFields[.connection]?.lowercased() == "close"
        forwarder.runtime.logger.info("Request", metadata: ["hb.request.method": "POST", "hb.request.path": "\(request.path)"])
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let connection = NIOLoopBound(context, eventLoop: context.eventLoop)
        // `ProxyChannelHandler.reply`, not `Self.reply`: Swift 6.3's region checker rejects a
        // task that captures the dynamic `Self`.
        Task(executorPreference: executor) {
            let reply = await ProxyChannelHandler.reply(to: request, from: forwarder)
            var head = HTTPResponse(status: reply.status, headerFields: reply.headers)
            // As Hummingbird sets them on the router's responses.
            head.headerFields[.date] = handler.value.currentDate()
            if let serverName = handler.value.serverName { head.headerFields[.server] = serverName }
            switch reply.body {
            case .whole(let body):
                head.headerFields[.contentLength] = String(body.readableBytes)
                connection.value.write(NIOAny(HTTPResponsePart.head(head)), promise: nil)
                if body.readableBytes > 0 { connection.value.write(NIOAny(HTTPResponsePart.body(body)), promise: nil) }
            case .stream(let stream):
                do {
                    try await connection.value.writeAndFlush(NIOAny(HTTPResponsePart.head(head))).get()
                    try await stream { chunk in try await connection.value.writeAndFlush(NIOAny(HTTPResponsePart.body(chunk))).get() }
                } catch {
                    // The head has left: the client learns of the failure by the connection closing.
                    connection.value.close(promise: nil)
                    return
                }
            }
            handler.value.end(closes: closes, context: connection.value)
        }
    }

    /// The forwarder's reply to `request`, or the problem it threw as a reply.
    private static func reply(to request: ProxiedRequest, from forwarder: ProxyForwarder) async -> ProxyReply {
        var reply: ProxyReply
        do {
            guard request.size <= ProxyForwarder.maximumRequestBytes else {
                throw Problem(.contentTooLarge, detail: ProxyForwarder.requestTooLarge)
            }
            reply = try await forwarder.forward(
                request.api, headers: request.head.headerFields, query: request.head.path.flatMap(query), body: request.body,
                deployment: request.deployment)
        } catch {
            let path = String(request.path)
            let requestID = RandomID.make()
            let problem = Problem.describing(error, method: .post, path: path, requestID: requestID, logger: forwarder.runtime.logger)
            let (headers, body) = problem.rendered(instance: path)
            reply = ProxyReply(status: problem.status, headers: headers, body: .whole(body))
            if reply.headers[.requestID] == nil { reply.headers[.requestID] = headers[ProxyHeaders.requestID] ?? requestID }
        }
        // As through the router: a proxied response keeps the provider's own request id.
        if reply.headers[.requestID] == nil { reply.headers[.requestID] = reply.headers[ProxyHeaders.requestID] }
        return reply
    }

    /// The `Date` header's value now, formatted once a second.
    private func currentDate() -> String {
        let second = Timestamp.now().microseconds / 1_000_000
        if second != date.second { date = (second, HTTPDate.string(secondsSinceEpoch: second)) }
        return date.text
    }

    /// Ends the response, then closes the connection when the client asked for that or takes
    /// the next request.
    private func end(closes: Bool, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if closes { context.close(promise: nil) } else { moveOn(context: context) }
    }

    private static func query(_ path: String) -> String? {
        path.firstIndex(of: "?").map { String(path[path.index(after: $0)...]) }
    }
}
