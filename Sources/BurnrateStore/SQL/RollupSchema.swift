/// The `rollups` table and the SQL that fills it from the events, shared by every backend.
enum RollupSchema {
    /// Creates the table.
    static func create(_ dialect: SQLDialect) -> String {
        let text = dialect == .sqlite ? "TEXT" : "text"
        let integer = dialect == .sqlite ? "INTEGER" : "bigint"
        let small = dialect == .sqlite ? "INTEGER" : "smallint"
        let keys =
            ["rollup \(small) NOT NULL", "bucket \(integer) NOT NULL"]
            + Rollup.dimensionColumns.map { "\($0.column) \(text) NOT NULL" } + ["priced \(small) NOT NULL"]
        let sums = RollupTotals.columns.map { "\($0) \(integer) NOT NULL" }
        return """
            CREATE TABLE rollups (
                \((keys + sums).joined(separator: ",\n    ")),
                PRIMARY KEY (\(keyColumns.joined(separator: ", ")))
            )\(dialect == .sqlite ? " WITHOUT ROWID" : "")
            """
    }

    /// The primary key of the table.
    static let keyColumns = ["rollup", "bucket"] + Rollup.dimensionColumns.map(\.column) + ["priced"]

    /// One statement per rollup of `rollups` that sums the existing events into it.
    static func build(_ dialect: SQLDialect, _ rollups: [Rollup]) -> [String] {
        rollups.map { rollup in
            let values = Rollup.dimensionColumns.map { dimension in
                rollup.dimensions.contains(dimension) ? "COALESCE(\(dimension.column), '')" : "''"
            }
            let columns = ["\(rollup.id)", RawEvents.bucket(seconds: rollup.grain)] + values + [RawEvents.priced] + RawEvents.sums(dialect)
            return """
                INSERT INTO rollups (\((keyColumns + RollupTotals.columns).joined(separator: ", ")))
                SELECT \(columns.joined(separator: ", ")) FROM events
                GROUP BY \((2...keyColumns.count).map(String.init).joined(separator: ", "))
                """
        }
    }
}

/// Expressions over the raw `events` table that match the rollups' columns.
enum RawEvents {
    /// The start, in epoch seconds, of the bucket of `seconds` an event falls in (floor division,
    /// right before 1970 too).
    static func bucket(seconds: Int64) -> String {
        let width = seconds * 1_000_000
        return "CAST((ts - ((ts % \(width)) + \(width)) % \(width)) / 1000000 AS BIGINT)"
    }

    /// 1 for priced events, 0 for unpriced ones.
    static let priced = "CAST(CASE WHEN price_id IS NULL THEN 0 ELSE 1 END AS BIGINT)"

    /// The sums of `RollupTotals.columns`, in order.
    static func sums(_ dialect: SQLDialect) -> [String] {
        ["CAST(COUNT(*) AS BIGINT)", "CAST(SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS BIGINT)"]
            + [
                "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
                "reasoning_tokens", "cost_input", "cost_cache_read", "cost_cache_write", "cost_output",
            ].map { "CAST(SUM(\($0)) AS BIGINT)" }
            + ["CAST(COALESCE(SUM(\(GPUTime.sql(dialect))), 0) AS BIGINT)"]
    }
}
