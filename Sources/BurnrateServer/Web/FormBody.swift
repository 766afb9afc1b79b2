import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, as the dashboard's forms post them.
struct FormBody: Sendable {
    var fields: [(key: String, value: String)]

    /// The first value of `key`, trimmed; `nil` when missing or empty.
    subscript(_ key: String) -> String? {
        fields.first { $0.key == key }.map { $0.value.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func read(_ request: Request) async throws -> FormBody {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        return parse(String(buffer: buffer))
    }

    static func parse(_ text: String) -> FormBody {
        FormBody(
            fields: text.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
            })
    }

    /// `+` is a space; `%XX` a byte; bytes that are not UTF-8 become U+FFFD.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let end = utf8.index(index, offsetBy: 3, limitedBy: utf8.endIndex),
                let value = UInt8(String(decoding: utf8[utf8.index(after: index)..<end], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index = utf8.index(index, offsetBy: 2)
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    var trimmed: String {
        String(
            drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }.reversed().drop {
                $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t"
            }.reversed())
    }
}
