import AsyncHTTPClient
import BurnrateCore
import Logging
import ServiceLifecycle

/// Delivers alert notifications to the log, webhooks and Slack in the background, so that
/// whoever raises them (the alert evaluator, never ingest) is never blocked or slowed.
///
/// `enqueue` only puts notifications in a bounded queue; `run` takes them from it and sends
/// each to every channel at once, retrying an HTTP channel after each of `retryDelays` until it
/// answers 2xx. Every attempt is passed to `record`, failures included. The service owns one
/// `HTTPClient`, created when it starts and shut down when it stops.
///
/// On graceful shutdown it stops taking notifications and sends those already queued; requests
/// in flight finish (each within `attemptTimeout`), but retries still waiting are abandoned:
/// their last attempt stays recorded as failed and an error is logged. Notifications enqueued
/// after that are logged as not sent.
public struct NotificationService: Service {
    let settings: NotificationSettings
    let publicURL: String
    let logger: Logger
    let record: @Sendable ([NotificationDelivery]) async throws -> Void
    let queue: AsyncStream<AlertNotification>
    let queueInput: AsyncStream<AlertNotification>.Continuation

    /// - Parameters:
    ///   - publicURL: the address people reach Burnrate at, which alert links are made absolute
    ///     against (`https://burnrate.example.com`).
    ///   - record: stores delivery attempts as they happen; an error is logged, not retried.
    public init(
        settings: NotificationSettings, publicURL: String, logger: Logger,
        record: @escaping @Sendable ([NotificationDelivery]) async throws -> Void
    ) {
        self.settings = settings
        self.publicURL = publicURL
        self.logger = logger
        self.record = record
        (queue, queueInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(settings.queueCapacity))
    }

    /// Queues notifications for delivery and returns at once, whatever the receivers do. When the
    /// queue is full the oldest waiting notification is dropped with a warning.
    public func enqueue(_ notifications: [AlertNotification]) {
        for notification in notifications {
            switch queueInput.yield(notification) {
            case .enqueued:
                break
            case .dropped(let dropped):
                logger.warning(
                    "Notification queue is full; dropped the oldest notification",
                    metadata: Self.metadata(dropped).merging(["capacity": "\(settings.queueCapacity)"]) { $1 })
            case .terminated:
                logger.warning("Notifications have stopped; not sending", metadata: Self.metadata(notification))
            @unknown default:
                logger.warning("Notification not queued", metadata: Self.metadata(notification))
            }
        }
    }

    public func run() async throws {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, backgroundActivityLogger: logger)
        await withGracefulShutdownHandler {
            await deliverQueued(client: client)
        } onGracefulShutdown: { [queueInput] in
            queueInput.finish()
        }
        try await client.shutdown()
    }

    /// Takes notifications from the queue until it is finished, with at most
    /// `concurrentDeliveries` being delivered at once.
    func deliverQueued(client: HTTPClient) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await notification in queue {
                if running == settings.concurrentDeliveries {
                    await group.next()
                    running -= 1
                }
                group.addTask { await deliver(notification, client: client) }
                running += 1
            }
        }
    }

    static func metadata(_ notification: AlertNotification) -> Logger.Metadata {
        [
            "alert": "\(notification.alert.id)", "rule": "\(notification.alert.rule)",
            "key": "\(notification.alert.key)", "event": "\(notification.event.rawValue)",
        ]
    }
}
