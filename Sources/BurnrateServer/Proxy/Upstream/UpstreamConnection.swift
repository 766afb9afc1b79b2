import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One keep-alive HTTP/1.1 connection to an upstream, the last handler of its pipeline. It sends
/// one request at a time and answers with the response, read whole or streamed with
/// back-pressure, then goes back to its pool. It lives on its channel's event loop.
final class UpstreamConnection: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private enum State {
        case idle
        case awaitingHead(EventLoopPromise<UpstreamResponse>)
        case collecting(HTTPResponseHead, ByteBuffer, EventLoopPromise<UpstreamResponse>)
        case streaming(UpstreamBodyStream.Source)
        case closed
    }

    let origin: UpstreamTarget.Origin
    let readTimeout: TimeAmount
    let maximumCollectedBytes: Int
    /// Where the connection goes when an exchange ends and the upstream keeps it open.
    weak var pool: UpstreamPool?
    /// When the connection last went back to its pool.
    var idleSince = NIODeadline.now()

    private var state = State.idle
    private var context: ChannelHandlerContext?
    /// Counts exchanges, so that a stream's late calls cannot touch a later exchange.
    private var exchange = 0
    private var deadline = NIODeadline.distantFuture
    private var lastActivity = NIODeadline.now()
    private var timer: Scheduled<Void>?
    private var keepAlive = true
    /// Whether the current request has been written whole: an upstream that answers early (a
    /// 413, say) leaves the rest unsent, and the connection cannot carry another request.
    private var requestWritten = false
    private var skippingInformational = false
    private var readingPaused = false
    private var readPending = false

    init(origin: UpstreamTarget.Origin, readTimeout: TimeAmount, maximumCollectedBytes: Int) {
        self.origin = origin
        self.readTimeout = readTimeout
        self.maximumCollectedBytes = maximumCollectedBytes
    }

    /// Whether a request can be sent now.
    var isIdle: Bool {
        if case .idle = state { return context != nil }
        return false
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    /// Closes the connection; an exchange in progress fails.
    func close() { context?.close(promise: nil) }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Sends `request`; `promise` gets the response head, with the body read whole or streaming,
    /// or fails with an `UpstreamError`.
    func send(_ request: UpstreamRequest, deadline: NIODeadline, promise: EventLoopPromise<UpstreamResponse>) {
        guard isIdle, let context else {
            return promise.fail(UpstreamError.connectionClosed("the connection was not ready"))
        }
        exchange += 1
        state = .awaitingHead(promise)
        self.deadline = deadline
        keepAlive = true
        lastActivity = .now()
        armTimer(context)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: request.target.pathAndQuery, headers: request.headers)
        head.headers.replaceOrAdd(name: "host", value: origin.hostHeader)
        head.headers.replaceOrAdd(name: "content-length", value: String(request.body.readableBytes))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        let sent = exchange
        requestWritten = false
        written.futureResult.assumeIsolated().whenComplete { [self] result in
            guard sent == exchange else { return }
            switch result {
            case .success: requestWritten = true
            case .failure(let error):
                fail(UpstreamError.connectionClosed("sending the request failed: \(error)"))
                close()
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        switch unwrapInboundIn(data) {
        case .head(let head): received(head, context: context)
        case .body(let chunk): received(chunk, context: context)
        case .end:
            if skippingInformational {
                skippingInformational = false
                return
            }
            complete(context: context)
        }
    }

    private func received(_ head: HTTPResponseHead, context: ChannelHandlerContext) {
        if (100..<200).contains(head.status.code) {
            skippingInformational = true
            return
        }
        guard case .awaitingHead(let promise) = state else {
            fail(UpstreamError.connectionClosed("the upstream sent a response nobody asked for"))
            return context.close(promise: nil)
        }
        keepAlive = head.isKeepAlive
        guard UpstreamResponse.streams(head) else {
            state = .collecting(head, context.channel.allocator.buffer(capacity: 0), promise)
            return
        }
        let delegate = UpstreamStreamDelegate(connection: NIOLoopBound(self, eventLoop: context.eventLoop), exchange: exchange)
        let stream = UpstreamBodyStream.makeSequence(
            backPressureStrategy: .init(lowWatermark: 2, highWatermark: 16), finishOnDeinit: false, delegate: delegate)
        state = .streaming(stream.source)
        promise.succeed(UpstreamResponse(head: head, body: .stream(stream.sequence)))
    }

    private func received(_ chunk: ByteBuffer, context: ChannelHandlerContext) {
        switch state {
        case .collecting(let head, var body, let promise):
            state = .idle
            guard body.readableBytes + chunk.readableBytes <= maximumCollectedBytes else {
                state = .collecting(head, body, promise)
                fail(UpstreamError.responseTooLarge(maximumCollectedBytes))
                return context.close(promise: nil)
            }
            if body.readableBytes == 0 { body = chunk } else { body.writeImmutableBuffer(chunk) }
            state = .collecting(head, body, promise)
        case .streaming(let source):
            switch source.yield(chunk) {
            case .produceMore: break
            case .stopProducing: readingPaused = true
            case .dropped: context.close(promise: nil)
            }
        case .idle, .awaitingHead, .closed:
            break
        }
    }

    /// The response is complete: hand it over and go back to the pool, or close.
    private func complete(context: ChannelHandlerContext) {
        let finished = state
        switch finished {
        case .idle, .closed: return
        case .awaitingHead, .collecting, .streaming: break
        }
        endExchange()
        if keepAlive, requestWritten {
            state = .idle
            pool?.release(self)
        } else {
            state = .closed
            context.close(promise: nil)
        }
        switch finished {
        case .collecting(let head, let body, let promise): promise.succeed(UpstreamResponse(head: head, body: .collected(body)))
        case .streaming(let source): source.finish()
        case .awaitingHead(let promise): promise.fail(UpstreamError.connectionClosed("the upstream ended the response before its head"))
        case .idle, .closed: return
        }
    }

    /// The reader of exchange `exchange`'s stream wants more.
    func resumeReading(exchange: Int) {
        guard exchange == self.exchange, readingPaused else { return }
        readingPaused = false
        if readPending, let context {
            readPending = false
            context.read()
        }
    }

    /// The reader of exchange `exchange`'s stream is gone (the client left): the rest of the
    /// response is not wanted, so the connection cannot be reused.
    func streamAbandoned(exchange: Int) {
        guard exchange == self.exchange, case .streaming = state else { return }
        fail(UpstreamError.connectionClosed("the stream's reader went away"))
        context?.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if readingPaused {
            readPending = true
        } else {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(UpstreamError.connectionClosed("the upstream closed the connection"))
        state = .closed
        pool?.remove(self)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? NIOSSLError {
            fail(UpstreamError.connectionFailed("TLS: \(Self.reason(error))"))
        } else {
            fail(UpstreamError.connectionClosed("\(error)"))
        }
        state = .closed
        context.close(promise: nil)
    }

    /// A TLS failure as a reader can act on: BoringSSL's reason (`CERTIFICATE_VERIFY_FAILED`)
    /// rather than its error stack with source paths.
    static func reason(_ error: NIOSSLError) -> String {
        let text = "\(error)"
        guard case .handshakeFailed = error, let marker = text.range(of: "OPENSSL_internal:") else { return text }
        let reason = text[marker.upperBound...].prefix { $0 != " " && $0 != "]" && $0 != ")" }
        return reason.isEmpty ? text : "the handshake failed (\(reason))"
    }

    /// Fails the exchange in progress, if any; the connection is closed by the caller or already.
    private func fail(_ error: UpstreamError) {
        let failed = state
        endExchange()
        state = .closed
        switch failed {
        case .awaitingHead(let promise), .collecting(_, _, let promise): promise.fail(error)
        case .streaming(let source): source.finish(error)
        case .idle, .closed: break
        }
    }

    private func endExchange() {
        timer?.cancel()
        timer = nil
        readingPaused = false
        if readPending, let context {
            readPending = false
            context.read()
        }
    }

    /// One timer per exchange, at the earlier of the deadline and the read timeout after the last
    /// data; when it fires early (data arrived since) it is set again.
    private func armTimer(_ context: ChannelHandlerContext) {
        let at = min(deadline, lastActivity + readTimeout)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in timerFired() }
    }

    private func timerFired() {
        guard let context else { return }
        switch state {
        case .awaitingHead, .collecting, .streaming: break
        case .idle, .closed: return
        }
        let now = NIODeadline.now()
        if now >= deadline {
            fail(.deadlineExceeded)
            return context.close(promise: nil)
        }
        if readingPaused { lastActivity = now }
        if now - lastActivity >= readTimeout {
            fail(.readTimeout)
            return context.close(promise: nil)
        }
        armTimer(context)
    }
}
