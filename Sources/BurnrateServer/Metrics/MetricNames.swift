import Prometheus

/// The kind of a Prometheus metric family.
public enum MetricKind: String, Sendable, Hashable {
    case counter, gauge, histogram
}

/// One metric family Burnrate exports at `/metrics`: its name, kind and help text.
public struct MetricDefinition: Sendable, Hashable {
    public let name: String
    public let kind: MetricKind
    public let help: String

    /// The names the family's samples carry: a histogram's `_bucket`, `_sum` and `_count`, else
    /// the family name.
    public var sampleNames: [String] {
        kind == .histogram ? [name + "_bucket", name + "_sum", name + "_count"] : [name]
    }

    /// The name and help text as swift-prometheus registers them (the unit is part of the name).
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}

/// Every metric Burnrate exports, in one place, so that `/metrics`, the exported alert rules and
/// the Grafana dashboards name them alike.
///
/// The ledger families (cost, requests, tokens, unpriced events) are read from the store at every
/// scrape, so every replica reports the same values and a restart loses nothing; the ingest
/// families count what this process did.
public enum MetricNames {
    public static let cost = MetricDefinition(
        name: "burnrate_cost_usd_total", kind: .counter,
        help:
            "Cost recorded so far in USD, read from the ledger at scrape time (the same on every replica). LLM requests have category llm_api; a non-token cost item adds the part of its period elapsed so far under its own category, provider and attribution (shared items are not split by usage here)."
    )
    public static let requests = MetricDefinition(
        name: "burnrate_requests_total", kind: .counter,
        help: "LLM requests recorded so far, failed ones included, read from the ledger at scrape time.")
    public static let tokens = MetricDefinition(
        name: "burnrate_tokens_total", kind: .counter,
        help:
            "Tokens recorded so far by type, in the OpenTelemetry GenAI convention: input includes cache_read and cache_write, output includes reasoning."
    )
    public static let unpricedEvents = MetricDefinition(
        name: "burnrate_unpriced_events_total", kind: .counter,
        help: "Requests stored without a price (their model had none in effect); they count no cost until repriced.")
    public static let partiallyPricedEvents = MetricDefinition(
        name: "burnrate_partially_priced_events", kind: .gauge,
        help:
            "Stored requests whose price lacks a rate for something they used (a cache rate, a service tier); that part counts no cost until repriced. Per provider and model."
    )
    public static let budgetAmount = MetricDefinition(
        name: "burnrate_budget_amount_usd", kind: .gauge, help: "The amount of each budget for its current period, in USD.")
    public static let budgetSpent = MetricDefinition(
        name: "burnrate_budget_spent_usd", kind: .gauge, help: "What each budget's scope has spent in its current period, in USD.")
    public static let budgetUtilization = MetricDefinition(
        name: "burnrate_budget_utilization_ratio", kind: .gauge, help: "Spent divided by amount for each budget (1 means fully used).")
    public static let budgetProjectedSpend = MetricDefinition(
        name: "burnrate_budget_projected_spend_usd", kind: .gauge,
        help: "The spend each budget's scope is projected to reach by the end of its current period, in USD.")
    public static let alertsFiring = MetricDefinition(
        name: "burnrate_alerts_firing", kind: .gauge,
        help: "Alerts of Burnrate's built-in rules that are firing now, per rule and severity.")
    public static let ingestDuration = MetricDefinition(
        name: "burnrate_ingest_duration_seconds", kind: .histogram,
        help: "Time this process took to price and durably store one successful POST /api/v1/events batch.")
    public static let ingestedEvents = MetricDefinition(
        name: "burnrate_ingested_events_total", kind: .counter,
        help: "New events this process stored through POST /api/v1/events since it started (duplicates not counted).")
    public static let otelSpans = MetricDefinition(
        name: "burnrate_otel_spans_total", kind: .counter,
        help:
            "Spans this process received through POST /v1/traces since it started, by outcome: recorded (a new event), duplicate (an event already stored), ignored (not a GenAI model call), rejected (GenAI attributes that could not be used)."
    )
    public static let proxyRequests = MetricDefinition(
        name: "burnrate_proxy_requests_total", kind: .counter,
        help: "Requests this process's proxy forwarded to an upstream since it started.")
    public static let proxyRefused = MetricDefinition(
        name: "burnrate_proxy_budget_refusals_total", kind: .counter,
        help: "Requests this process's proxy refused with 429 because an enforced budget was spent.")
    public static let proxyUpstreamErrors = MetricDefinition(
        name: "burnrate_proxy_upstream_errors_total", kind: .counter,
        help: "Proxied requests that failed to reach their upstream (502) or timed out (504).")
    public static let proxyEventsDropped = MetricDefinition(
        name: "burnrate_proxy_events_dropped_total", kind: .counter,
        help: "Proxied requests whose event was not recorded because the recorder's buffer was full (each is also logged).")
    public static let proxyRecordFailures = MetricDefinition(
        name: "burnrate_proxy_record_failures_total", kind: .counter,
        help: "Proxied requests whose event the store refused after retries (each batch is also logged).")
    public static let proxyUsageClamped = MetricDefinition(
        name: "burnrate_proxy_usage_clamped_total", kind: .counter,
        help:
            "Proxied responses whose reported token counts were out of range (negative, fractional or above 1e9) and were clamped before pricing (each is also logged)."
    )
    public static let seriesDropped = MetricDefinition(
        name: "burnrate_metrics_series_dropped", kind: .gauge,
        help:
            "Series of each ledger family folded into its 'other' series at the last scrape because the family exceeded --metrics-max-series."
    )

    /// The ledger families, whose series the cardinality cap folds.
    public static let ledgerFamilies: [MetricDefinition] = [cost, requests, tokens, unpricedEvents]

    /// Every family, in the order `/metrics` documents them.
    public static let all: [MetricDefinition] =
        ledgerFamilies + [
            partiallyPricedEvents, budgetAmount, budgetSpent, budgetUtilization, budgetProjectedSpend, alertsFiring, ingestDuration,
            ingestedEvents, otelSpans,
            seriesDropped, proxyRequests, proxyRefused, proxyUpstreamErrors, proxyEventsDropped, proxyRecordFailures,
            proxyUsageClamped,
        ]
}
