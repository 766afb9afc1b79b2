import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func summary(_ filter: EventFilter) async throws -> LedgerSummary {
        try await writer.read { db in
            var summary = LedgerSummary()
            var unpriced: [String: UnpricedModel] = [:]
            for source in Self.sources(for: filter) {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT provider, model, status, \(source.pricedExpression) AS priced, \(source.count) AS requests,
                            SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens),
                            SUM(cache_write_1h_tokens), SUM(reasoning_tokens), SUM(cost_input), SUM(cost_cache_read),
                            SUM(cost_cache_write), SUM(cost_output)
                        FROM \(source.table) \(source.filter.sql)
                        GROUP BY provider, model, status, priced
                        """, arguments: source.filter.arguments)
                for row in rows {
                    let requests: Int64 = row[4]
                    let usage = TokenUsage(
                        inputTokens: row[5], outputTokens: row[6], cacheReadTokens: row[7],
                        cacheWriteTokens: row[8], cacheWrite1hTokens: row[9], reasoningTokens: row[10])
                    summary.requests += requests
                    summary.usage = summary.usage + usage
                    if row[2] as String == EventStatus.error.rawValue { summary.errorRequests += requests }
                    if row[3] as Bool {
                        summary.cost =
                            summary.cost
                            + CostBreakdown(
                                uncachedInput: Money(nanos: row[11]), cacheRead: Money(nanos: row[12]),
                                cacheWrite: Money(nanos: row[13]), output: Money(nanos: row[14]))
                    } else {
                        summary.unpricedRequests += requests
                        summary.unpricedUsage = summary.unpricedUsage + usage
                        let key = "\(row[0] as String)/\(row[1] as String)"
                        var model =
                            unpriced[key] ?? UnpricedModel(provider: row[0], model: row[1], requests: 0, inputTokens: 0, outputTokens: 0)
                        model.requests += requests
                        model.inputTokens += usage.inputTokens
                        model.outputTokens += usage.outputTokens
                        unpriced[key] = model
                    }
                }
            }
            summary.unpricedModels = unpriced.values.sorted { ($0.requests, $1.model) > ($1.requests, $0.model) }
            return summary
        }
    }

    /// Where to read a filter's totals from: whole hours from the rollups, the partial hours at
    /// either end (or everything, when the filter needs user or tags) from raw events.
    struct Source {
        var table: String
        var filter: SQLFilter
        var count: String
        var pricedExpression: String
    }

    static func sources(for filter: EventFilter) -> [Source] {
        func raw(_ from: Timestamp?, _ to: Timestamp?) -> Source {
            Source(
                table: "events", filter: .events(filter, from: from, to: to), count: "COUNT(*)",
                pricedExpression: "(price_id IS NOT NULL)")
        }
        guard filter.fitsRollups else { return [raw(filter.from, filter.to)] }
        let hour: Int64 = 3_600_000_000
        let firstHour = filter.from.map { ($0.microseconds + hour - 1).floorDiv(hour) * hour } ?? Int64.min / 2
        let endHour = filter.to.map { $0.microseconds.floorDiv(hour) * hour } ?? Int64.max / 2
        guard firstHour < endHour else { return [raw(filter.from, filter.to)] }
        var sources = [
            Source(
                table: "rollup_hourly",
                filter: .rollups(filter, fromHour: firstHour / 1_000_000, toHour: endHour / 1_000_000),
                count: "SUM(requests)", pricedExpression: "priced")
        ]
        if let from = filter.from, from.microseconds < firstHour {
            sources.append(raw(from, Timestamp(microseconds: firstHour)))
        }
        if let to = filter.to, endHour < to.microseconds {
            sources.append(raw(Timestamp(microseconds: endHour), to))
        }
        return sources
    }

    public func priceOverrides() async throws -> [PriceEntry] {
        let documents = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM price_overrides ORDER BY provider, model, effective_from")
        }
        return try documents.flatMap { document in
            try PriceDocument.parse(Array("[\(document)]".utf8), origin: .override)
        }
    }

    public func savePriceOverride(_ entry: PriceEntry) async throws {
        let document = PriceDocument.jsonValue(for: entry).serialized()
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO price_overrides (provider, model, effective_from, document, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (provider, model, effective_from) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """,
                arguments: [
                    entry.provider, entry.model, CalendarDate.string(from: entry.effectiveFrom), document,
                    Timestamp.now().microseconds,
                ])
        }
    }
}
