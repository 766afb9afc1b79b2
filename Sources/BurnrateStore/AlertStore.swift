import BurnrateCore

/// Alerts with their history, and the record of every notification attempt.
public protocol AlertStore: Sendable {
    /// Stores the alerts in one transaction, replacing those with the same ids.
    ///
    /// At most one alert per `(rule, key)` is open, across every replica: when an alert of the
    /// batch would be a second open one, this throws and stores nothing. Resolved alerts of the
    /// batch are written first, so that one batch may resolve an alert and open its successor.
    func saveAlerts(_ alerts: [Alert]) async throws

    /// The alerts that are pending or firing, newest first like `alerts`.
    func openAlerts() async throws -> [Alert]

    /// Alerts newest first (by `startedAt`, then id), of one state or all, of one rule or all,
    /// started before `before` when given, at most `limit`.
    func alerts(state: AlertState?, rule: String?, before: Timestamp?, limit: Int) async throws -> [Alert]

    func alert(id: String) async throws -> Alert?

    /// Appends delivery attempts in one transaction; an id already recorded is kept as it was.
    func recordDeliveries(_ deliveries: [NotificationDelivery]) async throws

    /// Delivery attempts newest first (by `at`, then id), of one alert or all, only the failed
    /// ones when `failedOnly`, at most `limit`.
    func deliveries(alertID: String?, failedOnly: Bool, limit: Int) async throws -> [NotificationDelivery]
}
