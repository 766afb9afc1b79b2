import BurnrateCore
import BurnrateTestSupport
import Testing

/// Real OTLP exports with bytes flipped, cut short or replaced, and random bytes: every decode
/// either succeeds or throws an `OTLPDecodingError`, and every decoded request maps to events
/// within the limits. A trap here would end this test process, as it would end the server.
@Suite struct OTLPMutationTests {
    static let mutationsPerFixture = 2_000

    @Test(arguments: OTLPFixtures.all)
    func mutatedProtobufExportsDecodeOrThrow(_ name: String) throws {
        let original = try OTLPFixtures.protobuf(name)
        var random = SeededRandom(seed: 0xB0F + UInt64(name.utf8.count))
        for _ in 0..<Self.mutationsPerFixture {
            var bytes = original
            switch random.next() % 4 {
            case 0:
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            case 1:
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
            case 2:
                // A varint of ten 0xFF bytes: the largest length or count a field can claim.
                let index = Int(random.next() % UInt64(bytes.count))
                bytes.replaceSubrange(index..<index, with: [UInt8](repeating: 0xFF, count: 9) + [0x01])
            default:
                bytes = (0..<Int(random.next() % 256)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            Self.decodeAndMap(bytes)
        }
    }

    @Test(arguments: OTLPFixtures.all)
    func mutatedJSONExportsDecodeOrThrow(_ name: String) throws {
        let original = try OTLPFixtures.json(name)
        var random = SeededRandom(seed: 0x150 + UInt64(name.utf8.count))
        let literals = ["9223372036854775807", "-1", "1e400", "\"\\u0000\"", "[]", "{}", "null", "18446744073709551616"]
        let replacements: [[UInt8]] = literals.map { Array($0.utf8) }
        for _ in 0..<Self.mutationsPerFixture {
            var bytes = original
            let index = Int(random.next() % UInt64(bytes.count))
            if random.next() % 2 == 0 {
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            } else {
                let end = min(bytes.count, index + Int(random.next() % 8))
                bytes.replaceSubrange(index..<end, with: replacements[Int(random.next() % UInt64(replacements.count))])
            }
            do {
                let request = try OTLPJSONDecoder.decode(bytes)
                Self.check(GenAISpanMapper().map(request, now: .now()))
            } catch {}
        }
    }

    static func decodeAndMap(_ bytes: [UInt8]) {
        do {
            let request = try OTLPProtobufDecoder.decode(bytes)
            check(GenAISpanMapper().map(request, now: .now()))
        } catch {}
    }

    /// What a mapped export may hold: counts and names within the limits the events API keeps.
    static func check(_ result: GenAISpanMapper.Result) {
        for event in result.events {
            #expect((0...Limits.maximumTokens).contains(event.usage.inputTokens))
            #expect((0...Limits.maximumTokens).contains(event.usage.outputTokens))
            #expect(event.model.count <= Limits.maximumValueLength && !Limits.hasControlCharacter(event.model))
            for value in [event.attribution.tenant, event.attribution.user, event.attribution.feature].compactMap({ $0 }) {
                #expect(value.count <= Limits.maximumValueLength && !Limits.hasControlCharacter(value))
            }
        }
    }
}
