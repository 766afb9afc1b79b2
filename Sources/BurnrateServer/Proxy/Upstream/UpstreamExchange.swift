import NIOCore
import NIOHTTP1

/// A request to an upstream: always a `POST` with a body the proxy has read whole.
struct UpstreamRequest: Sendable {
    var target: UpstreamTarget
    /// The headers to send; `Host` and `Content-Length` are set from the target and the body.
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// What an upstream answered: its head, and its body read whole or, for a successful
/// server-sent-event response, as a stream of chunks as they arrive.
struct UpstreamResponse: Sendable {
    enum Body: Sendable {
        case collected(ByteBuffer)
        case stream(UpstreamBodyStream)
    }

    var head: HTTPResponseHead
    var body: Body

    /// Whether a response with `head` is streamed rather than read whole: a 2xx
    /// `text/event-stream`. Everything else is bounded JSON (or an error) worth reading whole.
    static func streams(_ head: HTTPResponseHead) -> Bool {
        guard (200..<300).contains(head.status.code), let type = head.headers.first(name: "content-type") else { return false }
        let wanted = "text/event-stream".utf8
        let bytes = Array(type.utf8)
        guard bytes.count >= wanted.count else { return false }
        return (0...(bytes.count - wanted.count)).contains { bytes[$0..<$0 + wanted.count].equalsIgnoringASCIICase(wanted) }
    }
}

/// A streamed response body. Its back-pressure reaches the upstream socket: the connection stops
/// reading while more than the high watermark of chunks wait for the client.
typealias UpstreamBodyStream = NIOThrowingAsyncSequenceProducer<
    ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, UpstreamStreamDelegate
>

/// Tells the connection that streamed a body when its reader wants more or has gone away.
struct UpstreamStreamDelegate: NIOAsyncSequenceProducerDelegate {
    let connection: NIOLoopBound<UpstreamConnection>
    /// The exchange the stream belongs to: the connection may have moved on to another.
    let exchange: Int

    func produceMore() {
        let (connection, exchange) = (connection, exchange)
        connection.eventLoop.execute { connection.value.resumeReading(exchange: exchange) }
    }

    func didTerminate() {
        let (connection, exchange) = (connection, exchange)
        connection.eventLoop.execute { connection.value.streamAbandoned(exchange: exchange) }
    }
}
