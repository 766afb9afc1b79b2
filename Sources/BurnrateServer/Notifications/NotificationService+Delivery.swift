import AsyncHTTPClient
import BurnrateCore
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

extension NotificationService {
    /// Sends one notification to every channel at once.
    func deliver(_ notification: AlertNotification, client: HTTPClient) async {
        let sentAt = Timestamp.now()
        await withTaskGroup(of: Void.self) { group in
            for channel in settings.deliveredChannels {
                group.addTask { await deliver(notification, to: channel, sentAt: sentAt, client: client) }
            }
        }
    }

    /// Sends a notification to one channel, retrying an HTTP channel until it succeeds or the
    /// attempts run out, and records every attempt.
    func deliver(_ notification: AlertNotification, to channel: NotificationChannel, sentAt: Timestamp, client: HTTPClient) async {
        guard channel.kind != .log else {
            log(notification)
            await save(Self.delivery(notification, channel: channel, attempt: 1, outcome: .logged, at: .now(), duration: .zero))
            return
        }
        let body = ByteBuffer(string: payload(notification, for: channel, sentAt: sentAt).serialized())
        let sender = WebhookSender(client: client, timeout: settings.attemptTimeout)
        for attempt in 1...settings.attempts {
            let startedAt = Timestamp.now()
            let started = ContinuousClock.now
            let outcome = await sender.post(body, to: channel)
            await save(
                Self.delivery(
                    notification, channel: channel, attempt: attempt, outcome: outcome, at: startedAt, duration: started.duration(to: .now))
            )
            if outcome.succeeded { return }
            var metadata = Self.metadata(notification)
            metadata["channel"] = "\(channel.name)"
            metadata["error"] = "\(outcome.error ?? "")"
            guard attempt < settings.attempts else {
                logger.error("Notification not delivered after \(attempt) attempts", metadata: metadata)
                return
            }
            guard await Self.waitBeforeRetry(settings.retryDelays[attempt - 1]) else {
                logger.error("Notification not delivered: Burnrate is stopping, so attempt \(attempt) was the last", metadata: metadata)
                return
            }
        }
    }

    func payload(_ notification: AlertNotification, for channel: NotificationChannel, sentAt: Timestamp) -> JSONValue {
        switch channel.kind {
        case .slack: SlackPayload.json(for: notification, baseURL: publicURL)
        case .webhook, .log: WebhookPayload.json(for: notification, baseURL: publicURL, sentAt: sentAt)
        }
    }

    /// The log channel: a warning when an alert fires, a notice when it resolves.
    func log(_ notification: AlertNotification) {
        var metadata = Self.metadata(notification)
        metadata["severity"] = "\(notification.alert.severity.rawValue)"
        metadata["link"] = "\(AlertLink.absolute(notification.alert.link, base: publicURL))"
        switch notification.event {
        case .firing: logger.warning("Alert firing: \(notification.alert.summary)", metadata: metadata)
        case .resolved: logger.notice("Alert resolved: \(notification.alert.summary)", metadata: metadata)
        }
    }

    /// Sleeps before a retry; `false` when Burnrate started shutting down (or the task was
    /// cancelled) first, so the retry should not happen.
    static func waitBeforeRetry(_ delay: Duration) async -> Bool {
        guard !Task.isShuttingDownGracefully else { return false }
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            return true
        } catch {
            return false
        }
    }

    func save(_ delivery: NotificationDelivery) async {
        do {
            try await record([delivery])
        } catch {
            logger.warning(
                "Could not record a notification delivery",
                metadata: ["alert": "\(delivery.alertID)", "channel": "\(delivery.channel)", "error": "\(error)"])
        }
    }

    static func delivery(
        _ notification: AlertNotification, channel: NotificationChannel, attempt: Int, outcome: DeliveryOutcome, at: Timestamp,
        duration: Duration
    ) -> NotificationDelivery {
        NotificationDelivery(
            id: RandomID.make(), alertID: notification.alert.id, rule: notification.alert.rule,
            event: notification.event, channel: channel.name, kind: channel.kind.rawValue, attempt: attempt,
            succeeded: outcome.succeeded, statusCode: outcome.statusCode, error: outcome.error, at: at,
            durationMilliseconds: duration.wholeMilliseconds)
    }
}
