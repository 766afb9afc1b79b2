import BurnrateCore
import Testing

@Suite struct ParsingTests {
    @Test func parsesJSONWithEscapesAndLines() throws {
        let node = try JSONParser.parse("{\n \"a\": \"x\\u00e9\\ud83d\\ude00\\n\",\n \"b\": [1, -2.5e3, true, null]\n}")
        let members = try #require(node.members)
        #expect(members[0].node.value == .string("xé😀\n"))
        #expect(members[1].node.line == 3)
        #expect(members[1].node.elements?.map(\.value) == [.number("1"), .number("-2.5e3"), .bool(true), .null])
    }

    @Test func readsStringsAsciiOrNotAndRefusesInvalidUTF8() throws {
        let node = try JSONParser.parse(#"["plain", "café 😀", "mixed \n é"]"#)
        #expect(node.elements?.map(\.value) == [.string("plain"), .string("café 😀"), .string("mixed \n é")])
        let invalid: [UInt8] = Array(#"["a"#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(invalid) }
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "\"\\ud800\"", "01", "[1] 2", "\"a\u{01}\"", "nul", ""])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsDeepNesting() throws {
        #expect(throws: JSONSyntaxError.self) {
            try JSONParser.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        }
        let limit = JSONParser.maximumDepth
        _ = try JSONParser.parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        #expect(throws: JSONSyntaxError.self) {
            try JSONParser.parse(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        }
    }

    /// When asked, duplicates are found in small objects (compared one by one) and large ones
    /// (with a set), at the top and nested, and named with their line.
    @Test(arguments: [
        (#"{"a": 1, "a": 2}"#, "a", 1),
        (#"{"m": {"x": 1,\#n "x": 1}}"#, "x", 2),
        ("{" + (0..<40).map { #""k\#($0)": \#($0)"# }.joined(separator: ",") + #", "k39": 0}"#, "k39", 1),
        ("{" + (0..<15).map { #""k\#($0)": \#($0)"# }.joined(separator: ",") + #", "k0": 0}"#, "k0", 1),
        ("{" + (0..<16).map { #""k\#($0)": \#($0)"# }.joined(separator: ",") + #", "k15": 0}"#, "k15", 1),
        (#"[{"ok": 1}, {"a\u0062": 1, "ab": 2}]"#, "ab", 1),
    ])
    func rejectsDuplicateKeys(_ text: String, _ key: String, _ line: Int) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text, rejectingDuplicateKeys: true) }
        #expect(error?.message.contains("Duplicate key \"\(key)\"") == true)
        #expect(error?.line == line)
        // By default they are kept, for `ObjectReader` to name the field.
        #expect(throws: Never.self) { try JSONParser.parse(text) }
    }

    @Test func acceptsEqualKeysInDifferentObjects() throws {
        let many = "{" + (0..<40).map { #""k\#($0)": {"k\#($0)": 1}"# }.joined(separator: ",") + "}"
        #expect(try JSONParser.parse(many, rejectingDuplicateKeys: true).members?.count == 40)
        #expect(try JSONParser.parse(#"[{"a": 1}, {"a": 2}]"#, rejectingDuplicateKeys: true).elements?.count == 2)
    }

    @Test func writesJSONThatReadsBack() throws {
        let value = JSONValue.fields([("text", .string("quote \" slash \\ tab \t ctrl \u{01} ü")), ("n", .number("12"))])
        #expect(try JSONParser.parse(value.serialized()).value.withoutLines == value.withoutLines)
        #expect(try JSONParser.parse(value.serialized(indent: 2)).value.withoutLines == value.withoutLines)
    }

    @Test(arguments: [
        ("2026-11-23T09:30:00Z", "2026-11-23T09:30:00Z"),
        ("2026-11-23t09:30:00.5z", "2026-11-23T09:30:00.5Z"),
        ("2026-11-23T10:30:00.123456789+01:00", "2026-11-23T09:30:00.123456Z"),
        ("2026-03-29T01:30:00-02:30", "2026-03-29T04:00:00Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z"),
    ])
    func parsesRFC3339(text: String, normalized: String) throws {
        #expect(try #require(Timestamp(rfc3339: text)).rfc3339 == normalized)
    }

    @Test(arguments: [
        "2026-11-23", "2026-11-23T09:30:00", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T25:00:00Z",
        "2026-11-23T09:30:00+0100",
    ])
    func rejectsBadRFC3339(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test(
        arguments: [("2.50", 2_500_000, "2.50"), ("0.0375", 37_500, "0.0375"), ("10", 10_000_000, "10.00"), ("0.000001", 1, "0.000001")]
            as [(String, Int64, String)])
    func parsesRatesExactly(text: String, pico: Int64, formatted: String) {
        #expect(TokenRate(perMillion: text)?.picoUSDPerToken == pico)
        #expect(TokenRate(perMillion: text)?.perMillionString == formatted)
    }

    @Test(arguments: ["-1", "1.0000001", "abc", "", ".", "1e3"])
    func rejectsBadRates(text: String) {
        #expect(TokenRate(perMillion: text) == nil)
    }

    @Test func formatsMoney() {
        #expect(Money(nanos: 1_250_000).usdString == "0.001250000")
        #expect(Money(nanos: -1).usdString == "-0.000000001")
        #expect(Money(usd: "12.5") == Money(nanos: 12_500_000_000))
    }

    @Test func readsCSVWithQuotesAndLineBreaks() throws {
        let records = try CSVReader.records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\r\n\n")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["multi\nline", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
        #expect { try CSVReader.records("a\n\"open") } throws: { ($0 as? CSVReader.UnterminatedQuote)?.line == 2 }
    }
}

extension JSONValue {
    /// The same value with every line set to 0, to compare parsed and built values.
    var withoutLines: JSONValue {
        switch self {
        case .array(let nodes): .array(nodes.map { JSONNode($0.value.withoutLines, line: 0) })
        case .object(let members): .object(members.map { JSONMember(key: $0.key, node: JSONNode($0.node.value.withoutLines, line: 0)) })
        default: self
        }
    }
}

@Suite struct HTTPDateTests {
    @Test(arguments: [
        (Int64(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT"),  // RFC 9110's example
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_796_392_703, "Fri, 04 Dec 2026 13:58:23 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func formatsIMFFixdate(seconds: Int64, expected: String) {
        #expect(HTTPDate.string(secondsSinceEpoch: seconds) == expected)
    }
}
