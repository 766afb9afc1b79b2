import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Foundation
import Testing

/// The behaviour every store must have for alerts and notification deliveries; each test runs
/// against every backend.
@Suite(.tags(.postgres)) struct AlertContractTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// A firing, acknowledged alert with every field set, to the microsecond.
    static let threshold = Alert(
        id: "al-threshold", rule: "budget_threshold", key: "budget_threshold/acme-monthly/80", state: .firing, severity: .warning,
        summary: "Budget 'Acme monthly' reached 80%: $812.400000001 of $1,000.00 — “ü” 北京",
        figures: [
            .usd("spent_usd", Money(nanos: 812_400_000_001)), .percent("threshold_percent", 80), .ratio("z_score", 3.256),
            .count("requests", 12_345), .text("model", "gpt-4o"),
        ],
        labels: ["budget": "acme-monthly", "tenant": "acme", "path": "/a/b"], link: "/api/v1/summary?tenant=acme&from=2026-03-01",
        startedAt: at("2026-03-08T09:30:00.123456Z"), firedAt: at("2026-03-08T09:31:00.000001Z"),
        lastSeenAt: at("2026-03-08T10:00:00.5Z"), acknowledgedAt: at("2026-03-08T09:45:00Z"), acknowledgedBy: "ops@acme.example",
        history: [
            AlertTransition(event: "pending", at: at("2026-03-08T09:30:00.123456Z")),
            AlertTransition(event: "firing", at: at("2026-03-08T09:31:00.000001Z")),
            AlertTransition(event: "acknowledged", at: at("2026-03-08T09:45:00Z"), note: "ops@acme.example"),
        ])

    static let anomaly = Alert(
        id: "al-anomaly", rule: "daily_anomaly", key: "daily_anomaly/all", state: .pending, severity: .critical,
        summary: "Spend is 3.2x the usual Monday", link: "/api/v1/timeseries", startedAt: at("2026-03-09T00:00:00Z"))

    static let spike = Alert(
        id: "al-spike", rule: "hourly_spike", key: "hourly_spike/all", state: .resolved, severity: .info, summary: "Hourly spike",
        link: "/api/v1/timeseries?interval=hour", startedAt: at("2026-03-07T12:00:00Z"), firedAt: at("2026-03-07T12:00:00Z"),
        lastSeenAt: at("2026-03-07T13:00:00Z"), resolvedAt: at("2026-03-07T14:00:00Z"),
        history: [
            AlertTransition(event: "firing", at: at("2026-03-07T12:00:00Z")),
            AlertTransition(event: "resolved", at: at("2026-03-07T14:00:00Z"), note: "back under 2x"),
        ])

    /// An earlier occurrence of `threshold`'s condition, resolved, with the same rule and key.
    static let earlierThreshold = Alert(
        id: "al-threshold-earlier", rule: "budget_threshold", key: "budget_threshold/acme-monthly/80", state: .resolved,
        severity: .warning, summary: "Budget 'Acme monthly' reached 80%", link: "/api/v1/summary?tenant=acme",
        startedAt: at("2026-02-08T09:30:00Z"), resolvedAt: at("2026-03-01T00:00:00Z"))

    /// Started at the same instant as `anomaly`, so that the order falls back on ids.
    static let tied = Alert(
        id: "al-z-tied", rule: "budget_forecast", key: "budget_forecast/acme-monthly", state: .firing, severity: .warning,
        summary: "Projected to reach 130%", link: "/api/v1/budgets/status", startedAt: at("2026-03-09T00:00:00Z"),
        firedAt: at("2026-03-09T00:00:00Z"))

    static let all = [threshold, anomaly, spike, earlierThreshold, tied]

    @Test(arguments: StoreBackend.allCases)
    func alertsRoundTripEveryField(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            try await store.saveAlerts(Self.all)
            for alert in Self.all {
                #expect(try await store.alert(id: alert.id) == alert)
            }
            #expect(try await store.alert(id: "unknown") == nil)
            guard let reopen else { return }
            try await reopen { (reopened: any LedgerStore) async throws in
                let again = try await reopened.alerts(state: nil, rule: nil, before: nil, limit: 100)
                #expect(Set(again) == Set(Self.all))
                #expect(try await reopened.alert(id: Self.threshold.id) == Self.threshold)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func openAlertsAreThePendingAndFiringOnesNewestFirst(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.saveAlerts(Self.all)
            #expect(try await store.openAlerts().map(\.id) == ["al-z-tied", "al-anomaly", "al-threshold"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func alertsAreFilteredOrderedAndLimited(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.saveAlerts(Self.all)
            func ids(_ state: AlertState? = nil, rule: String? = nil, before: String? = nil, limit: Int = 100) async throws -> [String] {
                try await store.alerts(state: state, rule: rule, before: before.map(Self.at), limit: limit).map(\.id)
            }
            #expect(try await ids() == ["al-z-tied", "al-anomaly", "al-threshold", "al-spike", "al-threshold-earlier"])
            #expect(try await ids(.resolved) == ["al-spike", "al-threshold-earlier"])
            #expect(try await ids(.pending) == ["al-anomaly"])
            #expect(try await ids(rule: "budget_threshold") == ["al-threshold", "al-threshold-earlier"])
            #expect(try await ids(.firing, rule: "budget_threshold") == ["al-threshold"])
            #expect(try await ids(before: "2026-03-09T00:00:00Z") == ["al-threshold", "al-spike", "al-threshold-earlier"])
            #expect(try await ids(before: "2026-03-08T09:30:00.123457Z", limit: 2) == ["al-threshold", "al-spike"])
            #expect(try await ids(before: "2026-03-08T09:30:00.123456Z") == ["al-spike", "al-threshold-earlier"])
            #expect(try await ids(limit: 2) == ["al-z-tied", "al-anomaly"])
            #expect(try await ids(limit: 0) == [])
            #expect(try await ids(rule: "unknown") == [])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func savingAnExistingIdReplacesIt(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.saveAlerts(Self.all)
            var resolved = Self.threshold
            resolved.state = .resolved
            resolved.resolvedAt = Self.at("2026-03-10T00:00:00Z")
            resolved.figures = [.usd("spent_usd", Money(nanos: 1))]
            resolved.labels = [:]
            resolved.history.append(AlertTransition(event: "resolved", at: Self.at("2026-03-10T00:00:00Z"), note: "new period"))
            try await store.saveAlerts([resolved])
            #expect(try await store.alert(id: Self.threshold.id) == resolved)
            #expect(try await store.openAlerts().map(\.id) == ["al-z-tied", "al-anomaly"])
            #expect(try await store.alerts(state: nil, rule: nil, before: nil, limit: 100).count == Self.all.count)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aSecondOpenAlertWithTheSameRuleAndKeyIsRefusedWithItsBatch(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.saveAlerts([Self.threshold])
            var unrelated = Self.anomaly
            unrelated.id = "al-unrelated"
            var updated = Self.threshold
            updated.lastSeenAt = Self.at("2026-03-08T11:00:00Z")
            var duplicate = Self.threshold
            duplicate.id = "al-threshold-again"
            duplicate.state = .pending
            let error = await #expect(throws: StoreError.self) { try await store.saveAlerts([unrelated, updated, duplicate]) }
            #expect(error?.message.contains(Self.threshold.key) == true)
            #expect(try await store.alerts(state: nil, rule: nil, before: nil, limit: 100) == [Self.threshold])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func oneBatchMayResolveAnAlertAndOpenItsSuccessor(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.saveAlerts([Self.threshold])
            var successor = Self.threshold
            successor.id = "al-threshold-next"
            successor.startedAt = Self.at("2026-04-01T00:00:00Z")
            successor.lastSeenAt = successor.startedAt
            var resolved = Self.threshold
            resolved.state = .resolved
            resolved.resolvedAt = Self.at("2026-04-01T00:00:00Z")
            try await store.saveAlerts([successor, resolved])
            #expect(try await store.openAlerts() == [successor])
            #expect(try await store.alert(id: Self.threshold.id) == resolved)
        }
    }

    static func delivery(
        _ id: String, alert: String = "al-threshold", at time: String, succeeded: Bool, statusCode: Int? = nil, error: String? = nil,
        attempt: Int = 1
    ) -> NotificationDelivery {
        NotificationDelivery(
            id: id, alertID: alert, rule: "budget_threshold", event: alert == "al-spike" ? .resolved : .firing, channel: "ops-webhook",
            kind: "webhook", attempt: attempt, succeeded: succeeded, statusCode: statusCode, error: error, at: at(time),
            durationMilliseconds: 1_234)
    }

    static let deliveries = [
        delivery("d1", at: "2026-03-08T09:31:00.000002Z", succeeded: false, statusCode: 500, error: "HTTP 500"),
        delivery("d2", at: "2026-03-08T09:31:02Z", succeeded: false, error: "connection refused", attempt: 2),
        delivery("d3", at: "2026-03-08T09:31:06Z", succeeded: true, statusCode: 204, attempt: 3),
        delivery("d4", alert: "al-spike", at: "2026-03-08T09:31:06Z", succeeded: true),
        delivery("d0", alert: "al-spike", at: "2026-03-07T14:00:00Z", succeeded: false, error: "timed out after 5 s"),
    ]

    @Test(arguments: StoreBackend.allCases)
    func deliveriesAreFilteredOrderedAndLimited(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            try await store.recordDeliveries(Array(Self.deliveries.prefix(3)))
            try await store.recordDeliveries(Array(Self.deliveries.dropFirst(3)))
            func ids(_ alertID: String? = nil, failedOnly: Bool = false, limit: Int = 100) async throws -> [String] {
                try await store.deliveries(alertID: alertID, failedOnly: failedOnly, limit: limit).map(\.id)
            }
            // Every field comes back; d4 and d3 are at the same instant, so the order falls back on ids.
            #expect(try await store.deliveries(alertID: nil, failedOnly: false, limit: 100) == [3, 2, 1, 0, 4].map { Self.deliveries[$0] })
            #expect(try await ids() == ["d4", "d3", "d2", "d1", "d0"])
            #expect(try await ids(failedOnly: true) == ["d2", "d1", "d0"])
            #expect(try await ids("al-spike") == ["d4", "d0"])
            #expect(try await ids("al-spike", failedOnly: true) == ["d0"])
            #expect(try await ids(limit: 2) == ["d4", "d3"])
            #expect(try await ids(failedOnly: true, limit: 1) == ["d2"])
            #expect(try await ids(limit: 0) == [])
            #expect(try await ids("unknown") == [])
            guard let reopen else { return }
            try await reopen { (reopened: any LedgerStore) async throws in
                let again = try await reopened.deliveries(alertID: nil, failedOnly: false, limit: 100)
                #expect(Set(again) == Set(Self.deliveries))
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func recordingADeliveryAgainKeepsTheFirst(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.recordDeliveries([Self.deliveries[0]])
            var changed = Self.deliveries[0]
            changed.succeeded = true
            try await store.recordDeliveries([changed, Self.deliveries[1]])
            #expect(try await store.deliveries(alertID: nil, failedOnly: false, limit: 10) == [Self.deliveries[1], Self.deliveries[0]])
        }
    }
}
