/// The series of one ledger family with exact integer values (nano-dollars or counts), keyed by
/// their label values.
struct SeriesSet: Sendable, Hashable {
    /// The label value that folded series share.
    static let otherValue = "other"

    /// The label names, in the order of every key's values.
    var labelNames: [String]
    /// How many leading labels folding keeps (the token `type`, so that each type stays summable);
    /// the others become `other`.
    var fixedLabelCount = 0
    private(set) var values: [[String]: Int64] = [:]

    init(labelNames: [String], fixedLabelCount: Int = 0) {
        self.labelNames = labelNames
        self.fixedLabelCount = fixedLabelCount
    }

    /// Adds `value` to the series with these label values; zero adds no series.
    mutating func add(_ value: Int64, _ labelValues: [String]) {
        guard value != 0 else { return }
        values[labelValues, default: 0] += value
    }

    /// At most `limit` series, and how many were folded to get there.
    ///
    /// Series are ranked by combination of their foldable labels (a combination holds one series
    /// per token type), largest total first. The largest combinations are kept whole; the rest
    /// are summed into one series per fixed-label value whose other labels are all `other`, so
    /// every sum over the family stays exact. Room is kept for those `other` series.
    func capped(at limit: Int) -> (series: SeriesSet, folded: Int) {
        guard values.count > limit, labelNames.count > fixedLabelCount else { return (self, 0) }
        let combinations = Dictionary(grouping: values, by: { Array($0.key.dropFirst(fixedLabelCount)) })
            .map { key, series in (key: key, series: series, weight: series.reduce(Int64(0)) { $0 + $1.value }) }
            .sorted { left, right in
                left.weight != right.weight ? left.weight > right.weight : left.key.lexicographicallyPrecedes(right.key)
            }
        let otherSeries = Set(values.keys.map { $0.prefix(fixedLabelCount) }).count
        var room = limit - otherSeries
        var result = SeriesSet(labelNames: labelNames, fixedLabelCount: fixedLabelCount)
        var folded = 0
        let other = Array(repeating: Self.otherValue, count: labelNames.count - fixedLabelCount)
        for combination in combinations {
            if folded == 0, combination.series.count <= room {
                room -= combination.series.count
                for (key, value) in combination.series { result.add(value, key) }
            } else {
                folded += combination.series.count
                for (key, value) in combination.series { result.add(value, Array(key.prefix(fixedLabelCount)) + other) }
            }
        }
        return (result, folded)
    }
}
