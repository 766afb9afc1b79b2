import BurnrateCore

/// The Sessions page's chart: the median and 90th percentile of run cost per day (per week over
/// long ranges) for the costliest features, from `sessionCostDistribution` with periods aligned
/// on the Unix epoch, as `GET /api/v1/sessions/distribution?interval=day` reports them.
enum SessionsChart {
    /// Features the chart draws, two lines each.
    static let features = 3
    /// The most periods the chart draws; a longer range gets no chart.
    static let maximumPeriods = 400

    /// Days up to 100 days, weeks beyond, `nil` when even weeks would be too many.
    static func bucketSeconds(_ range: Range<Timestamp>) -> Int64? {
        let seconds = (range.upperBound.microseconds - range.lowerBound.microseconds) / 1_000_000
        let bucket: Int64 = seconds <= 100 * 86_400 ? 86_400 : 604_800
        return seconds / bucket <= Int64(maximumPeriods) ? bucket : nil
    }

    /// The chart of `rows` (one per feature and period) over `range`; `nil` when no feature has a
    /// run or the range holds fewer than two periods.
    static func data(_ rows: [SessionCostDistribution], range: Range<Timestamp>, bucketSeconds: Int64) -> ChartData? {
        let width = bucketSeconds * 1_000_000
        var starts: [Int64] = []
        var start = range.lowerBound.microseconds / width * width
        while start < range.upperBound.microseconds {
            starts.append(start)
            start += width
        }
        let totals = Dictionary(grouping: rows, by: \.feature).mapValues { $0.reduce(Money.zero) { $0 + $1.totalCost } }
        let chosen = totals.sorted { ($0.value, $1.key ?? "") > ($1.value, $0.key ?? "") }.prefix(features).map(\.key)
        guard !chosen.isEmpty, starts.count > 1 else { return nil }
        let index = Dictionary(uniqueKeysWithValues: starts.enumerated().map { ($1, $0) })
        var series: [ChartData.Series] = []
        for feature in chosen {
            var median = [Double?](repeating: nil, count: starts.count)
            var p90 = median
            for row in rows where row.feature == feature {
                guard let period = row.period, let at = index[period.microseconds] else { continue }
                median[at] = ExecutivePage.dollars(row.p50)
                p90[at] = ExecutivePage.dollars(row.p90)
            }
            let name = feature ?? "(none)"
            series.append(ChartData.Series(name: "\(name) median", values: median))
            series.append(ChartData.Series(name: "\(name) p90", values: p90))
        }
        let unit = bucketSeconds == 86_400 ? "day" : "week"
        return ChartData(
            id: "run-cost", title: "Cost per run by \(unit): median and 90th percentile",
            summary: "Lines, one pair per feature: the median and the 90th percentile of the cost of the runs that started each \(unit).",
            labels: starts.map { String(Timestamp(microseconds: $0).rfc3339.prefix(10)) }, series: series,
            format: { ExecutivePage.unitUSD(Money(approximateUSD: $0)) })
    }
}
