/// Where notifications go and how hard Burnrate tries to deliver them.
public struct NotificationSettings: Sendable, Hashable {
    /// The configured channels. The log is always added when it is not among them.
    public var channels: [NotificationChannel]
    /// How long to wait before each retry; one more attempt is made than there are delays.
    public var retryDelays: [Duration]
    /// How long one attempt may take, from connecting to the end of the answer.
    public var attemptTimeout: Duration
    /// Notifications waiting to be sent beyond this many push out the oldest, with a warning.
    public var queueCapacity: Int
    /// At most this many notifications are being delivered at once; the rest wait in the queue.
    public var concurrentDeliveries: Int

    /// - Parameters:
    ///   - retryDelays: 1 s, 5 s and 30 s by default: four attempts spread over about 40 s.
    ///   - attemptTimeout: 10 s by default.
    public init(
        channels: [NotificationChannel] = [], retryDelays: [Duration] = [.seconds(1), .seconds(5), .seconds(30)],
        attemptTimeout: Duration = .seconds(10), queueCapacity: Int = 1_000, concurrentDeliveries: Int = 8
    ) {
        self.channels = channels
        self.retryDelays = retryDelays
        self.attemptTimeout = attemptTimeout
        self.queueCapacity = max(1, queueCapacity)
        self.concurrentDeliveries = max(1, concurrentDeliveries)
    }

    /// Attempts per notification and HTTP channel: the first one and a retry for each delay.
    public var attempts: Int { retryDelays.count + 1 }

    /// Every channel a notification goes to: the log first, then the configured channels.
    public var deliveredChannels: [NotificationChannel] {
        channels.contains { $0.kind == .log } ? channels : [.log] + channels
    }

    /// Channels for webhook and Slack URLs given on the command line, named `webhook`,
    /// `webhook-2`, ..., `slack`, `slack-2`, ... in the order given.
    public static func channels(webhooks: [String], slackWebhooks: [String]) -> [NotificationChannel] {
        func named(_ urls: [String], kind: NotificationChannel.Kind) -> [NotificationChannel] {
            urls.enumerated().map { offset, url in
                NotificationChannel(name: offset == 0 ? kind.rawValue : "\(kind.rawValue)-\(offset + 1)", kind: kind, url: url)
            }
        }
        return named(webhooks, kind: .webhook) + named(slackWebhooks, kind: .slack)
    }
}
