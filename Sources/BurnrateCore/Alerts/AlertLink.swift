/// Links from an alert to the API view that shows its cause, with the alert's filters and time
/// range: relative where they are stored, absolute where people open them (chat, pager).
public enum AlertLink {
    /// `/api/v1/PATH?from=...&to=...&KEY=VALUE...`, every value percent-encoded.
    public static func view(
        _ path: String, filters: [(key: String, value: String)] = [], from: Timestamp, to: Timestamp,
        extra: [(key: String, value: String)] = []
    ) -> String {
        let pairs = [("from", from.rfc3339), ("to", to.rfc3339)] + filters.map { ($0.key, $0.value) } + extra.map { ($0.key, $0.value) }
        return "/api/v1/\(path)?" + pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// `/api/v1/sessions/ID`: one agent run's timeline.
    public static func session(_ id: String) -> String { "/api/v1/sessions/\(encode(id))" }

    /// `base` joined with `link` by exactly one slash; a link that is already absolute is kept.
    ///
    /// `absolute("/api/v1/summary?tenant=acme", base: "https://burnrate.example.com/")` is
    /// `https://burnrate.example.com/api/v1/summary?tenant=acme`.
    public static func absolute(_ link: String, base: String) -> String {
        if link.hasPrefix("http://") || link.hasPrefix("https://") { return link }
        var trimmedBase = Substring(base)
        while trimmedBase.hasSuffix("/") { trimmedBase.removeLast() }
        let path = link.hasPrefix("/") ? link : "/" + link
        return trimmedBase + path
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                encoded += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
            }
        }
        return encoded
    }
}
