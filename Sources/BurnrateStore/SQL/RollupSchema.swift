import BurnrateCore

/// The `rollups` and `tag_rollups` tables and the SQL that fills them from the events, shared by
/// every backend.
enum RollupSchema {
    /// Creates the `rollups` table, or with `tagged` the `tag_rollups` table, which has the tag's
    /// key and value in its key too, right after the rollup: a view filtered on one tag value
    /// then reads that value's rows only.
    static func create(_ dialect: SQLDialect, tagged: Bool = false) -> String {
        let text = dialect == .sqlite ? "TEXT" : "text"
        let integer = dialect == .sqlite ? "INTEGER" : "bigint"
        let small = dialect == .sqlite ? "INTEGER" : "smallint"
        let keys = keyColumns(tagged: tagged).map { column in
            "\(column) \(["rollup", "priced"].contains(column) ? small : column == "bucket" ? integer : text) NOT NULL"
        }
        let sums = RollupTotals.columns.map { "\($0) \(integer) NOT NULL" }
        return """
            CREATE TABLE \(table(tagged: tagged)) (
                \((keys + sums).joined(separator: ",\n    ")),
                PRIMARY KEY (\(primaryKey(tagged: tagged).joined(separator: ", ")))
            )\(dialect == .sqlite ? " WITHOUT ROWID" : "")
            """
    }

    /// The table of the tagged rollups or of the others.
    static func table(tagged: Bool) -> String { tagged ? "tag_rollups" : "rollups" }

    /// Both tables.
    static let tables = [table(tagged: false), table(tagged: true)]

    /// The key columns of the `rollups` table, in the order of its primary key.
    static let keyColumns = keyColumns(tagged: false)

    /// The key columns of a rollup's table, in the order `RollupKey` binds them.
    static func keyColumns(tagged: Bool) -> [String] {
        ["rollup", "bucket"] + Rollup.dimensionColumns.map(\.column) + (tagged ? ["tag_key", "tag_value"] : []) + ["priced"]
    }

    /// The key columns in the order of the table's primary key.
    static func primaryKey(tagged: Bool) -> [String] {
        tagged ? ["rollup", "tag_key", "tag_value"] + keyColumns.dropFirst() : keyColumns
    }

    /// One statement per rollup of `rollups` that sums the existing events into it, read through
    /// their decoded columns; a tagged rollup sums each event once per tag.
    static func build(_ dialect: SQLDialect, _ rollups: [Rollup]) -> [String] {
        rollups.map { rollup in
            var values = Rollup.dimensionColumns.map { dimension in
                rollup.dimensions.contains(dimension) ? "COALESCE(\(dimension.column), '')" : "''"
            }
            var source = "events"
            if rollup.tagged {
                // Tags are a JSON object of strings (`TagCoding`); each member becomes a row.
                switch dialect {
                case .sqlite:
                    values += ["tag.key", "tag.value"]
                    source = "events, json_each(events.tags) AS tag WHERE tag.type = 'text'"
                case .postgres:
                    values += ["tag.key", "tag.value #>> '{}'"]
                    source = "events, jsonb_each(events.tags) AS tag WHERE jsonb_typeof(tag.value) = 'string'"
                }
            }
            let keys = keyColumns(tagged: rollup.tagged)
            let columns =
                ["\(rollup.id)", RawEvents.bucket(seconds: rollup.grain)] + values + [RawEvents.priced(coded: false)]
                + RawEvents.sums(dialect, coded: false)
            return """
                INSERT INTO \(rollup.table) (\((keys + RollupTotals.columns).joined(separator: ", ")))
                SELECT \(columns.joined(separator: ", ")) FROM \(source)
                GROUP BY \((2...keys.count).map(String.init).joined(separator: ", "))
                """
        }
    }
}

extension RollupSchema {
    /// The statement that sums the rows of the users' day rollup from `from` to `to` (epoch
    /// seconds, `nil` for no bound) into rows of their week rollup, which must have none for
    /// those weeks yet: how `v17-user-weeks` builds it, and how retention rebuilds the week it
    /// cuts through.
    static func userWeeks(from: Int64?, to: Int64?) -> String {
        let week = Rollup.usersByWeek
        let keys = keyColumns(tagged: false)
        let values = keys.map { column in
            switch column {
            case "rollup": "\(week.id)"
            case "bucket": "CAST(\(RawEvents.floored("bucket", to: week.grain)) AS BIGINT)"
            default: column
            }
        }
        let bounds = [from.map { "bucket >= \($0)" }, to.map { "bucket < \($0)" }].compactMap { $0 }
        return """
            INSERT INTO rollups (\((keys + RollupTotals.columns).joined(separator: ", ")))
            SELECT \((values + RollupTotals.columns.map { "CAST(SUM(\($0)) AS BIGINT)" }).joined(separator: ", ")) FROM rollups
            WHERE \((["rollup = \(Rollup.usersByDay.id)"] + bounds).joined(separator: " AND "))
            GROUP BY \((2...keys.count).map(String.init).joined(separator: ", "))
            """
    }

    /// The statements of `v17-user-weeks`: the users' week rollup, summed from their day rollup.
    static let addUserWeeks = ["DELETE FROM rollups WHERE rollup = \(Rollup.usersByWeek.id)", userWeeks(from: nil, to: nil)]

    /// What retention runs once it has deleted every rollup row before `cutoff` (the start of a
    /// day, in epoch seconds): the week the cutoff cuts through, summed again from its days left.
    static func afterRetention(cutoff: Int64) -> [String] {
        let grain = Rollup.usersByWeek.grain
        let weekStart = cutoff.floorDiv(grain) * grain
        guard weekStart < cutoff else { return [] }
        return [userWeeks(from: cutoff, to: weekStart + grain)]
    }
}

/// Expressions over the raw `events` table that match the rollups' columns.
enum RawEvents {
    /// The start, in epoch seconds, of the bucket of `seconds` an event falls in (floor division,
    /// right before 1970 too).
    static func bucket(seconds: Int64) -> String {
        "CAST(\(floored("ts", to: seconds * 1_000_000)) / 1000000 AS BIGINT)"
    }

    /// `expression` rounded down to a multiple of `width` (floor division, right for negative
    /// values too, which SQL's `%` is not): the start of the bucket of `width` it falls in.
    static func floored(_ expression: String, to width: Int64) -> String {
        "(\(expression) - ((\(expression) % \(width)) + \(width)) % \(width))"
    }

    /// 1 for priced events, 0 for unpriced ones. `coded` reads the dictionary numbers of the
    /// `events` view rather than decoding every row; the text layout that PostgreSQL's rollups were
    /// first built from (`v11-lean-rollups`) has no numbers.
    static func priced(coded: Bool = true) -> String {
        "CAST(CASE WHEN \(coded ? "price_id_code" : "price_id") IS NULL THEN 0 ELSE 1 END AS BIGINT)"
    }

    /// The sums of `RollupTotals.columns`, in order (`coded` as for `priced(coded:)`).
    static func sums(_ dialect: SQLDialect, coded: Bool = true) -> [String] {
        let isError = coded ? "status_code = (SELECT id FROM dictionary WHERE value = 'error')" : "status = 'error'"
        return ["CAST(COUNT(*) AS BIGINT)", "CAST(SUM(CASE WHEN \(isError) THEN 1 ELSE 0 END) AS BIGINT)"]
            + [
                "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
                "reasoning_tokens", "cost_input", "cost_cache_read", "cost_cache_write", "cost_output",
            ].map { "CAST(SUM(\($0)) AS BIGINT)" }
            + ["CAST(COALESCE(SUM(\(GPUTime.sql(dialect))), 0) AS BIGINT)"]
    }
}
