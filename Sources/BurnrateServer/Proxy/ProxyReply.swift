import HTTPTypes
import NIOCore

/// What the proxy answers a forwarded request with: the upstream's status and headers (with
/// Burnrate's own added), and its body, whole or as a stream of chunks.
struct ProxyReply: Sendable {
    enum Body: Sendable {
        case whole(ByteBuffer)
        /// Writes the chunks with the function it is given, in order, as they arrive; the caller
        /// ends the response when it returns.
        case stream(@Sendable (_ write: (ByteBuffer) async throws -> Void) async throws -> Void)
    }

    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Body
}
