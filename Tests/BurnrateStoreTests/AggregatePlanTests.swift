import BurnrateCore
import Testing

@testable import BurnrateStore

/// Which rollups an aggregate reads for which part of its range.
@Suite struct AggregatePlanTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// The pieces as `(dimensions, grain or nil for raw events, from, to)`.
    static func describe(_ plan: AggregatePlan) -> [String] {
        plan.pieces.map { piece in
            let source =
                piece.rollup.map { "\($0.tagged ? "tagged " : "")\($0.dimensions.map(\.rawValue).joined(separator: "+"))/\($0.grain)" }
                ?? "raw"
            return "\(source) \(piece.from?.rfc3339 ?? "-") \(piece.to?.rfc3339 ?? "-")"
        }
    }

    @Test func aRangeIsCoveredByDaysThenHoursThenQuarterHoursThenRawEvents() {
        let filter = EventFilter(from: Self.time("2026-03-08T05:17:31Z"), to: Self.time("2026-03-11T13:02:00Z"))
        let plan = AggregatePlan(filter: filter, dimensions: [.tenant], tags: false, timeInterval: nil)
        #expect(
            Self.describe(plan) == [
                "raw 2026-03-08T05:17:31Z 2026-03-08T05:30:00Z",
                "tenant/900 2026-03-08T05:30:00Z 2026-03-08T06:00:00Z",
                "tenant/3600 2026-03-08T06:00:00Z 2026-03-09T00:00:00Z",
                "tenant/86400 2026-03-09T00:00:00Z 2026-03-11T00:00:00Z",
                "tenant/3600 2026-03-11T00:00:00Z 2026-03-11T13:00:00Z",
                "raw 2026-03-11T13:00:00Z 2026-03-11T13:02:00Z",
            ])
    }

    @Test func theNarrowestRollupWithEveryColumnIsChosen() {
        let day = EventFilter(from: Self.time("2026-03-08T00:00:00Z"), to: Self.time("2026-03-09T00:00:00Z"))
        var filtered = day
        filtered.dimensions = [.tenant: ["acme"]]
        let cases: [(EventFilter, Set<Dimension>, String)] = [
            (day, [], "status/86400"),
            (day, [.model], "provider+model/86400"),
            (filtered, [], "tenant/86400"),
            (filtered, [.feature], "provider+model+tenant+feature+team+environment+status/86400"),
            (day, [.user], "user/86400"),
            (filtered, [.user], "user+tenant/86400"),
            (day, [.user, .model], "user+provider+model/86400"),
            (filtered, [.user, .feature], "provider+model+tenant+user+feature+team+environment+status/86400"),
        ]
        for (filter, dimensions, expected) in cases {
            let plan = AggregatePlan(filter: filter, dimensions: dimensions, tags: false, timeInterval: nil)
            #expect(Self.describe(plan) == ["\(expected) 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"], "\(filter.dimensions) \(dimensions)")
        }
    }

    @Test func eachGrainComesFromTheNarrowestRollupThatHasIt() {
        var filter = EventFilter(from: Self.time("2026-03-08T05:17:31Z"), to: Self.time("2026-03-10T13:02:00Z"))
        filter.dimensions = [.feature: ["search"]]
        let plan = AggregatePlan(filter: filter, dimensions: [.user], tags: false, timeInterval: nil)
        let hours = "provider+model+tenant+user+feature+team+environment+status/3600"
        #expect(
            Self.describe(plan) == [
                "raw 2026-03-08T05:17:31Z 2026-03-08T06:00:00Z",
                "\(hours) 2026-03-08T06:00:00Z 2026-03-09T00:00:00Z",
                "user+feature/86400 2026-03-09T00:00:00Z 2026-03-10T00:00:00Z",
                "\(hours) 2026-03-10T00:00:00Z 2026-03-10T13:00:00Z",
                "raw 2026-03-10T13:00:00Z 2026-03-10T13:02:00Z",
            ])
    }

    @Test func timeGroupingUsesGrainsThatDivideTheInterval() {
        let filter = EventFilter(from: Self.time("2026-03-08T00:00:00Z"), to: Self.time("2026-03-09T00:00:00Z"))
        let hourly = AggregatePlan(filter: filter, dimensions: [], tags: false, timeInterval: .hour)
        #expect(Self.describe(hourly) == ["status/3600 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"])
        let users = AggregatePlan(filter: filter, dimensions: [.user], tags: false, timeInterval: .hour)
        #expect(Self.describe(users) == ["user/3600 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"])
        let features = AggregatePlan(filter: filter, dimensions: [.user, .feature], tags: false, timeInterval: .hour)
        #expect(
            Self.describe(features) == [
                "provider+model+tenant+user+feature+team+environment+status/3600 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"
            ])
        // No rollup keeps every dimension per quarter hour.
        let wide = AggregatePlan(filter: filter, dimensions: [.tenant, .model], tags: false, timeInterval: .quarterHour)
        #expect(Self.describe(wide) == ["raw 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"])
    }

    @Test func oneTagKeyReadsTheTaggedRollupsAndMoreReadRawEvents() {
        var tagged = EventFilter(from: Self.time("2026-03-08T05:00:00Z"), to: Self.time("2026-03-09T00:00:00Z"))
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [], tags: false, timeInterval: nil)) == [
                "status/3600 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
        tagged.tags = ["region": ["eu", "us"], "plan": []]
        let wide = "provider+model+tenant+feature+team+environment+status"
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [.model], tags: false, timeInterval: nil)) == [
                "tagged \(wide)/3600 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [.user], tags: false, timeInterval: nil)) == [
                "tagged user/3600 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [.user, .tenant], tags: false, timeInterval: nil)) == [
                "raw 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [], tags: true, timeInterval: nil)) == [
                "raw 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
        tagged.tags["plan"] = ["pro"]
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [], tags: false, timeInterval: nil)) == [
                "raw 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
    }

    @Test func emptyRangesNeedNoRollup() {
        let empty = EventFilter(from: Self.time("2026-03-09T00:00:00Z"), to: Self.time("2026-03-09T00:00:00Z"))
        #expect(AggregatePlan(filter: empty, dimensions: [], tags: true, timeInterval: nil).pieces.isEmpty)
    }
}
