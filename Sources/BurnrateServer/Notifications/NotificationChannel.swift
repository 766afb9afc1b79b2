import Foundation

/// Somewhere notifications go: a generic JSON webhook, a Slack incoming webhook, or the log.
public struct NotificationChannel: Sendable, Hashable {
    /// How a channel is reached, and so which payload it gets.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `POST` of the generic JSON body (`WebhookPayload`).
        case webhook
        /// `POST` of a Slack incoming-webhook body (`SlackPayload`).
        case slack
        /// A line in Burnrate's own log; needs no URL and is always on.
        case log
    }

    /// A short name shown with each delivery (`webhook`, `slack-2`, `log`); never the URL, which
    /// for Slack is a secret.
    public var name: String
    public var kind: Kind
    /// Where to `POST`; `nil` for the log.
    public var url: String?
    /// Extra request headers, such as `Authorization` for a receiver that asks for one.
    public var headers: [String: String]

    public init(name: String, kind: Kind, url: String? = nil, headers: [String: String] = [:]) {
        self.name = name
        self.kind = kind
        self.url = url
        self.headers = headers
    }

    /// The log channel every service has.
    public static let log = NotificationChannel(name: "log", kind: .log)

    /// Whether `text` is an absolute `http` or `https` URL with a host, as every HTTP channel and
    /// the public URL must be.
    public static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
