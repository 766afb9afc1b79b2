import CompressNIO
import NIOCore

/// Inflates gzip request bodies (`Content-Encoding: gzip`, which the OpenTelemetry Collector's
/// OTLP/HTTP exporter sends by default), with a cap on the inflated size so that a small
/// compressed body cannot exhaust memory.
enum Gzip {
    enum Failure: Error {
        /// The body inflates to more than the limit.
        case tooLarge
        /// The body is not valid gzip.
        case corrupt(String)
    }

    /// The inflated bytes of `bytes`, fewer than `limit` of them.
    ///
    /// The inflater stops quietly where its input ends, so a truncated stream is caught by the
    /// gzip trailer instead: its last four bytes are the inflated size (mod 2^32).
    static func inflate(_ bytes: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B else { throw .corrupt("it does not start with a gzip header") }
        var buffer = ByteBuffer(bytes: bytes)
        let inflated: [UInt8]
        do {
            inflated = Array(try buffer.decompress(with: .gzip(), maxSize: limit).readableBytesView)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw .tooLarge
        } catch {
            throw .corrupt("\(error)")
        }
        // The inflater stops at `limit` rather than failing, so a body that reaches it is taken
        // as larger.
        guard inflated.count < limit else { throw .tooLarge }
        let size = bytes.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard size == UInt32(truncatingIfNeeded: inflated.count) else { throw .corrupt("the stream is truncated") }
        return inflated
    }
}
