import BurnrateCore

/// One PromQL query of a Grafana panel.
struct GrafanaQuery: Sendable, Hashable {
    var expr: String
    var legend: String?
    /// One value at the end of the range (stats, tables) rather than a series over it.
    var instant = false
}

/// A Grafana panel over Burnrate's metrics, with the few options the dashboards use.
struct GrafanaPanel: Sendable {
    enum Kind: String, Sendable { case stat, timeseries, bargauge, piechart, table }

    var kind: Kind
    var title: String
    var description: String
    var unit: String
    var queries: [GrafanaQuery]
    /// Width in Grafana's 24-column grid.
    var width = 12
    var height = 8
    /// The smallest step of a range query, e.g. `1d` for daily bars.
    var interval: String?
    /// Green below the first bound, yellow from it, red from the second.
    var thresholds: (warning: Double, critical: Double)?
    /// A table's column titles by Grafana's field name: `Value` for one query, `Value #A`, `Value #B`
    /// for several.
    var columns: [String: String] = [:]

    /// The data source every panel uses: the dashboard's `datasource` variable.
    static let datasource = JSONValue.fields([("type", .string("prometheus")), ("uid", .string("${datasource}"))])

    /// The panel's JSON model at column `x`, row `y` of the grid.
    func json(id: Int, x: Int, y: Int) -> JSONValue {
        let refIDs = queries.indices.map { String(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8($0)))) }
        let targets = zip(refIDs, queries).map { refID, query in
            JSONValue.fields([
                ("refId", .string(refID)),
                ("datasource", Self.datasource),
                ("expr", .string(query.expr)),
                ("legendFormat", query.legend.map(JSONValue.string)),
                ("instant", .bool(query.instant)),
                ("range", .bool(!query.instant)),
                ("format", .string(kind == .table ? "table" : "time_series")),
            ])
        }
        return .fields([
            ("id", .int(id)),
            ("type", .string(kind.rawValue)),
            ("title", .string(title)),
            ("description", .string(description)),
            ("datasource", Self.datasource),
            (
                "gridPos",
                .fields([
                    ("h", .int(height)), ("w", .int(width)), ("x", .int(x)), ("y", .int(y)),
                ])
            ),
            ("interval", interval.map(JSONValue.string)),
            ("targets", .array(targets)),
            ("fieldConfig", .fields([("defaults", fieldDefaults), ("overrides", .array([JSONValue]()))])),
            ("options", options),
            ("transformations", kind == .table ? tableTransformations : nil),
        ])
    }

    private var fieldDefaults: JSONValue {
        var steps: [JSONValue] = [.fields([("color", .string("green")), ("value", .null)])]
        if let thresholds {
            steps.append(.fields([("color", .string("yellow")), ("value", .number(PromQL.number(thresholds.warning)))]))
            steps.append(.fields([("color", .string("red")), ("value", .number(PromQL.number(thresholds.critical)))]))
        }
        return .fields([
            ("unit", .string(unit)),
            ("min", kind == .stat || kind == .table ? nil : .number("0")),
            ("thresholds", .fields([("mode", .string("absolute")), ("steps", .array(steps))])),
            (
                "custom",
                kind == .timeseries
                    ? .fields([("drawStyle", .string(interval == nil ? "line" : "bars")), ("fillOpacity", .number("60"))]) : nil
            ),
        ])
    }

    private var options: JSONValue {
        let lastValue = JSONValue.fields([("calcs", .array([.string("lastNotNull")])), ("fields", .string("")), ("values", .bool(false))])
        switch kind {
        case .stat:
            return .fields([("reduceOptions", lastValue), ("colorMode", .string("value")), ("graphMode", .string("none"))])
        case .bargauge:
            return .fields([
                ("reduceOptions", lastValue), ("orientation", .string("horizontal")), ("displayMode", .string("gradient")),
            ])
        case .piechart:
            return .fields([
                ("reduceOptions", lastValue), ("pieType", .string("donut")),
                (
                    "legend",
                    .fields([("displayMode", .string("table")), ("placement", .string("right")), ("values", .array([.string("value")]))])
                ),
            ])
        case .timeseries:
            return .fields([
                ("legend", .fields([("displayMode", .string("list")), ("placement", .string("bottom"))])),
                ("tooltip", .fields([("mode", .string("multi"))])),
            ])
        case .table:
            return .fields([("showHeader", .bool(true))])
        }
    }

    /// Instant queries merged into one row per label set, without the time column.
    private var tableTransformations: JSONValue {
        let renames = columns.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
        return .array([
            .fields([("id", .string("merge")), ("options", .fields([]))]),
            .fields([
                ("id", .string("organize")),
                ("options", .fields([("excludeByName", .fields([("Time", .bool(true))])), ("renameByName", .fields(renames))])),
            ]),
        ])
    }
}
