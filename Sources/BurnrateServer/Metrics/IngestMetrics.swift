import Prometheus

/// What this process measures of `POST /api/v1/events`: how long pricing and storing took, and
/// how many new events it stored.
struct IngestMetrics: Sendable {
    /// Bucket bounds from a millisecond (a small batch on SQLite) to ten seconds (a full batch
    /// on a busy PostgreSQL), roughly 2.5 times apart.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    private let duration: DurationHistogram
    private let storedEvents: Counter

    init(registry: PrometheusCollectorRegistry) {
        duration = registry.makeDurationHistogram(descriptor: MetricNames.ingestDuration.descriptor, buckets: Self.durationBuckets)
        storedEvents = registry.makeCounter(descriptor: MetricNames.ingestedEvents.descriptor)
    }

    /// Records one successful batch: its duration and how many of its events were new.
    func record(duration elapsed: Duration, storedEvents count: Int) {
        duration.record(elapsed)
        storedEvents.increment(by: Int64(count))
    }
}
