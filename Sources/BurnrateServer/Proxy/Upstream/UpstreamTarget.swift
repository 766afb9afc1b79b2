/// Where one upstream request goes, split out of its URL: the connection to use and the request
/// target to send on it.
struct UpstreamTarget: Sendable, Equatable {
    /// What identifies a reusable connection.
    struct Origin: Hashable, Sendable {
        var tls: Bool
        var host: String
        var port: Int

        /// The `Host` header: the port only when it is not the scheme's default.
        var hostHeader: String {
            let name = host.contains(":") ? "[\(host)]" : host
            return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
        }
    }

    var origin: Origin
    /// The path and query, as sent in the request line.
    var pathAndQuery: String

    /// Parses an `http://` or `https://` URL; `nil` for any other scheme or a URL without a host.
    init?(url: String) {
        let tls: Bool
        var rest: Substring
        if url.hasPrefix("https://") {
            tls = true
            rest = url.dropFirst(8)
        } else if url.hasPrefix("http://") {
            tls = false
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host: Substring
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()) else { return nil }
                port = number
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let number = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = number
        } else {
            host = authority
        }
        guard !host.isEmpty, (port ?? 1) > 0, (port ?? 1) < 65_536 else { return nil }
        origin = Origin(tls: tls, host: host.lowercased(), port: port ?? (tls ? 443 : 80))
        pathAndQuery = rest.isEmpty ? "/" : rest.hasPrefix("?") ? "/" + rest : String(rest)
    }
}
