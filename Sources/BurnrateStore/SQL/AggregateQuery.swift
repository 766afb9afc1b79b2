import BurnrateCore

/// The SQL of an aggregate, shared by every backend: one statement, so that it reads one
/// snapshot, whose parts (see `AggregatePlan`) each return rows of
/// `keys..., bucket, priced, sums...` that `groups(from:)` folds into groups.
struct AggregateQuery {
    let keys: [GroupKey]
    let sql: String
    let values: [SQLValue]

    /// The statement for `filter` grouped by `keys`, or `nil` when the range is empty.
    init?(_ filter: EventFilter, by keys: [GroupKey], dialect: SQLDialect) {
        self.keys = keys
        var dimensions: Set<Dimension> = []
        var tags = false
        var interval: BucketInterval?
        for key in keys {
            switch key {
            case .dimension(let dimension): dimensions.insert(dimension)
            case .tag: tags = true
            case .time(let width): interval = width
            }
        }
        let plan = AggregatePlan(filter: filter, dimensions: dimensions, tags: tags, timeInterval: interval)
        guard !plan.pieces.isEmpty else { return nil }
        var parts: [String] = []
        var values: [SQLValue] = []
        for piece in plan.pieces {
            let (sql, pieceValues) = Self.select(
                piece, filter: filter, keys: keys, interval: interval, dialect: dialect, placeholdersBefore: values.count)
            parts.append(sql)
            values += pieceValues
        }
        self.sql = parts.joined(separator: "\nUNION ALL\n")
        self.values = values
    }

    /// The number of text columns before the numbers in each row.
    var keyColumns: Int { keys.count { if case .time = $0 { false } else { true } } }

    private static func select(
        _ piece: AggregatePlan.Piece, filter: EventFilter, keys: [GroupKey], interval: BucketInterval?, dialect: SQLDialect,
        placeholdersBefore: Int
    ) -> (String, [SQLValue]) {
        var tagPaths: [SQLValue] = []
        var columns: [String] = []
        for key in keys {
            switch key {
            case .dimension(let dimension):
                columns.append(piece.rollup == nil ? "COALESCE(\(dimension.column), '')" : dimension.column)
            case .tag(let name):
                tagPaths.append(dialect.tagPath(name))
                columns.append(dialect.tagValue(of: "tags", path: dialect.placeholder(placeholdersBefore + tagPaths.count)))
            case .time:
                continue
            }
        }
        let groupCount = columns.count + 2
        if let rollup = piece.rollup {
            let bucket =
                if let interval, interval.seconds != rollup.grain {
                    RawEvents.floored("bucket", to: interval.seconds)
                } else if interval != nil {
                    "bucket"
                } else {
                    "0"
                }
            columns += ["CAST(\(bucket) AS BIGINT)", "CAST(priced AS BIGINT)"]
            columns += RollupTotals.columns.map { "CAST(SUM(\($0)) AS BIGINT)" }
            let condition = SQLCondition.rollup(
                rollup, filter, from: piece.from, to: piece.to, dialect: dialect, placeholdersBefore: placeholdersBefore + tagPaths.count)
            let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(rollup.table) \(condition.sql) GROUP BY \(groupList(groupCount))"
            return (sql, tagPaths + condition.values)
        }
        let condition = SQLCondition.events(
            filter, from: piece.from, to: piece.to, dialect: dialect, placeholdersBefore: placeholdersBefore + tagPaths.count)
        let sql = raw(
            keys, condition: condition, interval: interval, subtracted: piece.subtracted, dialect: dialect,
            placeholdersBefore: placeholdersBefore)
        return (sql, tagPaths + condition.values)
    }

    /// Raw events: grouped by the dictionary numbers of the `events` view, and decoded once per
    /// group rather than once per event; with their sums negated when `subtracted`.
    private static func raw(
        _ keys: [GroupKey], condition: SQLCondition, interval: BucketInterval?, subtracted: Bool, dialect: SQLDialect,
        placeholdersBefore: Int
    ) -> String {
        var inner: [String] = []
        var outer: [String] = []
        var tagPaths = 0
        for key in keys {
            let name = "k\(inner.count)"
            switch key {
            case .dimension(let dimension):
                inner.append("\(dimension.column)_code AS \(name)")
                outer.append("COALESCE((SELECT value FROM dictionary WHERE id = \(name)), '')")
            case .tag:
                tagPaths += 1
                inner.append("tags_code AS \(name)")
                let path = dialect.placeholder(placeholdersBefore + tagPaths)
                outer.append(dialect.tagValue(of: "(SELECT tags FROM tag_sets WHERE id = \(name))", path: path))
            case .time:
                continue
            }
        }
        let grouped = inner.count + 2
        inner += [interval.map { RawEvents.bucket(seconds: $0.seconds) } ?? "CAST(0 AS BIGINT)", RawEvents.priced()]
        inner += RawEvents.sums(dialect)
        let sums = RollupTotals.columns.indices.map { "s\($0)" }
        let aliased = zip(inner[(grouped - 2)...], ["b", "p"] + sums).map { "\($0) AS \($1)" }
        let select = inner[..<(grouped - 2)] + aliased
        outer += ["b", "p"] + sums.map { subtracted ? "-\($0)" : $0 }
        return """
            SELECT \(outer.joined(separator: ", ")) FROM (SELECT \(select.joined(separator: ", ")) FROM events \(condition.sql) \
            GROUP BY \(groupList(grouped))) AS grouped
            """
    }

    private static func groupList(_ count: Int) -> String {
        (1...count).map(String.init).joined(separator: ", ")
    }

    /// The groups of the rows the statement returned: `keys` are the text columns, `numbers` the
    /// bucket, priced flag and the sums of `RollupTotals.columns`.
    func groups(from rows: [(keys: [String?], numbers: [Int64])]) -> [AggregateGroup] {
        let grouped = keys.contains { if case .time = $0 { true } else { false } }
        var dimensionKey: [Bool] = []
        for key in keys {
            switch key {
            case .dimension: dimensionKey.append(true)
            case .tag: dimensionKey.append(false)
            case .time: continue
            }
        }
        struct GroupID: Hashable {
            var keys: [String?]
            var bucket: Int64
        }
        var sums: [GroupID: AggregateSums] = [:]
        for row in rows {
            // Rollups keep `''` for events without a value, so raw events read it that way too.
            let keys = zip(row.keys, dimensionKey).map { value, isDimension in isDimension && value == "" ? nil : value }
            sums[GroupID(keys: keys, bucket: row.numbers[0]), default: AggregateSums()].add(row.numbers)
        }
        return sums.compactMap { id, sums in
            // A group whose events all lie in a part taken away from a whole bucket is not one.
            guard !sums.isEmpty else { return nil }
            return AggregateGroup(
                keys: id.keys, bucket: grouped ? Timestamp(microseconds: id.bucket * 1_000_000) : nil, totals: sums.totals)
        }
    }

    /// Partially priced events per provider, model and what their price lacks. The condition
    /// repeats the partial index's own, so that both backends read that index, not the range
    /// (nor, on SQLite, a filtered tenant's or user's events: 20,000 of them for one tenant of 50
    /// in a month of 1 million events, where the partial index holds none).
    static func partiallyPriced(_ filter: EventFilter, dialect: SQLDialect) -> (sql: String, values: [SQLValue])? {
        if let from = filter.from, let to = filter.to, from >= to { return nil }
        var condition = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: dialect, filtersUseIndexes: false)
        condition.add("(price_id_code IS NULL OR unbilled_code IS NOT NULL) AND unbilled_code IS NOT NULL", [])
        let sql =
            "SELECT provider, model, unbilled, CAST(COUNT(*) AS BIGINT) FROM events \(condition.sql) GROUP BY provider, model, unbilled"
        return (sql, condition.values)
    }

    /// Rows of `partiallyPriced`, merged per model, most events first.
    static func partiallyPricedModels(
        _ rows: [(provider: String, model: String, unbilled: String?, count: Int64)]
    ) -> [PartiallyPricedModel] {
        var models: [String: PartiallyPricedModel] = [:]
        for row in rows {
            let key = "\(row.provider)/\(row.model)"
            var model = models[key] ?? PartiallyPricedModel(provider: row.provider, model: row.model, requests: 0, unbilled: [])
            model.requests += row.count
            model.unbilled.formUnion(UnbilledRates(storedText: row.unbilled))
            models[key] = model
        }
        return models.values.sorted { ($0.requests, $1.provider, $1.model) > ($1.requests, $0.provider, $0.model) }
    }
}
