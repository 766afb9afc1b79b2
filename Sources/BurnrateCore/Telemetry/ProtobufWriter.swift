/// Writes the protocol buffers wire format: used for OTLP responses, and by tests to encode
/// requests the way an exporter does.
public struct ProtobufWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// A field key.
    public mutating func key(_ number: UInt32, _ wireType: ProtobufReader.WireType) {
        varint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    /// A base-128 varint.
    public mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A varint field (`int64`, `uint32`, `bool`, enums); negative numbers take ten bytes, as in
    /// protobuf.
    public mutating func varintField(_ number: UInt32, _ value: Int64) {
        key(number, .varint)
        varint(UInt64(bitPattern: value))
    }

    /// A `fixed64` (or `double`, by bit pattern) field.
    public mutating func fixed64Field(_ number: UInt32, _ value: UInt64) {
        key(number, .fixed64)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A `bytes` or embedded-message field.
    public mutating func bytesField(_ number: UInt32, _ value: [UInt8]) {
        key(number, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field.
    public mutating func stringField(_ number: UInt32, _ value: String) {
        bytesField(number, Array(value.utf8))
    }

    /// An embedded message, written by `body`.
    public mutating func messageField(_ number: UInt32, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        bytesField(number, nested.bytes)
    }
}
