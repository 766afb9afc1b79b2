import BurnrateCore

/// Counting the distinct users of a range from the users' rollups, probing events only where the
/// rollups cannot say.
extension AggregateQuery {
    /// The statement counting distinct users for `filter`, or `nil` when the range is empty.
    ///
    /// The candidates are the users of the days the range touches, from the users' rollups (a
    /// few thousand rows however many events): their weeks for the whole weeks among those days,
    /// their days for the rest.
    ///
    /// Without a filter the users' rollups lack (a filter on users only, or none), a user of a
    /// day wholly inside the range is active and counts as it is. Only the users seen on the
    /// range's partial first or last day and on no whole day are probed.
    ///
    /// With such a filter (a tenant, a feature, a model, a tag value), every candidate counts if
    /// one of its events matches, which the `(user, tenant, ts)` index finds after reading a few of
    /// that user's events: a probe per user rather than a scan of the range. A candidate without
    /// an event in the range reads all of its events, which is why the candidates are no coarser
    /// than days.
    static func activeUsers(_ filter: EventFilter, dialect: SQLDialect) -> (sql: String, values: [SQLValue])? {
        if let from = filter.from, let to = filter.to, from >= to { return nil }
        let day = Rollup.usersByDay.grain
        // The start of the day an instant falls in, and of the first day starting at or after it.
        let dayOf = { (instant: Timestamp) in instant.microseconds.floorDiv(day * 1_000_000) * day }
        let dayFrom = { (instant: Timestamp) in -(-instant.microseconds).floorDiv(day * 1_000_000) * day }
        let touchedFrom = filter.from.map(dayOf)
        let touchedTo = filter.to.map(dayFrom)
        let wholeFrom = filter.from.map(dayFrom)
        let wholeTo = filter.to.map(dayOf)
        let rollupAnswers = filter.restrictedDimensions.subtracting([.user]).isEmpty && filter.restrictedTagKeys.isEmpty
        let hasWholeDays = if let wholeFrom, let wholeTo { wholeFrom < wholeTo } else { true }
        guard rollupAnswers, hasWholeDays else {
            return probed(candidates: cover(from: touchedFrom, to: touchedTo), filter: filter, dialect: dialect)
        }
        var edges: [RollupPart] = []
        if let touchedFrom, let wholeFrom, touchedFrom < wholeFrom { edges.append((Rollup.usersByDay, touchedFrom, wholeFrom)) }
        if let wholeTo, let touchedTo, wholeTo < touchedTo { edges.append((Rollup.usersByDay, wholeTo, touchedTo)) }
        var values: [SQLValue] = []
        let whole = userRows(cover(from: wholeFrom, to: wholeTo), filter: filter, dialect: dialect, values: &values)
        var sql = "WITH whole AS (SELECT DISTINCT user_id FROM (\(whole)) AS rows) SELECT CAST((SELECT COUNT(*) FROM whole)"
        if !edges.isEmpty {
            let edge = userRows(edges, filter: filter, dialect: dialect, values: &values)
            let probe = userProbe(filter, dialect: dialect, values: &values)
            sql +=
                " + (SELECT COUNT(*) FROM (SELECT user_id FROM (\(edge)) AS edge EXCEPT SELECT user_id FROM whole) AS candidates \(probe))"
        }
        return (sql + " AS BIGINT)", values)
    }

    /// A span of buckets of one of the users' rollups, `nil` bounds open.
    private typealias RollupPart = (rollup: Rollup, from: Int64?, to: Int64?)

    /// Whole weeks of `from..<to` (days, in epoch seconds) from the week rollup, the days around
    /// them from the day rollup.
    private static func cover(from firstDay: Int64?, to endDay: Int64?) -> [RollupPart] {
        let week = Rollup.usersByWeek.grain
        let firstWeek = firstDay.map { -(-$0).floorDiv(week) * week }
        let endWeek = endDay.map { $0.floorDiv(week) * week }
        if let firstWeek, let endWeek, firstWeek >= endWeek { return [(Rollup.usersByDay, firstDay, endDay)] }
        var parts: [RollupPart] = [(Rollup.usersByWeek, firstWeek, endWeek)]
        if let firstDay, let firstWeek, firstDay < firstWeek { parts.append((Rollup.usersByDay, firstDay, firstWeek)) }
        if let endWeek, let endDay, endWeek < endDay { parts.append((Rollup.usersByDay, endWeek, endDay)) }
        return parts
    }

    /// The statement counting the `candidates` that have an event matching `filter`.
    private static func probed(candidates: [RollupPart], filter: EventFilter, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        var values: [SQLValue] = []
        let rows = userRows(candidates, filter: filter, dialect: dialect, values: &values)
        let probe = userProbe(filter, dialect: dialect, values: &values)
        return ("SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT DISTINCT user_id FROM (\(rows)) AS rows) AS candidates \(probe)", values)
    }

    /// The users of `parts` (with repeats), restricted to the filter's users; appends the
    /// statement's values to `values`, in the order of their placeholders.
    private static func userRows(_ parts: [RollupPart], filter: EventFilter, dialect: SQLDialect, values: inout [SQLValue]) -> String {
        var selects: [String] = []
        for part in parts {
            var rows = SQLCondition(dialect, placeholdersBefore: values.count)
            rows.add("rollup = #", [.int(Int64(part.rollup.id))])
            if let from = part.from { rows.add("bucket >= #", [.int(from)]) }
            if let to = part.to { rows.add("bucket < #", [.int(to)]) }
            if let users = filter.dimensions[.user], !users.isEmpty {
                rows.add("user_id IN (\(Array(repeating: "#", count: users.count).joined(separator: ", ")))", users.map(SQLValue.text))
            }
            rows.add("user_id <> ''", [])
            selects.append("SELECT user_id FROM rollups \(rows.sql)")
            values += rows.values
        }
        return selects.joined(separator: " UNION ALL ")
    }

    /// `WHERE EXISTS` an event of `candidates.user_id` matching `filter` in its range.
    private static func userProbe(_ filter: EventFilter, dialect: SQLDialect, values: inout [SQLValue]) -> String {
        var probe = SQLCondition.events(filter, from: filter.from, to: filter.to, dialect: dialect, placeholdersBefore: values.count)
        probe.add("user_id_code = (SELECT id FROM dictionary WHERE value = candidates.user_id)", [])
        values += probe.values
        return "WHERE EXISTS (SELECT 1 FROM events \(probe.sql))"
    }
}
