import BurnrateCore

/// How an aggregate groups its events.
enum Grouping: Sendable, Hashable {
    /// By provider and model, for the summary and its unpriced models.
    case model
    case dimension(Dimension)
    case time(BucketInterval)
}

/// One row of an aggregate query: the sums of one group, split by status and pricing.
struct AggregateRow: Sendable {
    /// The dimension value or provider; `""` for events without one.
    var key: String
    /// The model, when grouping by model.
    var model: String
    /// The bucket start in epoch seconds, when grouping by time.
    var bucket: Int64
    var status: String
    var priced: Bool
    var requests: Int64
    var usage: TokenUsage
    var cost: CostBreakdown
}

/// The SQL of an aggregate over events, shared by every backend.
///
/// Whole hours are read from the hourly rollups and the partial hours at either end from raw
/// events, so that an aggregate never scans more raw events than two hours hold; filters on user
/// or tags, which rollups do not keep, read raw events throughout.
struct AggregateQuery {
    var sql: String
    var values: [SQLValue]

    /// The statements whose rows together make up the aggregate.
    static func statements(for filter: EventFilter, grouping: Grouping, dialect: SQLDialect) -> [AggregateQuery] {
        // Rollups keep no users: grouping by user reads raw events, as filtering by one does.
        let rollupsFit = filter.fitsRollups && grouping != .dimension(.user)
        return sources(for: filter, rollupsFit: rollupsFit, dialect: dialect).map { source in
            let (key, model, bucket) = groupColumns(grouping, rollups: source.rollups)
            let priced = source.rollups ? "CAST(priced AS BIGINT)" : "CAST(CASE WHEN price_id IS NULL THEN 0 ELSE 1 END AS BIGINT)"
            let count = source.rollups ? "CAST(SUM(requests) AS BIGINT)" : "CAST(COUNT(*) AS BIGINT)"
            let sums = [
                "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
                "reasoning_tokens", "cost_input", "cost_cache_read", "cost_cache_write", "cost_output",
            ].map { "CAST(SUM(\($0)) AS BIGINT)" }.joined(separator: ", ")
            let sql = """
                SELECT \(key) AS k, \(model) AS m, \(bucket) AS b, status, \(priced) AS p, \(count), \(sums)
                FROM \(source.rollups ? "rollup_hourly" : "events") \(source.condition.sql)
                GROUP BY 1, 2, 3, 4, 5
                """
            return AggregateQuery(sql: sql, values: source.condition.values)
        }
    }

    private struct Source {
        var rollups: Bool
        var condition: SQLCondition
    }

    private static func sources(for filter: EventFilter, rollupsFit: Bool, dialect: SQLDialect) -> [Source] {
        func raw(_ from: Timestamp?, _ to: Timestamp?) -> Source {
            Source(rollups: false, condition: .events(filter, from: from, to: to, dialect: dialect))
        }
        guard rollupsFit else { return [raw(filter.from, filter.to)] }
        let hour: Int64 = 3_600_000_000
        let firstHour = filter.from.map { ($0.microseconds + hour - 1).floorDiv(hour) * hour } ?? Int64.min / 2
        let endHour = filter.to.map { $0.microseconds.floorDiv(hour) * hour } ?? Int64.max / 2
        guard firstHour < endHour else { return [raw(filter.from, filter.to)] }
        var sources = [
            Source(
                rollups: true,
                condition: .rollups(filter, fromHour: firstHour / 1_000_000, toHour: endHour / 1_000_000, dialect: dialect))
        ]
        if let from = filter.from, from.microseconds < firstHour {
            sources.append(raw(from, Timestamp(microseconds: firstHour)))
        }
        if let to = filter.to, endHour < to.microseconds {
            sources.append(raw(Timestamp(microseconds: endHour), to))
        }
        return sources
    }

    /// The key, model and bucket expressions of a grouping; unused ones are constants.
    private static func groupColumns(_ grouping: Grouping, rollups: Bool) -> (String, String, String) {
        switch grouping {
        case .model:
            return ("provider", "model", "CAST(0 AS BIGINT)")
        case .dimension(let dimension):
            return (rollups ? dimension.column : "COALESCE(\(dimension.column), '')", "''", "CAST(0 AS BIGINT)")
        case .time(let interval):
            let width = interval.seconds
            // Floor division that stays right before 1970 too.
            let seconds = rollups ? "bucket" : "((ts - ((ts % 1000000) + 1000000) % 1000000) / 1000000)"
            return ("''", "''", "CAST(\(seconds) - ((\(seconds) % \(width)) + \(width)) % \(width) AS BIGINT)")
        }
    }

    /// The summary of aggregate rows grouped by model.
    static func summary(from rows: [AggregateRow]) -> LedgerSummary {
        var summary = LedgerSummary()
        var unpriced: [String: UnpricedModel] = [:]
        for row in rows {
            summary.requests += row.requests
            summary.usage = summary.usage + row.usage
            if row.status == EventStatus.error.rawValue { summary.errorRequests += row.requests }
            if row.priced {
                summary.cost = summary.cost + row.cost
            } else {
                summary.unpricedRequests += row.requests
                summary.unpricedUsage = summary.unpricedUsage + row.usage
                let key = "\(row.key)/\(row.model)"
                var model =
                    unpriced[key] ?? UnpricedModel(provider: row.key, model: row.model, requests: 0, inputTokens: 0, outputTokens: 0)
                model.requests += row.requests
                model.inputTokens += row.usage.inputTokens
                model.outputTokens += row.usage.outputTokens
                unpriced[key] = model
            }
        }
        summary.unpricedModels = unpriced.values.sorted { ($0.requests, $1.model) > ($1.requests, $0.model) }
        return summary
    }

    /// The breakdown of aggregate rows grouped by a dimension: costliest first, then most
    /// requests, then by key.
    static func breakdown(from rows: [AggregateRow], limit: Int) -> [BreakdownRow] {
        var groups: [String: UsageTotals] = [:]
        for row in rows { groups[row.key, default: UsageTotals()].add(row) }
        let sorted = groups.sorted { left, right in
            (left.value.cost.total.nanos, left.value.requests, right.key) > (right.value.cost.total.nanos, right.value.requests, left.key)
        }
        return sorted.prefix(max(0, limit)).map { BreakdownRow(key: $0.key.isEmpty ? nil : $0.key, totals: $0.value) }
    }

    /// The time series of aggregate rows grouped by time, oldest first.
    static func timeseries(from rows: [AggregateRow]) -> [TimeseriesPoint] {
        var buckets: [Int64: UsageTotals] = [:]
        for row in rows { buckets[row.bucket, default: UsageTotals()].add(row) }
        return buckets.sorted { $0.key < $1.key }.map {
            TimeseriesPoint(start: Timestamp(microseconds: $0.key * 1_000_000), totals: $0.value)
        }
    }
}
