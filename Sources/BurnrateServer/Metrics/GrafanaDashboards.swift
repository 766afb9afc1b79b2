import BurnrateCore

/// Grafana dashboards over Burnrate's metrics: an executive one (what is spent, against which
/// budget, where it goes) and an operations one (unit cost, hourly cost, alerts, ingest health).
///
/// Every panel queries the dashboard's `datasource` variable, so the files import into any
/// Grafana whatever its Prometheus data source is called.
public enum GrafanaDashboards {
    /// The Grafana dashboard schema version the files are written in (Grafana 10 and later).
    static let schemaVersion = 39

    /// Each dashboard's file name and JSON text.
    public static func files() -> [(name: String, json: String)] {
        [
            (
                "burnrate-executive.json",
                dashboard(uid: "burnrate-executive", title: "Burnrate: executive", from: "now/M", refresh: "5m", executive)
            ),
            (
                "burnrate-operations.json",
                dashboard(uid: "burnrate-operations", title: "Burnrate: operations", from: "now-24h", refresh: "1m", operations)
            ),
        ].map { ($0.0, $0.1.serialized(indent: 2) + "\n") }
    }

    static let cost = MetricNames.cost.name

    /// A budget gauge once per budget, whichever replicas were scraped, without the metric name
    /// (so that a table can merge several of them by budget).
    static func perBudget(_ metric: MetricDefinition) -> String { "max by (budget, name, period) (\(metric.name))" }

    static let tokenCost = "\(cost){category=\"llm_api\"}"

    static let executive: [GrafanaPanel] = [
        GrafanaPanel(
            kind: .stat, title: "Month-to-date cost",
            description:
                "All cost recorded since the start of the dashboard's range (this month by default), as Prometheus saw it grow: it needs Prometheus to have scraped Burnrate over the whole range.",
            unit: "currencyUSD", queries: [GrafanaQuery(expr: "sum(increase(\(cost)[$__range]))", instant: true)], width: 6, height: 5),
        GrafanaPanel(
            kind: .stat, title: "Cost per request", description: "LLM cost divided by LLM requests over the range.", unit: "currencyUSD",
            queries: [
                GrafanaQuery(
                    expr: "sum(increase(\(tokenCost)[$__range])) / sum(increase(\(MetricNames.requests.name)[$__range]))", instant: true)
            ], width: 6, height: 5),
        GrafanaPanel(
            kind: .bargauge, title: "Cost against budget", description: "Spent divided by amount for each budget's current period.",
            unit: "percentunit",
            queries: [GrafanaQuery(expr: perBudget(MetricNames.budgetUtilization), legend: "{{name}} ({{period}})", instant: true)],
            height: 5,
            thresholds: (0.8, 1)),
        GrafanaPanel(
            kind: .timeseries, title: "Daily cost by category", description: "Cost per day, LLM requests and each kind of non-token cost.",
            unit: "currencyUSD",
            queries: [GrafanaQuery(expr: "sum by (category) (increase(\(cost)[$__interval]))", legend: "{{category}}")], width: 24,
            interval: "1d"),
        GrafanaPanel(
            kind: .piechart, title: "Cost by model", description: "LLM cost per model over the range.", unit: "currencyUSD",
            queries: [
                GrafanaQuery(
                    expr: "sum by (provider, model) (increase(\(tokenCost)[$__range]))", legend: "{{provider}}/{{model}}", instant: true)
            ]
        ),
        GrafanaPanel(
            kind: .bargauge, title: "Top tenants", description: "The ten tenants that cost most over the range.", unit: "currencyUSD",
            queries: [GrafanaQuery(expr: "topk(10, sum by (tenant) (increase(\(cost)[$__range])))", legend: "{{tenant}}", instant: true)]),
        GrafanaPanel(
            kind: .table, title: "Budget forecast",
            description: "Each budget's amount, spend so far and projected spend at the end of its current period.", unit: "currencyUSD",
            queries: [
                GrafanaQuery(expr: perBudget(MetricNames.budgetAmount), instant: true),
                GrafanaQuery(expr: perBudget(MetricNames.budgetSpent), instant: true),
                GrafanaQuery(expr: perBudget(MetricNames.budgetProjectedSpend), instant: true),
            ], width: 24, columns: ["Value #A": "Amount", "Value #B": "Spent", "Value #C": "Projected"]),
    ]

    static let operations: [GrafanaPanel] = [
        GrafanaPanel(
            kind: .timeseries, title: "Cost per 1K tokens", description: "LLM cost per thousand input and output tokens, per model.",
            unit: "currencyUSD",
            queries: [
                GrafanaQuery(
                    expr:
                        "1000 * sum by (model) (rate(\(tokenCost)[$__rate_interval])) / sum by (model) (rate(\(MetricNames.tokens.name){type=~\"input|output\"}[$__rate_interval]))",
                    legend: "{{model}}")
            ]),
        GrafanaPanel(
            kind: .timeseries, title: "Hourly cost", description: "All cost recorded per hour.", unit: "currencyUSD",
            queries: [GrafanaQuery(expr: "sum(increase(\(cost)[$__interval]))", legend: "cost")], interval: "1h"),
        GrafanaPanel(
            kind: .table, title: "Firing alerts", description: "Alerts of Burnrate's built-in rules firing now.", unit: "none",
            queries: [GrafanaQuery(expr: "sum by (rule, severity) (\(MetricNames.alertsFiring.name)) > 0", instant: true)], width: 8,
            columns: ["Value": "Firing"]),
        GrafanaPanel(
            kind: .table, title: "Unpriced events", description: "Stored requests whose model has no price yet; reprice them once it has.",
            unit: "none",
            queries: [GrafanaQuery(expr: "sum by (provider, model) (\(MetricNames.unpricedEvents.name)) > 0", instant: true)], width: 8,
            columns: ["Value": "Requests"]),
        GrafanaPanel(
            kind: .timeseries, title: "Series folded by the cardinality cap",
            description: "Series of each ledger metric folded into 'other' because it exceeded --metrics-max-series.", unit: "none",
            queries: [GrafanaQuery(expr: "max by (metric) (\(MetricNames.seriesDropped.name))", legend: "{{metric}}")], width: 8),
        GrafanaPanel(
            kind: .timeseries, title: "Ingest latency p95", description: "95th percentile time to price and store a batch of events.",
            unit: "s",
            queries: [
                GrafanaQuery(
                    expr: "histogram_quantile(0.95, sum by (le) (rate(\(MetricNames.ingestDuration.name)_bucket[$__rate_interval])))",
                    legend: "p95")
            ]),
        GrafanaPanel(
            kind: .timeseries, title: "Ingested events", description: "New events stored per second, all replicas together.", unit: "ops",
            queries: [GrafanaQuery(expr: "sum(rate(\(MetricNames.ingestedEvents.name)[$__rate_interval]))", legend: "events/s")]),
    ]

    /// A dashboard of `panels`, laid out left to right in rows of 24 columns.
    static func dashboard(uid: String, title: String, from: String, refresh: String, _ panels: [GrafanaPanel]) -> JSONValue {
        var laidOut: [JSONValue] = []
        var (x, y, rowHeight) = (0, 0, 0)
        for (index, panel) in panels.enumerated() {
            if x + panel.width > 24 { (x, y, rowHeight) = (0, y + rowHeight, 0) }
            laidOut.append(panel.json(id: index + 1, x: x, y: y))
            x += panel.width
            rowHeight = max(rowHeight, panel.height)
        }
        let datasource = JSONValue.fields([
            ("name", .string("datasource")), ("label", .string("Data source")), ("type", .string("datasource")),
            ("query", .string("prometheus")), ("current", .fields([])), ("hide", .number("0")), ("refresh", .number("1")),
        ])
        return .fields([
            ("uid", .string(uid)),
            ("title", .string(title)),
            ("tags", .array([.string("burnrate")])),
            ("schemaVersion", .int(schemaVersion)),
            ("version", .number("1")),
            ("editable", .bool(true)),
            ("timezone", .string("browser")),
            ("refresh", .string(refresh)),
            ("time", .fields([("from", .string(from)), ("to", .string("now"))])),
            ("templating", .fields([("list", .array([datasource]))])),
            ("panels", .array(laidOut)),
        ])
    }
}
