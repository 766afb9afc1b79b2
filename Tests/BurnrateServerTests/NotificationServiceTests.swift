import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import Logging
import ServiceLifecycle
import Testing

/// The notification service against real HTTP receivers on loopback: payloads, retries and
/// their records, timeouts, a caller that is never held up, and a clean shutdown.
@Suite struct NotificationServiceTests {
    static let publicURL = "https://burnrate.example.com"

    /// Every delivery attempt the service recorded.
    actor Deliveries {
        private(set) var all: [NotificationDelivery] = []

        func append(_ deliveries: [NotificationDelivery]) { all += deliveries }

        func on(_ channel: String) -> [NotificationDelivery] { all.filter { $0.channel == channel } }

        /// Waits until `count` attempts on `channel` were recorded; `false` if they never were.
        /// Generous (three minutes): the whole suite on two cores once took over a minute to
        /// deliver 51 notifications to a loopback receiver that answered at once.
        nonisolated func arrive(_ count: Int, on channel: String) async -> Bool {
            await eventually(timeout: .seconds(180)) { await self.on(channel).count >= count }
        }
    }

    static func notification(id: String = "alert-1", event: AlertNotification.Event = .firing) -> AlertNotification {
        let alert = Alert(
            id: id, rule: "budget_threshold", key: "budget_threshold/acme-monthly/80", state: event == .firing ? .firing : .resolved,
            severity: .critical, summary: "Budget 'Acme monthly' reached 100%: $1,000.00 of $1,000.00",
            figures: [.usd("spent_usd", Money(dollars: 1_000)), .percent("threshold_percent", 100)], labels: ["budget": "acme-monthly"],
            link: "/api/v1/budgets/status?budget=acme-monthly", startedAt: Timestamp(rfc3339: "2026-11-23T09:30:00Z")!,
            firedAt: Timestamp(rfc3339: "2026-11-23T09:30:00Z")!)
        return AlertNotification(event: event, alert: alert)
    }

    /// Settings for `channels`. The attempt timeout is long because only one test is about it:
    /// when the full suite starts servers, browsers and Python clients at once on two cores, a
    /// loopback answer has taken more than 5 s, and these tests check payloads and retries.
    static func settings(
        _ channels: [NotificationChannel], retryDelays: [Duration] = [.milliseconds(10), .milliseconds(10)],
        attemptTimeout: Duration = .seconds(20), queueCapacity: Int = 100
    ) -> NotificationSettings {
        NotificationSettings(channels: channels, retryDelays: retryDelays, attemptTimeout: attemptTimeout, queueCapacity: queueCapacity)
    }

    /// Runs `body` with a running service in a service group, then shuts it down gracefully.
    static func withService(
        _ settings: NotificationSettings,
        _ body: @Sendable (NotificationService, Deliveries) async throws -> Void
    ) async throws {
        let deliveries = Deliveries()
        let service = NotificationService(
            settings: settings, publicURL: publicURL, logger: LoopbackReceiver.quietLogger, record: { await deliveries.append($0) })
        let group = ServiceGroup(services: [service], logger: LoopbackReceiver.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body(service, deliveries)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func webhookReceiverGetsTheDocumentedPayloadWithItsHeaders() async throws {
        try await LoopbackReceiver.with { url, received in
            let channel = NotificationChannel(name: "ops", kind: .webhook, url: url, headers: ["Authorization": "Bearer s3cret"])
            try await Self.withService(Self.settings([channel])) { service, deliveries in
                service.enqueue([Self.notification()])
                #expect(await deliveries.arrive(1, on: "ops"))
                #expect(await deliveries.arrive(1, on: "log"))
                let request = try #require(await received.requests.first)
                let sentAt = try Self.sentAt(request.body)
                let expected = WebhookPayload.json(for: Self.notification(), baseURL: Self.publicURL, sentAt: sentAt).serialized()
                #expect(request.body == expected)
                #expect(request.headers[.contentType] == "application/json")
                #expect(request.headers[.authorization] == "Bearer s3cret")
                let delivery = try #require(await deliveries.on("ops").first)
                #expect(delivery.kind == "webhook" && delivery.attempt == 1 && delivery.succeeded && delivery.statusCode == 200)
                #expect(delivery.alertID == "alert-1" && delivery.rule == "budget_threshold" && delivery.event == .firing)
                #expect(delivery.error == nil)
                let logged = try #require(await deliveries.on("log").first)
                #expect(logged.kind == "log" && logged.succeeded)
            }
        }
    }

    @Test func slackReceiverGetsTheSlackBody() async throws {
        try await LoopbackReceiver.with { url, received in
            let channel = NotificationChannel(name: "slack", kind: .slack, url: url)
            try await Self.withService(Self.settings([channel])) { service, deliveries in
                service.enqueue([Self.notification(event: .resolved)])
                #expect(await deliveries.arrive(1, on: "slack"))
                let body = await received.requests.first?.body
                #expect(body == SlackPayload.json(for: Self.notification(event: .resolved), baseURL: Self.publicURL).serialized())
                #expect(body?.contains(":white_check_mark: RESOLVED") == true)
            }
        }
    }

    @Test func aReceiverFailingTwiceIsRetriedAndEveryAttemptRecorded() async throws {
        let answer: LoopbackReceiver.Answer = { number in number <= 2 ? (.internalServerError, "boom") : (.ok, "ok") }
        try await LoopbackReceiver.with(answer: answer) { url, received in
            let channel = NotificationChannel(name: "ops", kind: .webhook, url: url)
            try await Self.withService(Self.settings([channel], retryDelays: [.milliseconds(10), .milliseconds(20), .milliseconds(30)])) {
                service, deliveries in
                service.enqueue([Self.notification()])
                #expect(await deliveries.arrive(3, on: "ops"))
                let attempts = await deliveries.on("ops")
                #expect(attempts.map(\.attempt) == [1, 2, 3])
                #expect(attempts.map(\.succeeded) == [false, false, true])
                #expect(attempts.map(\.statusCode) == [500, 500, 200])
                #expect(attempts.map(\.error) == ["HTTP 500: boom", "HTTP 500: boom", nil])
                let bodies = await received.requests.map(\.body)
                #expect(bodies.count == 3 && Set(bodies).count == 1)
            }
        }
    }

    @Test func aReceiverThatNeverSucceedsIsRecordedAsFailedAfterEveryAttempt() async throws {
        try await LoopbackReceiver.with(answer: { _ in (.serviceUnavailable, "") }) { url, received in
            let channel = NotificationChannel(name: "ops", kind: .webhook, url: url)
            let settings = Self.settings([channel], retryDelays: [.milliseconds(5), .milliseconds(5)])
            try await Self.withService(settings) { service, deliveries in
                service.enqueue([Self.notification()])
                #expect(await deliveries.arrive(3, on: "ops"))
                try await Task.sleep(for: .milliseconds(100))
                let attempts = await deliveries.on("ops")
                #expect(attempts.map(\.attempt) == [1, 2, 3])
                let allFailed = attempts.allSatisfy { !$0.succeeded && $0.statusCode == 503 && $0.error == "HTTP 503" }
                #expect(allFailed)
                #expect(await received.requests.count == 3)
            }
        }
    }

    @Test func anUnreachableReceiverIsRecordedWithTheTransportError() async throws {
        let channel = NotificationChannel(name: "gone", kind: .webhook, url: "http://127.0.0.1:1/hook")
        let settings = Self.settings([channel], retryDelays: [], attemptTimeout: .milliseconds(500))
        try await Self.withService(settings) { service, deliveries in
            service.enqueue([Self.notification()])
            #expect(await deliveries.arrive(1, on: "gone"))
            let delivery = try #require(await deliveries.on("gone").first)
            #expect(!delivery.succeeded && delivery.statusCode == nil)
            #expect(delivery.error?.contains("Connection refused") == true)
        }
    }

    @Test func aHangingReceiverIsCutOffByTheTimeout() async throws {
        let gate = Gate()
        try await LoopbackReceiver.with(answer: { _ in
            await gate.wait()
            return (.ok, "")
        }) { url, _ in
            let channel = NotificationChannel(name: "slow", kind: .webhook, url: url)
            let settings = Self.settings([channel], retryDelays: [], attemptTimeout: .milliseconds(300))
            try await Self.withService(settings) { service, deliveries in
                service.enqueue([Self.notification()])
                #expect(await deliveries.arrive(1, on: "slow"))
                let delivery = try #require(await deliveries.on("slow").first)
                #expect(!delivery.succeeded && delivery.statusCode == nil)
                #expect(delivery.error == "timed out after 300 ms")
                // No upper bound: the receiver cannot answer before the gate opens below, so a
                // recorded delivery was cut off; how late it is recorded depends on the machine's
                // load (more than 5 s once, with browsers and PostgreSQL busy on two cores).
                #expect(delivery.durationMilliseconds >= 250)
            }
            gate.open()
        }
    }

    @Test func enqueueReturnsAtOnceWhileAReceiverIsSlow() async throws {
        let gate = Gate()
        try await LoopbackReceiver.with(answer: { _ in
            await gate.wait()
            return (.ok, "")
        }) { url, received in
            let channel = NotificationChannel(name: "slow", kind: .webhook, url: url)
            try await Self.withService(Self.settings([channel], attemptTimeout: .seconds(30))) { service, deliveries in
                service.enqueue([Self.notification(id: "first")])
                let held = await eventually { await received.requests.count == 1 }
                #expect(held)
                let clock = ContinuousClock()
                let elapsed = clock.measure {
                    service.enqueue((1...50).map { Self.notification(id: "n\($0)") })
                }
                #expect(elapsed < .milliseconds(100), "enqueue took \(elapsed) while the receiver held a request for seconds")
                #expect(await deliveries.on("slow").isEmpty)
                gate.open()
                #expect(await deliveries.arrive(51, on: "slow"))
                #expect(await deliveries.on("slow").allSatisfy(\.succeeded))
            }
        }
    }

    @Test func aFullQueueDropsTheOldestNotifications() async throws {
        let deliveries = Deliveries()
        let service = NotificationService(
            settings: Self.settings([], queueCapacity: 2), publicURL: Self.publicURL, logger: LoopbackReceiver.quietLogger,
            record: { await deliveries.append($0) })
        service.enqueue((1...5).map { Self.notification(id: "n\($0)") })
        let group = ServiceGroup(services: [service], logger: LoopbackReceiver.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await deliveries.arrive(2, on: "log"))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await Set(deliveries.all.map(\.alertID)) == ["n4", "n5"])
    }

    @Test func gracefulShutdownAbandonsWaitingRetriesPromptly() async throws {
        try await LoopbackReceiver.with(answer: { _ in (.badGateway, "") }) { url, received in
            let channel = NotificationChannel(name: "ops", kind: .webhook, url: url)
            let clock = ContinuousClock()
            let start = clock.now
            // The retry is due in an hour, far beyond what a loaded machine adds to the first
            // attempt (up to the 20 s attempt timeout), so only waiting for it fails the bound.
            try await Self.withService(Self.settings([channel], retryDelays: [.seconds(3_600)])) { service, deliveries in
                service.enqueue([Self.notification()])
                #expect(await deliveries.arrive(1, on: "ops"))
            }
            #expect(clock.now - start < .seconds(300), "shutdown waited for a retry due in an hour")
            #expect(await received.requests.count == 1)
        }
    }

    @Test func notificationsEnqueuedAfterShutdownAreNotSent() async throws {
        let deliveries = Deliveries()
        let service = NotificationService(
            settings: Self.settings([]), publicURL: Self.publicURL, logger: LoopbackReceiver.quietLogger,
            record: { await deliveries.append($0) })
        let group = ServiceGroup(services: [service], logger: LoopbackReceiver.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            service.enqueue([Self.notification(id: "before")])
            #expect(await deliveries.arrive(1, on: "log"))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        service.enqueue([Self.notification(id: "after")])
        #expect(await deliveries.all.map(\.alertID) == ["before"])
    }

    @Test func commandLineURLsBecomeNamedChannelsAfterTheLog() {
        let settings = NotificationSettings(
            channels: NotificationSettings.channels(
                webhooks: ["http://a.example/hook", "https://b.example/hook"], slackWebhooks: ["https://hooks.slack.com/services/T/B/X"]))
        #expect(settings.deliveredChannels.map(\.name) == ["log", "webhook", "webhook-2", "slack"])
        #expect(settings.deliveredChannels.map(\.kind) == [.log, .webhook, .webhook, .slack])
        #expect(settings.attempts == 4)
        #expect(settings.attemptTimeout == .seconds(10))
    }

    @Test(arguments: [
        ("https://hooks.slack.com/services/T/B/X", true), ("http://127.0.0.1:9000/hook", true), ("HTTPS://EXAMPLE.COM", true),
        ("ftp://example.com/hook", false), ("example.com/hook", false), ("http://", false), ("", false),
    ])
    func onlyHTTPURLsWithAHostAreAccepted(url: String, accepted: Bool) {
        #expect(NotificationChannel.isHTTPURL(url) == accepted)
    }

    @Test func publicURLDefaultsToTheListeningAddress() {
        #expect(AppConfiguration(host: "127.0.0.1", port: 8080).resolvedPublicURL == "http://127.0.0.1:8080")
        #expect(AppConfiguration(host: "::1", port: 9000).resolvedPublicURL == "http://[::1]:9000")
        #expect(AppConfiguration(publicURL: "https://burnrate.example.com").resolvedPublicURL == "https://burnrate.example.com")
    }

    static func sentAt(_ body: String) throws -> Timestamp {
        let members = try #require(try JSONParser.parse(body).members)
        guard case .string(let text) = members.first(where: { $0.key == "sent_at" })?.node.value else {
            throw NotificationTestFailure(message: "the body has no sent_at: \(body)")
        }
        return try #require(Timestamp(rfc3339: text))
    }

    struct NotificationTestFailure: Error {
        var message: String
    }
}
