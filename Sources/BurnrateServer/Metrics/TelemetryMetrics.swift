import Prometheus

/// What this process counted of the spans `POST /v1/traces` received, by outcome: recorded as
/// a new event, a duplicate of an event already stored, ignored (not a GenAI model call), or
/// rejected (a GenAI span whose numbers could not be used).
struct TelemetryMetrics: Sendable {
    private let recorded: Counter
    private let duplicate: Counter
    private let ignored: Counter
    private let rejected: Counter

    init(registry: PrometheusCollectorRegistry) {
        let descriptor = MetricNames.otelSpans.descriptor
        recorded = registry.makeCounter(descriptor: descriptor, labels: [("outcome", "recorded")])
        duplicate = registry.makeCounter(descriptor: descriptor, labels: [("outcome", "duplicate")])
        ignored = registry.makeCounter(descriptor: descriptor, labels: [("outcome", "ignored")])
        rejected = registry.makeCounter(descriptor: descriptor, labels: [("outcome", "rejected")])
    }

    /// Counts the spans of one export.
    func record(recorded recordedCount: Int, duplicates: Int, ignored ignoredCount: Int, rejected rejectedCount: Int) {
        recorded.increment(by: Int64(recordedCount))
        duplicate.increment(by: Int64(duplicates))
        ignored.increment(by: Int64(ignoredCount))
        rejected.increment(by: Int64(rejectedCount))
    }
}
