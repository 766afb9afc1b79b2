/// Reads the protocol buffers wire format, field by field, without generated code: enough to
/// decode the few OTLP messages Burnrate needs and skip everything else.
///
/// Nested messages are read by `message()`, which returns a reader over the same bytes bounded
/// to the submessage, so decoding copies no buffers. Every read checks its bounds and throws an
/// `OTLPDecodingError` naming the byte offset instead of trapping on a truncated body.
public struct ProtobufReader: Sendable {
    /// How a field's value is encoded.
    public enum WireType: UInt8, Sendable {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case startGroup = 3
        case endGroup = 4
        case fixed32 = 5
    }

    /// A field key: its number and how its value is encoded.
    public struct Field: Sendable, Hashable {
        public var number: UInt32
        public var wireType: WireType
    }

    private let bytes: [UInt8]
    private var index: Int
    private let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { index >= end }

    /// The next field key, or `nil` at the end of the message.
    public mutating func nextField() throws(OTLPDecodingError) -> Field? {
        guard !isAtEnd else { return nil }
        let offset = index
        let key = try varint()
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw OTLPDecodingError("invalid wire type \(key & 7) at byte \(offset)")
        }
        let number = key >> 3
        guard number > 0, number <= 536_870_911 else { throw OTLPDecodingError("invalid field number \(number) at byte \(offset)") }
        return Field(number: UInt32(number), wireType: wireType)
    }

    /// A base-128 varint (at most 10 bytes).
    public mutating func varint() throws(OTLPDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = index
        while true {
            guard index < end else { throw OTLPDecodingError("truncated varint at byte \(start)") }
            let byte = bytes[index]
            index += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw OTLPDecodingError("varint longer than 64 bits at byte \(start)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A little-endian 64-bit value (`fixed64`, `sfixed64`, `double`).
    public mutating func fixed64() throws(OTLPDecodingError) -> UInt64 {
        guard end - index >= 8 else { throw OTLPDecodingError("truncated fixed64 at byte \(index)") }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += 8
        return value
    }

    /// A little-endian 32-bit value (`fixed32`, `sfixed32`, `float`).
    public mutating func fixed32() throws(OTLPDecodingError) -> UInt32 {
        guard end - index >= 4 else { throw OTLPDecodingError("truncated fixed32 at byte \(index)") }
        var value: UInt32 = 0
        for offset in 0..<4 { value |= UInt32(bytes[index + offset]) << (8 * UInt32(offset)) }
        index += 4
        return value
    }

    /// The bounds of a length-delimited value, which the reader moves past.
    private mutating func lengthDelimited() throws(OTLPDecodingError) -> Range<Int> {
        let offset = index
        let length = try varint()
        guard length <= UInt64(end - index) else {
            throw OTLPDecodingError("length \(length) at byte \(offset) runs past the end of its message")
        }
        let range = index..<(index + Int(length))
        index = range.upperBound
        return range
    }

    /// A length-delimited value's bytes (`bytes` fields such as span ids).
    public mutating func bytesValue() throws(OTLPDecodingError) -> [UInt8] {
        Array(bytes[try lengthDelimited()])
    }

    /// A `string` field; invalid UTF-8 is an error, as protobuf requires.
    public mutating func string() throws(OTLPDecodingError) -> String {
        let range = try lengthDelimited()
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw OTLPDecodingError("string at byte \(range.lowerBound) is not valid UTF-8")
        }
        return text
    }

    /// A reader over an embedded message.
    public mutating func message() throws(OTLPDecodingError) -> ProtobufReader {
        ProtobufReader(bytes: bytes, range: try lengthDelimited())
    }

    /// Skips the value of a field this decoder does not read.
    public mutating func skip(_ field: Field) throws(OTLPDecodingError) {
        switch field.wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup:
            throw OTLPDecodingError("field \(field.number) uses the deprecated group encoding, which OTLP never sends")
        }
    }

    /// Checks that `field` has the wire type its schema says, so that a misencoded field is an
    /// error instead of a misread.
    public func expect(_ field: Field, _ wireType: WireType) throws(OTLPDecodingError) {
        guard field.wireType == wireType else {
            throw OTLPDecodingError(
                "field \(field.number) has wire type \(field.wireType.rawValue), expected \(wireType.rawValue) (before byte \(index))")
        }
    }
}
