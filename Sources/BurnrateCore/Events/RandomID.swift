import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fresh identifiers for events and proxied requests: random (version 4) UUIDs in lower case, as
/// `UUID().uuidString.lowercased()` spells them.
///
/// On Linux, Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every identifier and
/// formats it with `snprintf`: four system calls and a formatted print on every proxied request.
/// These come from a block of bytes the system's secure generator (`arc4random_buf`) fills for 256
/// identifiers at a time, so they stay as unpredictable: an identifier a client sees tells nothing
/// about the next one, and no one can claim an event's identifier before the event is recorded.
public enum RandomID {
    private static let source = Mutex(RandomBytes())

    /// A new identifier, such as `0b8f3c4e-5a1d-4f6b-9c2e-7d8a9b0c1d2e`.
    public static func make() -> String {
        var bytes = source.withLock { $0.next16() }
        bytes.6 = bytes.6 & 0x0F | 0x40  // version 4
        bytes.8 = bytes.8 & 0x3F | 0x80  // RFC 9562 variant
        return withUnsafeBytes(of: bytes) { spelled($0) }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func spelled(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            var at = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[at] = UInt8(ascii: "-")
                    at += 1
                }
                text[at] = hex[Int(byte >> 4)]
                text[at + 1] = hex[Int(byte & 0x0F)]
                at += 2
            }
            return at
        }
    }
}

/// Random bytes drawn from the system's secure generator a block at a time.
private struct RandomBytes: ~Copyable {
    private static let blockSize = 16 * 256
    private var block = [UInt8](repeating: 0, count: blockSize)
    private var used = blockSize

    typealias Sixteen = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    mutating func next16() -> Sixteen {
        if used == Self.blockSize {
            block.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
            used = 0
        }
        defer { used += 16 }
        return block.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: used, as: Sixteen.self) }
    }
}
