/// Why an upstream exchange failed before its response was complete.
enum UpstreamError: Error, Equatable, CustomStringConvertible {
    /// The connection was not established within the connect timeout.
    case connectTimeout
    /// The upstream sent nothing for the read timeout, before its headers or between chunks.
    case readTimeout
    /// The whole exchange outlived its deadline.
    case deadlineExceeded
    /// The connection could not be established (refused, unresolvable host, TLS handshake).
    case connectionFailed(String)
    /// The upstream closed the connection, or it failed, before the response was complete.
    case connectionClosed(String)
    /// A response that is read whole was larger than the limit.
    case responseTooLarge(Int)
    /// The upstream URL is not an `http://` or `https://` URL with a host.
    case invalidURL(String)

    var description: String {
        switch self {
        case .connectTimeout: "connecting timed out"
        case .readTimeout: "no data within the read timeout"
        case .deadlineExceeded: "the exchange outlived its deadline"
        case .connectionFailed(let reason): "connecting failed: \(reason)"
        case .connectionClosed(let reason): "the connection closed before the response was complete: \(reason)"
        case .responseTooLarge(let limit): "the response is larger than \(limit) bytes"
        case .invalidURL(let url): "'\(url)' is not an http:// or https:// URL"
        }
    }
}
