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
        let plan = AggregatePlan(filter: filter, dimensions: [.feature], tags: false, timeInterval: nil)
        #expect(
            Self.describe(plan) == [
                "raw 2026-03-08T05:17:31Z 2026-03-08T05:30:00Z",
                "feature/900 2026-03-08T05:30:00Z 2026-03-08T06:00:00Z",
                "feature/3600 2026-03-08T06:00:00Z 2026-03-09T00:00:00Z",
                "feature/86400 2026-03-09T00:00:00Z 2026-03-11T00:00:00Z",
                "feature/3600 2026-03-11T00:00:00Z 2026-03-11T13:00:00Z",
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
            (filtered, [.feature], "feature+tenant/86400"),
            (filtered, [.model], "provider+model+tenant/86400"),
            (day, [.user], "user/86400"),
            // Users with anything else are read from the events (through their indexes).
            (filtered, [.user], "raw"),
            (day, [.user, .model], "raw"),
        ]
        for (filter, dimensions, expected) in cases {
            let plan = AggregatePlan(filter: filter, dimensions: dimensions, tags: false, timeInterval: nil)
            #expect(Self.describe(plan) == ["\(expected) 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"], "\(filter.dimensions) \(dimensions)")
        }
    }

    @Test func pairsKeepHoursUnlessTheyHoldTheTenant() {
        var filter = EventFilter(from: Self.time("2026-03-08T05:17:31Z"), to: Self.time("2026-03-10T13:02:00Z"))
        filter.dimensions = [.feature: ["search"]]
        let models = AggregatePlan(filter: filter, dimensions: [.model], tags: false, timeInterval: nil)
        #expect(
            Self.describe(models) == [
                "raw 2026-03-08T05:17:31Z 2026-03-08T06:00:00Z",
                "feature+provider+model/3600 2026-03-08T06:00:00Z 2026-03-09T00:00:00Z",
                "feature+provider+model/86400 2026-03-09T00:00:00Z 2026-03-10T00:00:00Z",
                "feature+provider+model/3600 2026-03-10T00:00:00Z 2026-03-10T13:00:00Z",
                "raw 2026-03-10T13:00:00Z 2026-03-10T13:02:00Z",
            ])
        let tenants = AggregatePlan(filter: filter, dimensions: [.tenant], tags: false, timeInterval: nil)
        #expect(
            Self.describe(tenants) == [
                "raw 2026-03-08T05:17:31Z 2026-03-09T00:00:00Z",
                "feature+tenant/86400 2026-03-09T00:00:00Z 2026-03-10T00:00:00Z",
                "raw 2026-03-10T00:00:00Z 2026-03-10T13:02:00Z",
            ])
    }

    @Test func timeGroupingUsesGrainsThatDivideTheInterval() {
        let filter = EventFilter(from: Self.time("2026-03-08T00:00:00Z"), to: Self.time("2026-03-09T00:00:00Z"))
        let hourly = AggregatePlan(filter: filter, dimensions: [], tags: false, timeInterval: .hour)
        #expect(Self.describe(hourly) == ["status/3600 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"])
        let users = AggregatePlan(filter: filter, dimensions: [.user], tags: false, timeInterval: .day)
        #expect(Self.describe(users) == ["user/86400 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"])
        let hourlyUsers = AggregatePlan(filter: filter, dimensions: [.user], tags: false, timeInterval: .hour)
        #expect(Self.describe(hourlyUsers) == ["raw 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z"])
        // No rollup keeps tenants and models per quarter hour.
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
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [], tags: false, timeInterval: nil)) == [
                "tagged /3600 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [.model], tags: false, timeInterval: nil)) == [
                "tagged provider+model/3600 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
            ])
        #expect(
            Self.describe(AggregatePlan(filter: tagged, dimensions: [.user], tags: false, timeInterval: nil)) == [
                "raw 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z"
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
