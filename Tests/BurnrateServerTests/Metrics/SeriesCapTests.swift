import Testing

@testable import BurnrateServer

/// The cardinality cap as a plain function: which series are kept, what `other` sums to.
@Suite struct SeriesCapTests {
    static func tenants(_ values: [String: Int64]) -> SeriesSet {
        var set = SeriesSet(labelNames: ["tenant", "model"])
        for (tenant, value) in values { set.add(value, [tenant, "m"]) }
        return set
    }

    @Test(
        arguments: [
            (3, ["a": 1, "b": 2, "c": 3], ["a": 1, "b": 2, "c": 3], 0),
            (3, ["a": 1, "b": 2, "c": 3, "d": 4], ["d": 4, "c": 3, "other": 3], 2),
            (2, ["a": 5, "b": 5, "c": 5], ["a": 5, "other": 10], 2),
            (1, ["a": 5, "b": 7], ["other": 12], 2),
        ] as [(Int, [String: Int64], [String: Int64], Int)])
    func keepsTheLargestAndFoldsTheRestExactly(limit: Int, values: [String: Int64], kept: [String: Int64], folded: Int) {
        let capped = Self.tenants(values).capped(at: limit)
        var expected: [[String]: Int64] = [:]
        for (tenant, value) in kept { expected[tenant == "other" ? ["other", "other"] : [tenant, "m"]] = value }
        #expect(capped.series.values == expected)
        #expect(capped.folded == folded)
        #expect(capped.series.values.values.reduce(0, +) == values.values.reduce(0, +))
    }

    @Test func fixedLabelsStayApartWhenFolded() {
        var tokens = SeriesSet(labelNames: ["type", "tenant"], fixedLabelCount: 1)
        for (tenant, scale) in [("a", Int64(1)), ("b", 10), ("c", 100)] {
            tokens.add(3 * scale, ["input", tenant])
            tokens.add(scale, ["output", tenant])
        }
        let capped = tokens.capped(at: 4)
        #expect(
            capped.series.values == [
                ["input", "c"]: 300, ["output", "c"]: 100, ["input", "other"]: 33, ["output", "other"]: 11,
            ])
        #expect(capped.folded == 4)
    }

    @Test func aFamilyWithoutFoldableLabelsIsLeftAlone() {
        var totals = SeriesSet(labelNames: ["type"], fixedLabelCount: 1)
        totals.add(1, ["input"])
        totals.add(2, ["output"])
        #expect(totals.capped(at: 1).series == totals)
        #expect(totals.capped(at: 1).folded == 0)
    }

    @Test func zeroAddsNoSeries() {
        var set = SeriesSet(labelNames: ["tenant"])
        set.add(0, ["a"])
        #expect(set.values.isEmpty)
    }
}
