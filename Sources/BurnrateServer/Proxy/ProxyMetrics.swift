import Prometheus

/// What this process's proxy counts: requests by outcome, events that could not be recorded, and
/// upstream usage that had to be clamped.
///
/// The counters live in a registry of their own that `/metrics` appends, so that the proxy can
/// be built before the router that serves `/metrics`.
public final class ProxyMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let requests: Counter
    private let refused: Counter
    private let upstreamErrors: Counter
    private let dropped: Counter
    private let recordFailures: Counter
    private let usageClamped: Counter

    public init() {
        requests = registry.makeCounter(descriptor: MetricNames.proxyRequests.descriptor)
        refused = registry.makeCounter(descriptor: MetricNames.proxyRefused.descriptor)
        upstreamErrors = registry.makeCounter(descriptor: MetricNames.proxyUpstreamErrors.descriptor)
        dropped = registry.makeCounter(descriptor: MetricNames.proxyEventsDropped.descriptor)
        recordFailures = registry.makeCounter(descriptor: MetricNames.proxyRecordFailures.descriptor)
        usageClamped = registry.makeCounter(descriptor: MetricNames.proxyUsageClamped.descriptor)
    }

    func forwarded() { requests.increment() }
    func refusedByBudget() { refused.increment() }
    func upstreamFailed() { upstreamErrors.increment() }
    func droppedEvent() { dropped.increment() }
    func failedToRecord(_ count: Int) { recordFailures.increment(by: Int64(count)) }
    func clampedUsage() { usageClamped.increment() }

    /// The text exposition of the proxy's counters.
    func emit(into buffer: inout [UInt8]) { registry.emit(into: &buffer) }
}
