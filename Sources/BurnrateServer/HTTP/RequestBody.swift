import Hummingbird
import NIOCore

extension Request {
    /// The whole body, or a 413 problem saying `tooLarge` when it is longer than `limit` bytes:
    /// each endpoint names its own limit and what to do instead.
    mutating func collectBody(upTo limit: Int, tooLarge: String) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, detail: tooLarge)
        }
    }
}
