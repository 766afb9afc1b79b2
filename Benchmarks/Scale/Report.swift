import Foundation

/// What one `Scale` run measured.
struct Report {
    struct Ingest {
        var events: Int
        var duplicates: Int
        var priced: Int
        /// Time spent inside `ingest` calls only.
        var ingestSeconds: Double
        /// Generating and pricing the events (not part of the ingest rate).
        var generateSeconds: Double
        /// The whole load, including generating, pricing and writing the CSV.
        var wallSeconds: Double
        var batchP50: Double
        var batchP95: Double
        var batchMax: Double

        var eventsPerSecond: Double { ingestSeconds > 0 ? Double(events) / ingestSeconds : 0 }
    }

    struct Segment {
        /// Events ingested when the segment ended.
        var through: Int
        var events: Int
        var seconds: Double
        var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
    }

    struct QueryResult {
        var name: String
        var rawScan: Bool
        var groups: Int
        var runs: Int
        var p50: Double
        var p95: Double
        var max: Double
    }

    /// Totals the store reports, to compare with the baselines' SQL over the same rows.
    struct Check {
        var requests: Int64
        var unpricedRequests: Int64
        var costNanos: Int64
        var requests30d: Int64
        var costNanos30d: Int64
    }

    var options: Options
    var ingest: Ingest?
    var segments: [Segment] = []
    var queries: [QueryResult] = []
    var check: Check?
    var databaseBytes: Int64 = 0
    var databaseDetail = ""

    init(options: Options) {
        self.options = options
    }

    func print() {
        let backend = options.backend.rawValue
        Swift.print("== Scale: \(backend), \(options.events.formatted()) events, batch \(options.batch.formatted()) ==")
        if let ingest {
            Swift.print(
                "ingest: \(Scale.rate(ingest.events, ingest.ingestSeconds)) events/s"
                    + " (\(String(format: "%.1f", ingest.ingestSeconds)) s inside ingest;"
                    + " load wall time \(String(format: "%.1f", ingest.wallSeconds)) s incl. generating and pricing"
                    + " \(String(format: "%.1f", ingest.generateSeconds)) s)")
            Swift.print(
                "  per batch: p50 \(Scale.milliseconds(ingest.batchP50)), p95 \(Scale.milliseconds(ingest.batchP95)),"
                    + " max \(Scale.milliseconds(ingest.batchMax)); duplicates \(ingest.duplicates); priced \(ingest.priced.formatted())")
            Swift.print(
                "  events/s per segment: "
                    + segments.map { "\(($0.through / 1000).formatted())k: \(Scale.rate($0.events, $0.seconds))" }.joined(separator: ", "))
        }
        Swift.print("database size: \(Scale.megabytes(databaseBytes)) (\(databaseDetail))")
        if let check {
            Swift.print(
                "totals: \(check.requests.formatted()) requests, \(check.unpricedRequests.formatted()) unpriced,"
                    + " cost \(check.costNanos) nano-USD; last 30 days \(check.requests30d.formatted()) requests,"
                    + " cost \(check.costNanos30d) nano-USD")
        }
        Swift.print("query".padding(toLength: 40, withPad: " ", startingAt: 0) + "     p50        p95        max  runs  groups")
        for query in queries {
            Swift.print(
                (query.name + (query.rawScan ? " [raw events]" : "")).padding(toLength: 40, withPad: " ", startingAt: 0)
                    + pad(Scale.milliseconds(query.p50)) + pad(Scale.milliseconds(query.p95)) + pad(Scale.milliseconds(query.max))
                    + String(repeating: " ", count: max(0, 6 - String(query.runs).count)) + "\(query.runs)  \(query.groups)")
        }
    }

    private func pad(_ text: String) -> String {
        String(repeating: " ", count: max(0, 11 - text.count)) + text
    }

    func writeJSON(to path: String) throws {
        var object: [String: Any] = [
            "backend": options.backend.rawValue,
            "events": options.events,
            "batch": options.batch,
            "database_bytes": databaseBytes,
            "database_detail": databaseDetail,
        ]
        if let ingest {
            object["ingest"] = [
                "events_per_second": ingest.eventsPerSecond, "ingest_seconds": ingest.ingestSeconds,
                "generate_seconds": ingest.generateSeconds, "wall_seconds": ingest.wallSeconds,
                "batch_p50_seconds": ingest.batchP50, "batch_p95_seconds": ingest.batchP95, "batch_max_seconds": ingest.batchMax,
                "duplicates": ingest.duplicates, "priced": ingest.priced,
            ]
            object["segments"] = segments.map { ["through": $0.through, "events": $0.events, "events_per_second": $0.eventsPerSecond] }
        }
        if let check {
            object["check"] = [
                "requests": check.requests, "unpriced_requests": check.unpricedRequests, "cost_nanos": check.costNanos,
                "requests_30d": check.requests30d, "cost_nanos_30d": check.costNanos30d,
            ]
        }
        object["queries"] = queries.map {
            [
                "name": $0.name, "raw_scan": $0.rawScan, "groups": $0.groups, "runs": $0.runs, "p50_seconds": $0.p50, "p95_seconds": $0.p95,
                "max_seconds": $0.max,
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}
