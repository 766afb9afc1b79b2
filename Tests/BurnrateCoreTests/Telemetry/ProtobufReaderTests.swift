import BurnrateCore
import Testing

@Suite struct ProtobufReaderTests {
    @Test(arguments: [UInt64(0), 1, 127, 128, 300, 16_384, UInt64(UInt32.max), UInt64(Int64.max), UInt64.max])
    func varintsRoundTrip(value: UInt64) throws {
        var writer = ProtobufWriter()
        writer.varint(value)
        var reader = ProtobufReader(writer.bytes)
        #expect(try reader.varint() == value)
        #expect(reader.isAtEnd)
    }

    @Test func readsTheWireFormatOfTheProtobufDocumentation() throws {
        // The protobuf encoding guide's examples: field 1 = 150 is 08 96 01, field 2 = "testing"
        // is 12 07 74 65 73 74 69 6e 67.
        var reader = ProtobufReader([0x08, 0x96, 0x01, 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67])
        let first = try #require(try reader.nextField())
        #expect(first.number == 1 && first.wireType == .varint)
        #expect(try reader.varint() == 150)
        let second = try #require(try reader.nextField())
        #expect(second.number == 2 && second.wireType == .lengthDelimited)
        #expect(try reader.string() == "testing")
        #expect(try reader.nextField() == nil)
    }

    @Test func fixedWidthValuesAreLittleEndian() throws {
        var writer = ProtobufWriter()
        writer.fixed64Field(7, 1_796_032_800_000_000_000)
        writer.fixed64Field(4, (1.5).bitPattern)
        var reader = ProtobufReader(writer.bytes)
        #expect(try reader.nextField()?.wireType == .fixed64)
        #expect(try reader.fixed64() == 1_796_032_800_000_000_000)
        _ = try reader.nextField()
        #expect(Double(bitPattern: try reader.fixed64()) == 1.5)
    }

    @Test func skipsEveryWireTypeItDoesNotRead() throws {
        var writer = ProtobufWriter()
        writer.varintField(1, -1)
        writer.fixed64Field(2, 42)
        // Field 3 as fixed32 (key 0x1D and four bytes), which the writer has no method for.
        let bytes = writer.bytes + [0x1D, 1, 2, 3, 4] + [0x22, 0x01, 0x78]
        var reader = ProtobufReader(bytes)
        var numbers: [UInt32] = []
        while let field = try reader.nextField() {
            numbers.append(field.number)
            if field.number == 4 { #expect(try reader.string() == "x") } else { try reader.skip(field) }
        }
        #expect(numbers == [1, 2, 3, 4])
    }

    @Test(arguments: [
        ([UInt8]([0x96]), "truncated varint"),
        ([0x12, 0x05, 0x61], "runs past the end"),
        ([0x09, 0x01, 0x02], "truncated fixed64"),
        ([0x0B], "group"),
        ([0x0F], "invalid wire type"),
        ([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02], "longer than 64 bits"),
        ([0x12, 0x02, 0xC3, 0x28], "not valid UTF-8"),
    ])
    func malformedInputThrowsInsteadOfTrapping(bytes: [UInt8], message: String) {
        var reader = ProtobufReader(bytes)
        #expect {
            while let field = try reader.nextField() {
                if field.number == 2 {
                    _ = try reader.string()
                } else if field.wireType == .varint {
                    _ = try reader.varint()
                } else {
                    try reader.skip(field)
                }
            }
        } throws: { error in
            (error as? OTLPDecodingError)?.message.contains(message) == true
        }
    }
}
