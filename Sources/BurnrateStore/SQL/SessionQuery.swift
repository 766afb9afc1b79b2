import BurnrateCore

/// The statements of `SessionStore`, the same for every dialect but for placeholders. Each selects
/// its text columns first, then its numbers.
enum SessionQuery {
    /// The string a dictionary number stands for.
    private static func decoded(_ code: String) -> String { "(SELECT value FROM dictionary WHERE id = \(code))" }

    /// The dimensions a session row keeps (its first call's); the others are matched on its calls.
    private static let sessionDimensions: Set<Dimension> = [.tenant, .user, .feature, .team, .environment]

    /// Which time of a session a range selects: any call in it, or the first.
    enum Range {
        case overlapping, starting
    }

    /// The condition on `sessions` rows for `filter`: the run's attribution, its calls' other
    /// dimensions and tags (a call in range that has them), and the range.
    static func condition(_ filter: EventFilter, range: Range, dialect: SQLDialect) -> SQLCondition {
        var condition = SQLCondition(dialect)
        var callFilter = EventFilter(from: filter.from, to: filter.to, tags: filter.tags)
        for (dimension, values) in filter.dimensions where !sessionDimensions.contains(dimension) {
            callFilter.dimensions[dimension] = values
        }
        if !callFilter.restrictedDimensions.isEmpty || !callFilter.restrictedTagKeys.isEmpty {
            // First in the text, so that positional placeholders come in the order of the values.
            // A probe of each run's calls in the list's order: a page is full after a few dozen
            // probes when the value is common, where collecting every matching call of the range
            // first read millions of them.
            var calls = SQLCondition.events(callFilter, from: filter.from, to: filter.to, dialect: dialect)
            calls.add("session_code = sessions.id", [])
            condition.add(raw: "EXISTS (SELECT 1 FROM events \(calls.sql))", calls.values)
        }
        condition.add("calls > 0", [])
        switch range {
        case .overlapping:
            if let from = filter.from { condition.add("last_ts >= #", [.int(from.microseconds)]) }
            if let to = filter.to { condition.add("first_ts < #", [.int(to.microseconds)]) }
        case .starting:
            if let from = filter.from { condition.add("first_ts >= #", [.int(from.microseconds)]) }
            if let to = filter.to { condition.add("first_ts < #", [.int(to.microseconds)]) }
        }
        for (dimension, values) in filter.dimensions.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where sessionDimensions.contains(dimension) && !values.isEmpty {
            let numbers = "SELECT id FROM dictionary WHERE value IN (\(Array(repeating: "#", count: values.count).joined(separator: ", ")))"
            condition.add(dialect.code(dimension.column, in: numbers), values.map(SQLValue.text))
        }
        return condition
    }

    /// The columns of a session row: 6 texts (session, tenant, user, feature, team, environment),
    /// then 8 numbers (first, last, calls, error calls, unpriced calls, input and output tokens,
    /// cost) and the row's number.
    private static let columns = """
        session, \(decoded("tenant")), \(decoded("user_id")), \(decoded("feature")), \(decoded("team")), \(decoded("environment")),
        first_ts, last_ts, calls, error_calls, unpriced_calls, input_tokens, output_tokens, cost, CAST(id AS BIGINT)
        """

    static let textColumns = 6

    /// A page of sessions; rows as `summary(texts:numbers:)` reads them.
    static func list(
        _ filter: EventFilter, order: SessionOrder, limit: Int, offset: Int, dialect: SQLDialect
    ) -> (sql: String, values: [SQLValue]) {
        let condition = condition(filter, range: .overlapping, dialect: dialect)
        let key =
            switch order {
            case .cost: "cost"
            case .calls: "calls"
            case .duration: "(last_ts - first_ts)"
            case .recent: "last_ts"
            }
        return (
            "SELECT \(columns) FROM sessions \(condition.sql) ORDER BY \(key) DESC, id DESC LIMIT \(limit) OFFSET \(offset)",
            condition.values
        )
    }

    /// The sessions with these ids; at most `maximumIDs` at a time.
    static func some(ids: [String], dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        let placeholders = ids.indices.map { dialect.placeholder($0 + 1) }.joined(separator: ", ")
        return ("SELECT \(columns) FROM sessions WHERE calls > 0 AND session IN (\(placeholders))", ids.map(SQLValue.text))
    }

    /// The most ids `some(ids:dialect:)` takes, below every backend's limit on placeholders.
    static let maximumIDs = 500

    /// Sessions with a call in a range: session and feature (texts), then first and latest call,
    /// calls, cost and the row's number; the latest `perFeature` of each feature when given.
    static func activity(from: Timestamp, to: Timestamp, perFeature: Int?, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        let range = "calls > 0 AND last_ts >= \(dialect.placeholder(1)) AND first_ts < \(dialect.placeholder(2))"
        let columns = "session, \(decoded("feature")), first_ts, last_ts, calls, cost, CAST(id AS BIGINT)"
        let values: [SQLValue] = [.int(from.microseconds), .int(to.microseconds)]
        guard let perFeature else { return ("SELECT \(columns) FROM sessions WHERE \(range)", values) }
        return (
            """
            SELECT \(columns) FROM (
                SELECT id, session, feature, first_ts, last_ts, calls, cost,
                    ROW_NUMBER() OVER (PARTITION BY feature ORDER BY last_ts DESC) AS latest
                FROM sessions WHERE \(range)
            ) AS ranked WHERE latest <= \(perFeature)
            """, values
        )
    }

    /// The most calls that share one prompt hash, per session numbered `numbers`: session number, calls.
    static func repeatedPrompts(of numbers: [Int64]) -> String {
        """
        SELECT CAST(session_code AS BIGINT), CAST(MAX(n) AS BIGINT) FROM (
            SELECT session_code, prompt_hash, COUNT(*) AS n FROM events
            WHERE session_code IN (\(numbers.map(String.init).joined(separator: ", "))) AND prompt_hash IS NOT NULL
            GROUP BY session_code, prompt_hash
        ) AS repeats GROUP BY session_code
        """
    }

    /// Activity rows (see `activity`) with their repeated prompts (session number to count).
    static func activities(_ rows: [(texts: [String?], numbers: [Int64])], repeats: [Int64: Int64]) -> [SessionActivity] {
        rows.map { row in
            SessionActivity(
                sessionID: row.texts[0] ?? "", feature: row.texts[1], start: Timestamp(microseconds: row.numbers[0]),
                lastCall: Timestamp(microseconds: row.numbers[1]), calls: row.numbers[2], cost: Money(nanos: row.numbers[3]),
                repeatedPrompts: repeats[row.numbers[4]] ?? 0)
        }
    }

    /// One session by its id.
    static func one(id: String, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        ("SELECT \(columns) FROM sessions WHERE session = \(dialect.placeholder(1))", [.text(id)])
    }

    /// The calls of one session in time order, as `EventColumn.selectList`.
    static func calls(id: String, limit: Int, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        (
            """
            SELECT \(EventColumn.selectList) FROM events
            WHERE session_code = (SELECT id FROM sessions WHERE session = \(dialect.placeholder(1))) ORDER BY ts, id LIMIT \(limit)
            """, [.text(id)]
        )
    }

    /// The models of the sessions numbered `numbers`: model (text), then session number and calls.
    static func models(of numbers: [Int64]) -> String {
        """
        SELECT \(decoded("model_code")), CAST(session_code AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM events
        WHERE session_code IN (\(numbers.map(String.init).joined(separator: ", "))) GROUP BY session_code, model_code
        """
    }

    /// A session row read as texts and numbers (see `columns`); the models come later.
    static func summary(texts: [String?], numbers: [Int64]) -> SessionSummary {
        SessionSummary(
            id: texts[0] ?? "", start: Timestamp(microseconds: numbers[0]), end: Timestamp(microseconds: numbers[1]), calls: numbers[2],
            errorCalls: numbers[3], unpricedCalls: numbers[4], inputTokens: numbers[5], outputTokens: numbers[6],
            cost: Money(nanos: numbers[7]),
            attribution: Attribution(tenant: texts[1], user: texts[2], feature: texts[3], team: texts[4], environment: texts[5]))
    }

    /// Each row's models, most calls first, from the rows of `models(of:)` (model, session number, calls).
    static func attach(
        models rows: [(model: String?, session: Int64, calls: Int64)], to sessions: inout [(number: Int64, summary: SessionSummary)]
    ) {
        var byNumber: [Int64: [(String, Int64)]] = [:]
        for row in rows { byNumber[row.session, default: []].append((row.model ?? "", row.calls)) }
        for index in sessions.indices {
            sessions[index].summary.models = (byNumber[sessions[index].number] ?? []).sorted { ($1.1, $0.0) < ($0.1, $1.0) }.map(\.0)
        }
    }

    /// Per feature (and period): feature (text), then period start, sessions, total, p50, p90, p99 and maximum.
    static func distribution(_ filter: EventFilter, bucketSeconds: Int64?, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        let condition = condition(filter, range: .starting, dialect: dialect)
        let bucket = bucketSeconds.map { "first_ts - (first_ts % \($0 * 1_000_000))" } ?? "0"
        func percentile(_ percent: Int) -> String {
            "CAST(COALESCE(MAX(CASE WHEN r = (\(percent) * n + 99) / 100 THEN cost END), 0) AS BIGINT)"
        }
        let sql = """
            SELECT \(decoded("feature")), CAST(bucket AS BIGINT), CAST(n AS BIGINT), CAST(total AS BIGINT), \(percentile(50)), \(percentile(90)),
                \(percentile(99)), CAST(MAX(cost) AS BIGINT)
            FROM (
                SELECT feature, \(bucket) AS bucket, cost, ROW_NUMBER() OVER (PARTITION BY feature, \(bucket) ORDER BY cost) AS r,
                    COUNT(*) OVER (PARTITION BY feature, \(bucket)) AS n, SUM(cost) OVER (PARTITION BY feature, \(bucket)) AS total
                FROM sessions \(condition.sql)
            ) AS ranked
            GROUP BY feature, bucket, n, total ORDER BY 2, 4 DESC
            """
        return (sql, condition.values)
    }

    /// A distribution row read as texts and numbers.
    static func distribution(texts: [String?], numbers: [Int64], bucketed: Bool) -> SessionCostDistribution {
        SessionCostDistribution(
            feature: texts[0], period: bucketed ? Timestamp(microseconds: numbers[0]) : nil, sessions: numbers[1],
            totalCost: Money(nanos: numbers[2]), p50: Money(nanos: numbers[3]), p90: Money(nanos: numbers[4]),
            p99: Money(nanos: numbers[5]), maximum: Money(nanos: numbers[6]))
    }

    /// The costliest steps: step (text), then calls, sessions, cost and the dearest call.
    static func steps(_ filter: EventFilter, limit: Int, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        var condition = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: dialect)
        condition.add("session_code IS NOT NULL", [])
        let sql = """
            SELECT \(decoded("step_code")), CAST(COUNT(*) AS BIGINT), CAST(COUNT(DISTINCT session_code) AS BIGINT),
                CAST(COALESCE(SUM(cost_total), 0) AS BIGINT), CAST(COALESCE(MAX(cost_total), 0) AS BIGINT)
            FROM events \(condition.sql) GROUP BY step_code ORDER BY 4 DESC LIMIT \(limit)
            """
        return (sql, condition.values)
    }

    /// A step row read as texts and numbers.
    static func step(texts: [String?], numbers: [Int64]) -> StepCost {
        StepCost(
            step: texts[0], calls: numbers[0], sessions: numbers[1], cost: Money(nanos: numbers[2]),
            maximumCallCost: Money(nanos: numbers[3]))
    }
}
