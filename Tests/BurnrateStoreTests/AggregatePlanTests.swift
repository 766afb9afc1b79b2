import BurnrateCore
import Testing

@testable import BurnrateStore

/// Which rollups an aggregate reads for which part of its range.
@Suite struct AggregatePlanTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// The pieces as `(dimensions, grain or nil for raw events, from, to)`, with a `-` before the
    /// pieces whose events are taken away.
    static func describe(_ plan: AggregatePlan) -> [String] {
        plan.pieces.map { piece in
            let source =
                piece.rollup.map { "\($0.tagged ? "tagged " : "")\($0.dimensions.map(\.rawValue).joined(separator: "+"))/\($0.grain)" }
                ?? "raw"
            return "\(piece.subtracted ? "- " : "")\(source) \(piece.from?.rfc3339 ?? "-") \(piece.to?.rfc3339 ?? "-")"
        }
    }

    @Test func aRangeIsCoveredByDaysThenHoursThenQuarterHoursThenRawEvents() {
        let filter = EventFilter(from: Self.time("2026-03-08T05:17:31Z"), to: Self.time("2026-03-11T13:02:00Z"))
        let plan = AggregatePlan(filter: filter, dimensions: [.feature], tags: false, timeInterval: nil)
        // 05:17:31 is nearer the start of its quarter hour than its end: the whole quarter hour,
        // less its first 2.5 minutes, reads fewer raw events than the 12.5 minutes in the range.
        #expect(
            Self.describe(plan) == [
                "feature/900 2026-03-08T05:15:00Z 2026-03-08T06:00:00Z",
                "feature/3600 2026-03-08T06:00:00Z 2026-03-09T00:00:00Z",
                "feature/86400 2026-03-09T00:00:00Z 2026-03-11T00:00:00Z",
                "feature/3600 2026-03-11T00:00:00Z 2026-03-11T13:00:00Z",
                "raw 2026-03-11T13:00:00Z 2026-03-11T13:02:00Z",
                "- raw 2026-03-08T05:15:00Z 2026-03-08T05:17:31Z",
            ])
    }

    @Test func aPartialBucketIsReadWholeLessItsShorterPartOutsideTheRange() {
        let cases: [(from: String, to: String, expected: [String])] = [
            // Today so far, per user: the day's row less its last four hours.
            (
                "2026-03-08T00:00:00Z", "2026-03-08T20:00:00Z",
                ["user/86400 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z", "- raw 2026-03-08T20:00:00Z 2026-03-09T00:00:00Z"]
            ),
            // Less than half of the day: its raw events.
            ("2026-03-08T09:00:00Z", "2026-03-08T20:00:00Z", ["raw 2026-03-08T09:00:00Z 2026-03-08T20:00:00Z"]),
            // Within a day, less both of its ends.
            (
                "2026-03-08T03:00:00Z", "2026-03-08T22:00:00Z",
                [
                    "user/86400 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z", "- raw 2026-03-08T00:00:00Z 2026-03-08T03:00:00Z",
                    "- raw 2026-03-08T22:00:00Z 2026-03-09T00:00:00Z",
                ]
            ),
            // The end of one day and the start of the next: each end on its own.
            (
                "2026-03-08T02:00:00Z", "2026-03-09T05:00:00Z",
                [
                    "user/86400 2026-03-08T00:00:00Z 2026-03-09T00:00:00Z", "raw 2026-03-09T00:00:00Z 2026-03-09T05:00:00Z",
                    "- raw 2026-03-08T00:00:00Z 2026-03-08T02:00:00Z",
                ]
            ),
            // Thirty days ending at 21:12 (a dashboard's "last 30 days"): three whole weeks (from
            // Thursdays), nine days, and 2 h 48 min of raw events at either end.
            (
                "2026-02-06T21:12:00Z", "2026-03-08T21:12:00Z",
                [
                    "raw 2026-02-06T21:12:00Z 2026-02-07T00:00:00Z", "user/86400 2026-02-07T00:00:00Z 2026-02-12T00:00:00Z",
                    "user/604800 2026-02-12T00:00:00Z 2026-03-05T00:00:00Z", "user/86400 2026-03-05T00:00:00Z 2026-03-09T00:00:00Z",
                    "- raw 2026-03-08T21:12:00Z 2026-03-09T00:00:00Z",
                ]
            ),
        ]
        for (from, to, expected) in cases {
            let filter = EventFilter(from: Self.time(from), to: Self.time(to))
            #expect(
                Self.describe(AggregatePlan(filter: filter, dimensions: [.user], tags: false, timeInterval: nil)) == expected,
                "\(from) \(to)")
        }
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

    @Test func onlyQuestionsAboutUsersReadTheUsersWeeks() {
        let month = EventFilter(from: Self.time("2026-02-01T00:00:00Z"), to: Self.time("2026-03-01T00:00:00Z"))
        for dimensions: Set<Dimension> in [[], [.model], [.tenant]] {
            let plan = AggregatePlan(filter: month, dimensions: dimensions, tags: false, timeInterval: nil)
            #expect(!plan.pieces.contains { $0.rollup?.dimensions.contains(.user) ?? false }, "\(dimensions)")
        }
        let users = AggregatePlan(filter: month, dimensions: [.user], tags: false, timeInterval: nil)
        #expect(users.pieces.contains { $0.rollup == Rollup.usersByWeek })
    }

    @Test func pairsKeepHoursUnlessTheyHoldTheTenant() {
        var filter = EventFilter(from: Self.time("2026-03-08T05:17:31Z"), to: Self.time("2026-03-10T13:02:00Z"))
        filter.dimensions = [.feature: ["search"]]
        let models = AggregatePlan(filter: filter, dimensions: [.model], tags: false, timeInterval: nil)
        #expect(
            Self.describe(models) == [
                "feature+provider+model/3600 2026-03-08T05:00:00Z 2026-03-09T00:00:00Z",
                "feature+provider+model/86400 2026-03-09T00:00:00Z 2026-03-10T00:00:00Z",
                "feature+provider+model/3600 2026-03-10T00:00:00Z 2026-03-10T13:00:00Z",
                "raw 2026-03-10T13:00:00Z 2026-03-10T13:02:00Z",
                "- raw 2026-03-08T05:00:00Z 2026-03-08T05:17:31Z",
            ])
        let tenants = AggregatePlan(filter: filter, dimensions: [.tenant], tags: false, timeInterval: nil)
        #expect(
            Self.describe(tenants) == [
                "feature+tenant/86400 2026-03-08T00:00:00Z 2026-03-11T00:00:00Z",
                "- raw 2026-03-08T00:00:00Z 2026-03-08T05:17:31Z",
                "- raw 2026-03-10T13:02:00Z 2026-03-11T00:00:00Z",
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
