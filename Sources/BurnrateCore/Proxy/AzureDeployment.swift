/// The rules for an Azure OpenAI deployment name, which the proxy puts into an upstream path
/// (`/openai/deployments/{deployment}/...`): from the client's path, or from the body's `model`
/// when an OpenAI-style path goes to an Azure upstream.
///
/// Names are 1 to `maximumLength` ASCII letters, digits, `-`, `_` and `.`, starting with a letter
/// or digit (so never `.` or `..`). A percent sign, slash or anything else that could change the
/// upstream path is refused, and what passes is still percent-encoded as a path segment.
public enum AzureDeployment {
    /// The longest deployment name, as Azure allows.
    public static let maximumLength = 64

    /// Why `name` cannot be a deployment name; `nil` when it can.
    public static func problem(_ name: some StringProtocol) -> String? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return "is empty" }
        if bytes.count > maximumLength { return "is \(bytes.count) characters long; the limit is \(maximumLength)" }
        guard isAlphanumeric(first) else { return "must start with a letter or digit" }
        guard bytes.allSatisfy(isAllowed) else {
            return "may hold only ASCII letters, digits, '-', '_' and '.'"
        }
        return nil
    }

    /// `name` with every byte but ASCII letters, digits, `-`, `_`, `.` and `~` percent-encoded
    /// (RFC 3986 unreserved characters), to go into a URL path as one segment.
    public static func percentEncoded(_ name: some StringProtocol) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            if isAllowed(byte) || byte == UInt8(ascii: "~") {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }
}
