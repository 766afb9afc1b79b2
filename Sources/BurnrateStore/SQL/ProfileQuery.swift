import BurnrateCore

/// The statements of `UsageProfileStore`, the same for every dialect but for placeholders.
///
/// They group events by the dictionary numbers of the `events` view and decode each group once.
enum ProfileQuery {
    /// The string a dictionary number stands for.
    private static func decoded(_ code: String) -> String { "(SELECT value FROM dictionary WHERE id = \(code))" }

    /// Columns: feature, provider, model, distinct prompts, hashed requests, hashed cost, repeated requests,
    /// repeated prompts, repeated input tokens, repeated cache reads, repeated cost, repeated
    /// uncached input cost.
    static func promptRepetition(_ filter: EventFilter, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        var condition = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: dialect)
        condition.add("prompt_hash IS NOT NULL", [])
        condition.add("price_id_code IS NOT NULL", [])
        let prompts = """
            SELECT feature_code AS f, provider_code AS p, model_code AS m, prompt_hash, COUNT(*) AS n, SUM(cost_total) AS cost,
                SUM(input_tokens) AS input, SUM(cache_read_tokens) AS cache_read, SUM(cost_input) AS cost_input
            FROM events \(condition.sql) GROUP BY f, p, m, prompt_hash
            """
        func sum(_ expression: String) -> String { "CAST(COALESCE(SUM(\(expression)), 0) AS BIGINT)" }
        let sql = """
            SELECT \(decoded("f")), \(decoded("p")), \(decoded("m")), CAST(COUNT(*) AS BIGINT), \(sum("n")), \(sum("cost")),
                \(sum("CASE WHEN n > 1 THEN n ELSE 0 END")), \(sum("CASE WHEN n > 1 THEN 1 ELSE 0 END")),
                \(sum("CASE WHEN n > 1 THEN input ELSE 0 END")), \(sum("CASE WHEN n > 1 THEN cache_read ELSE 0 END")),
                \(sum("CASE WHEN n > 1 THEN cost ELSE 0 END")), \(sum("CASE WHEN n > 1 THEN cost_input ELSE 0 END"))
            FROM (\(prompts)) AS prompts GROUP BY f, p, m
            """
        return (sql, condition.values)
    }

    /// The repetition of one row of `promptRepetition`'s statement.
    static func repetition(feature: String?, provider: String, model: String, _ numbers: [Int64]) -> PromptRepetition {
        var row = PromptRepetition(feature: feature, provider: provider, model: model)
        row.distinctPrompts = numbers[0]
        row.hashedRequests = numbers[1]
        row.hashedCost = Money(nanos: numbers[2])
        row.repeatedRequests = numbers[3]
        row.repeatedPrompts = numbers[4]
        row.repeatedInputTokens = numbers[5]
        row.repeatedCacheReadTokens = numbers[6]
        row.repeatedCost = Money(nanos: numbers[7])
        row.repeatedUncachedInputCost = Money(nanos: numbers[8])
        return row
    }

    /// Columns: feature, provider, model, requests, batch requests, cost of the others.
    static func batchProfile(_ filter: EventFilter, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        var condition = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: dialect)
        condition.add("price_id_code IS NOT NULL", [])
        let sql = """
            SELECT \(decoded("f")), \(decoded("p")), \(decoded("m")), n, batched, interactive FROM (
                SELECT feature_code AS f, provider_code AS p, model_code AS m, CAST(COUNT(*) AS BIGINT) AS n,
                    CAST(SUM(CASE WHEN batch THEN 1 ELSE 0 END) AS BIGINT) AS batched,
                    CAST(SUM(CASE WHEN batch THEN 0 ELSE cost_total END) AS BIGINT) AS interactive
                FROM events \(condition.sql) GROUP BY f, p, m
            ) AS grouped
            """
        return (sql, condition.values)
    }

    /// The profile of one row of `batchProfile`'s statement.
    static func profile(feature: String?, provider: String, model: String, _ numbers: [Int64]) -> BatchProfile {
        var row = BatchProfile(feature: feature, provider: provider, model: model)
        row.requests = numbers[0]
        row.batchRequests = numbers[1]
        row.interactiveCost = Money(nanos: numbers[2])
        return row
    }

    /// Columns: key, price id, tier, long context (0/1), requests, tokens sent, original tokens;
    /// priced events that report `original_input_tokens`, grouped by `key` (a dimension or a tag;
    /// no grouping for `nil` or a time key).
    static func compression(_ filter: EventFilter, by key: GroupKey?, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        var keyValues: [SQLValue] = []
        let keyColumn: String
        switch key {
        case .dimension(let dimension): keyColumn = dimension.column
        case .tag(let name):
            keyValues = [dialect.tagPath(name)]
            keyColumn = dialect.tagValue(of: "tags", path: dialect.placeholder(1))
        case .time, nil: keyColumn = "CAST(NULL AS TEXT)"
        }
        var condition = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: dialect, placeholdersBefore: keyValues.count)
        condition.add("original_input_tokens IS NOT NULL", [])
        condition.add("price_id IS NOT NULL", [])
        let sql = """
            SELECT \(keyColumn) AS group_key, price_id, COALESCE(tier, 'standard'),
                CAST(MAX(CASE WHEN long_context THEN 1 ELSE 0 END) AS BIGINT), CAST(COUNT(*) AS BIGINT),
                CAST(SUM(input_tokens) AS BIGINT), CAST(SUM(original_input_tokens) AS BIGINT)
            FROM events \(condition.sql) GROUP BY group_key, price_id, tier, long_context
            """
        return (sql, keyValues + condition.values)
    }

    /// The usage of one row of `compression`'s statement.
    static func compressionUsage(key: String?, priceID: String, tier: String, _ numbers: [Int64]) -> CompressionUsage {
        CompressionUsage(
            key: key, priceID: priceID, tier: tier, longContext: numbers[0] != 0, requests: numbers[1],
            sentInputTokens: numbers[2], originalInputTokens: numbers[3])
    }
}
