import BurnrateCore
import Prometheus

/// The series of one family in a `PrometheusCollectorRegistry`, set to the values of each scrape:
/// a series is registered when it appears and unregistered when it disappears, so that Prometheus
/// marks it stale instead of repeating an old value.
///
/// Not thread-safe on its own: `BurnrateMetrics` updates and emits under one lock.
struct RegisteredFamily<Metric: AnyObject & Sendable>: Sendable {
    let definition: MetricDefinition
    private var metrics: [[String]: Metric] = [:]

    init(_ definition: MetricDefinition) {
        self.definition = definition
    }

    /// Whether the family has no series now; `/metrics` then still documents it.
    var isEmpty: Bool { metrics.isEmpty }

    /// Registers, updates and unregisters series so that the family holds exactly `values`.
    mutating func update<Value>(
        labelNames: [String], to values: [[String]: Value], registry: PrometheusCollectorRegistry,
        make: (_ labels: [(String, String)]) -> Metric, set: (Metric, Value) -> Void, unregister: (Metric) -> Void
    ) {
        for (key, metric) in metrics where values[key] == nil {
            unregister(metric)
            metrics[key] = nil
        }
        for (key, value) in values {
            let metric = metrics[key] ?? make(Array(zip(labelNames, key)))
            metrics[key] = metric
            set(metric, value)
        }
    }
}

extension RegisteredFamily where Metric == Counter {
    /// Sets each counter to a ledger total, in dollars for a money family.
    ///
    /// The totals are absolute values read from the store, while swift-prometheus counters can
    /// only be incremented or reset to zero. Adding the change since the last scrape would
    /// accumulate floating-point error in the dollar families and could not follow a total that
    /// went down (a retention run deleting old events, a reprice lowering a price). So each counter
    /// is reset and incremented by the exact total, converted to `Double` only here. That is safe
    /// because `BurnrateMetrics` updates and emits under one lock: no scrape ever sees the zero in
    /// between. A lower total reads to Prometheus as a counter reset, which is what it is.
    mutating func update(to series: SeriesSet, inDollars: Bool, registry: PrometheusCollectorRegistry) {
        let definition = definition
        update(
            labelNames: series.labelNames, to: series.values, registry: registry,
            make: { registry.makeCounter(descriptor: definition.descriptor, labels: $0) },
            set: { counter, total in
                counter.reset()
                if inDollars {
                    counter.increment(by: Money(nanos: total).usd)
                } else {
                    counter.increment(by: total)
                }
            },
            unregister: registry.unregisterCounter)
    }
}

extension RegisteredFamily where Metric == Gauge {
    /// Sets each gauge to its value.
    mutating func update(labelNames: [String], to values: [[String]: Double], registry: PrometheusCollectorRegistry) {
        let definition = definition
        update(
            labelNames: labelNames, to: values, registry: registry,
            make: { registry.makeGauge(descriptor: definition.descriptor, labels: $0) },
            set: { gauge, value in gauge.set(value) },
            unregister: registry.unregisterGauge)
    }
}
