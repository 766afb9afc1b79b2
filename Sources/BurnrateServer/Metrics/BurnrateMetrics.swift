import BurnrateCore
import BurnrateStore
import Prometheus
import Synchronization

/// The metrics of one application instance: a registry of its own (no global `MetricsSystem`,
/// so that applications in one process, as in the tests, never share values), this process's
/// ingest timings, and the ledger, budget and alert figures read afresh at every scrape.
final class BurnrateMetrics: Sendable {
    let configuration: MetricsConfiguration
    let store: any LedgerStore
    let monitoring: (any MonitoringSource)?
    let ingest: IngestMetrics
    let telemetry: TelemetryMetrics
    let proxy: ProxyMetrics
    private let registry: PrometheusCollectorRegistry
    /// Numbers scrapes in the order they started, so that a slow scrape never overwrites the
    /// newer values of one that started after it.
    private let scrapeCount = Atomic<Int>(0)
    private let families: Mutex<ScrapedFamilies>

    init(
        configuration: MetricsConfiguration, store: any LedgerStore, monitoring: (any MonitoringSource)?,
        proxy: ProxyMetrics = ProxyMetrics()
    ) {
        let registry = PrometheusCollectorRegistry()
        self.configuration = configuration
        self.store = store
        self.monitoring = monitoring
        self.registry = registry
        self.ingest = IngestMetrics(registry: registry)
        self.telemetry = TelemetryMetrics(registry: registry)
        self.proxy = proxy
        self.families = Mutex(ScrapedFamilies())
    }

    /// The Prometheus text exposition of every family, with the ledger, budgets and alerts as
    /// they are at `now`.
    func scrape(now: Timestamp) async throws -> [UInt8] {
        let scrape = scrapeCount.add(1, ordering: .relaxed).newValue
        let (ledger, folded) = try await LedgerSeries.read(from: store, labels: configuration.labels, now: now)
            .capped(at: configuration.maxSeries)
        let partial = try await store.partiallyPriced(EventFilter())
        let budgets = try await monitoring?.budgetGauges(now: now) ?? []
        let alerts = try await monitoring?.firingAlerts() ?? []
        return families.withLock { state in
            if scrape > state.lastApplied {
                state.lastApplied = scrape
                state.update(ledger: ledger, folded: folded, partial: partial, budgets: budgets, alerts: alerts, registry: registry)
            }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            proxy.emit(into: &buffer)
            for definition in state.emptyFamilies {
                buffer.append(
                    contentsOf: "# HELP \(definition.name) \(definition.help)\n# TYPE \(definition.name) \(definition.kind)\n".utf8)
            }
            return buffer
        }
    }
}

/// The families whose series follow the ledger and the monitoring source, as last scraped.
private struct ScrapedFamilies {
    var lastApplied = 0
    var cost = RegisteredFamily<Counter>(MetricNames.cost)
    var requests = RegisteredFamily<Counter>(MetricNames.requests)
    var tokens = RegisteredFamily<Counter>(MetricNames.tokens)
    var unpricedEvents = RegisteredFamily<Counter>(MetricNames.unpricedEvents)
    var partiallyPriced = RegisteredFamily<Gauge>(MetricNames.partiallyPricedEvents)
    var budgetAmount = RegisteredFamily<Gauge>(MetricNames.budgetAmount)
    var budgetSpent = RegisteredFamily<Gauge>(MetricNames.budgetSpent)
    var budgetUtilization = RegisteredFamily<Gauge>(MetricNames.budgetUtilization)
    var budgetProjectedSpend = RegisteredFamily<Gauge>(MetricNames.budgetProjectedSpend)
    var alertsFiring = RegisteredFamily<Gauge>(MetricNames.alertsFiring)
    var seriesDropped = RegisteredFamily<Gauge>(MetricNames.seriesDropped)

    static let budgetLabels = ["budget", "name", "period"]

    /// The families without a series, which the registry leaves out of its exposition.
    var emptyFamilies: [MetricDefinition] {
        [cost, requests, tokens, unpricedEvents].filter(\.isEmpty).map(\.definition)
            + [partiallyPriced, budgetAmount, budgetSpent, budgetUtilization, budgetProjectedSpend, alertsFiring, seriesDropped]
            .filter(\.isEmpty).map(\.definition)
    }

    mutating func update(
        ledger: LedgerSeries, folded: [String: Int], partial: [PartiallyPricedModel], budgets: [BudgetGauge],
        alerts: [FiringAlertCount],
        registry: PrometheusCollectorRegistry
    ) {
        cost.update(to: ledger.cost, inDollars: true, registry: registry)
        requests.update(to: ledger.requests, inDollars: false, registry: registry)
        tokens.update(to: ledger.tokens, inDollars: false, registry: registry)
        unpricedEvents.update(to: ledger.unpricedEvents, inDollars: false, registry: registry)
        partiallyPriced.update(
            labelNames: ["provider", "model"],
            to: Dictionary(partial.map { ([$0.provider, $0.model], Double($0.requests)) }, uniquingKeysWith: +), registry: registry)
        seriesDropped.update(
            labelNames: ["metric"], to: Dictionary(uniqueKeysWithValues: folded.map { ([$0.key], Double($0.value)) }), registry: registry)
        func byBudget(_ value: (BudgetGauge) -> Double?) -> [[String]: Double] {
            var values: [[String]: Double] = [:]
            for budget in budgets {
                values[[budget.id, budget.name, budget.period]] = value(budget)
            }
            return values
        }
        budgetAmount.update(labelNames: Self.budgetLabels, to: byBudget { $0.amount.usd }, registry: registry)
        budgetSpent.update(labelNames: Self.budgetLabels, to: byBudget { $0.spent.usd }, registry: registry)
        budgetUtilization.update(
            labelNames: Self.budgetLabels,
            to: byBudget { $0.amount > .zero ? Double($0.spent.nanos) / Double($0.amount.nanos) : nil }, registry: registry)
        budgetProjectedSpend.update(labelNames: Self.budgetLabels, to: byBudget { $0.projected.usd }, registry: registry)
        var firing: [[String]: Double] = [:]
        for alert in alerts {
            firing[[alert.rule, alert.severity], default: 0] += Double(alert.count)
        }
        alertsFiring.update(labelNames: ["rule", "severity"], to: firing, registry: registry)
    }
}
