/// A strict RFC 8259 JSON parser over UTF-8 bytes that records the line of every value.
///
/// Nesting deeper than `maximumDepth` arrays and objects is an error. With
/// `rejectingDuplicateKeys`, so is an object that names a key twice: parsers disagree on which
/// value wins, so a reader that must see what another program sees (the proxy, reading what it
/// forwards) refuses the ambiguity. Without it duplicates are kept in order, for `ObjectReader`
/// to report with their field ("appears more than once").
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let rejectsDuplicateKeys: Bool
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    /// The most arrays and objects a document may nest.
    public static let maximumDepth = 64
    /// Objects with more members than this check for duplicate keys with a set, smaller ones by
    /// comparing with each earlier key.
    private static let duplicateScanLimit = 16

    private init(bytes: UnsafeBufferPointer<UInt8>, rejectsDuplicateKeys: Bool, firstLine: Int) {
        self.bytes = bytes
        self.rejectsDuplicateKeys = rejectsDuplicateKeys
        self.line = firstLine
    }

    /// Parses one complete JSON document; trailing content other than white space is an error,
    /// and so is a key named twice in one object when `rejectingDuplicateKeys`.
    ///
    /// Lines are numbered from `firstLine`, so that a document cut from a larger file (a line of
    /// NDJSON) reports the file's lines.
    public static func parse(
        _ data: some Collection<UInt8>, rejectingDuplicateKeys: Bool = false, firstLine: Int = 1
    ) throws(JSONSyntaxError) -> JSONNode {
        let array = Array(data)
        let result: Result<JSONNode, JSONSyntaxError> = array.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, rejectsDuplicateKeys: rejectingDuplicateKeys, firstLine: firstLine)
            return Result { () throws(JSONSyntaxError) -> JSONNode in
                parser.skipWhitespace()
                let node = try parser.parseValue()
                parser.skipWhitespace()
                guard parser.index == buffer.count else {
                    throw parser.error("Unexpected content after the JSON value")
                }
                return node
            }
        }
        return try result.get()
    }

    /// Parses `text` as one JSON document.
    public static func parse(_ text: String, rejectingDuplicateKeys: Bool = false) throws(JSONSyntaxError) -> JSONNode {
        try parse(Array(text.utf8), rejectingDuplicateKeys: rejectingDuplicateKeys)
    }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: index - lineStart + 1)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        let startLine = line
        guard let byte = current else { throw error("Unexpected end of JSON") }
        switch byte {
        case UInt8(ascii: "{"): return JSONNode(try parseObject(), line: startLine)
        case UInt8(ascii: "["): return JSONNode(try parseArray(), line: startLine)
        case UInt8(ascii: "\""): return JSONNode(.string(try parseString()), line: startLine)
        case UInt8(ascii: "t"): try expectLiteral("true"); return JSONNode(.bool(true), line: startLine)
        case UInt8(ascii: "f"): try expectLiteral("false"); return JSONNode(.bool(false), line: startLine)
        case UInt8(ascii: "n"): try expectLiteral("null"); return JSONNode(.null, line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(.number(try parseNumber()), line: startLine)
        default:
            throw error("Unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let expected = Array(literal.utf8)
        guard index + expected.count <= bytes.count else { throw error("Unexpected end of JSON") }
        for offset in expected.indices where bytes[index + offset] != expected[offset] {
            throw error("Invalid literal, expected '\(literal)'")
        }
        index += expected.count
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("JSON nested deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSONMember] = []
        var keys: Set<String> = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("Expected a quoted key") }
            let keyStart = (index: index, line: line, lineStart: lineStart)
            let key = try parseString()
            if rejectsDuplicateKeys { try requireNew(key, in: members, keys: &keys, at: keyStart) }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("Expected ':' after key \"\(key)\"") }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key: key, node: try parseValue()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            case nil: throw error("Unexpected end of JSON inside an object")
            default: throw error("Expected ',' or '}' in object")
            }
        }
    }

    /// Throws when `members` already has `key`. Small objects are searched; from
    /// `duplicateScanLimit` members on, `keys` holds them all.
    private func requireNew(
        _ key: String, in members: [JSONMember], keys: inout Set<String>, at start: (index: Int, line: Int, lineStart: Int)
    ) throws(JSONSyntaxError) {
        let isNew: Bool
        if members.count < Self.duplicateScanLimit {
            isNew = !members.contains { $0.key == key }
            if isNew, members.count == Self.duplicateScanLimit - 1 { keys = Set(members.map(\.key) + [key]) }
        } else {
            isNew = keys.insert(key).inserted
        }
        guard !isNew else { return }
        let shown = key.count > 64 ? String(key.prefix(64)) + "..." : key
        throw JSONSyntaxError(
            message: "Duplicate key \"\(shown)\" in an object; each key may appear once", line: start.line,
            column: start.index - start.lineStart + 1)
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            case nil: throw error("Unexpected end of JSON inside an array")
            default: throw error("Expected ',' or ']' in array")
            }
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw error("Invalid number") }
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            while let byte = current, isDigit(byte) { index += 1 }
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let byte = current, isDigit(byte) else { throw error("Invalid number: digits expected after '.'") }
            while let byte = current, isDigit(byte) { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, isDigit(byte) else { throw error("Invalid number: digits expected in exponent") }
            while let byte = current, isDigit(byte) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try validatedUTF8(start..<index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error("Unescaped control character in string") }
            index += 1
        }
        throw error("Unterminated string")
    }

    private func validatedUTF8(_ range: Range<Int>) throws(JSONSyntaxError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        // ASCII is valid UTF-8, and most JSON strings are ASCII: `String(decoding:)` then skips
        // the generic validation of `String(validating:)`.
        if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw error("String is not valid UTF-8")
        }
        return text
    }

    private mutating func parseEscapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: try validatedUTF8(start..<index).unicodeScalars)
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                scalars.append(contentsOf: try validatedUTF8(runStart..<index).unicodeScalars)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("Unescaped control character in string") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            scalars.append(contentsOf: try validatedUTF8(runStart..<index).unicodeScalars)
            index += 1
            guard let escape = current else { break }
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
            default: throw error("Invalid escape sequence")
            }
            runStart = index
        }
        throw error("Unterminated string")
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("Invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("Invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("Unpaired surrogate in \\u escape")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("Unpaired surrogate in \\u escape") }
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw error("Invalid \\u escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw error("Unpaired surrogate in \\u escape") }
        return scalar
    }
}
