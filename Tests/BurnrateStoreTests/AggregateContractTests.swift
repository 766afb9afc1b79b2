import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Testing

/// Aggregates on every backend, checked against a fold over the stored events in Swift.
@Suite(.tags(.postgres)) struct AggregateContractTests {
    static let events = AggregateReference.events

    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// Ranges whose ends fall on and between quarter hours, hours and days, before and after 1970,
    /// near the start or the end of their bucket (so that some are read as whole buckets less the
    /// part outside the range).
    static let ranges: [(String?, String?)] = [
        (nil, nil),
        ("1969-12-31T00:40:00Z", "1969-12-31T23:20:00Z"),
        // Whole epoch weeks (from Thursday 1969-12-25 and 1970-01-01), which users read by week.
        ("1969-12-24T06:00:00Z", "1970-01-09T20:00:00Z"),
        ("1969-12-30T05:00:00Z", "1970-01-09T00:00:00Z"),
        ("1969-12-30T00:00:01Z", "1970-01-01T23:59:59.999999Z"),
        ("1969-12-30T00:00:00Z", "1970-01-03T00:00:00Z"),
        ("1969-12-29T05:17:31.5Z", "1970-01-02T13:02:00.000001Z"),
        ("1969-12-30T10:45:00Z", "1970-01-01T03:15:00Z"),
        ("1969-12-31T22:00:00Z", "1970-01-01T02:00:00Z"),
        ("1970-01-01T00:10:00Z", "1970-01-01T00:50:00Z"),
        ("1969-12-31T23:59:59.999999Z", nil),
        (nil, "1970-01-01T00:00:00.000001Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
    ]

    static let groupings: [[GroupKey]] = [
        [],
        [.dimension(.provider)], [.dimension(.model)], [.dimension(.tenant)], [.dimension(.user)], [.dimension(.feature)],
        [.dimension(.team)], [.dimension(.environment)], [.dimension(.status)], [.tag("region")],
        [.time(.quarterHour)], [.time(.hour)], [.time(.day)],
        [.dimension(.provider), .dimension(.model)], [.dimension(.feature), .dimension(.tenant)],
        [.dimension(.tenant), .time(.hour)], [.dimension(.user), .time(.day)], [.dimension(.model), .tag("region"), .time(.quarterHour)],
        [.dimension(.status), .dimension(.environment), .dimension(.team), .time(.day)],
        [.dimension(.tenant), .time(.quarterHour)],
    ]

    static func filter(_ range: (String?, String?)) -> EventFilter {
        EventFilter(from: range.0.map(time), to: range.1.map(time))
    }

    @Test(arguments: StoreBackend.allCases)
    func everyGroupingOfEveryRangeMatchesTheEvents(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.events)
            for range in Self.ranges {
                let filter = Self.filter(range)
                for keys in Self.groupings {
                    let groups = try await store.aggregate(filter, by: keys)
                    #expect(Set(groups) == AggregateReference.aggregate(Self.events, filter, by: keys), "\(range) by \(keys)")
                    #expect(groups.count == Set(groups).count)
                }
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func groupsSumToTheUngroupedTotal(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.events)
            let filter = Self.filter(("1969-12-29T05:17:31.5Z", "1970-01-02T13:02:00.000001Z"))
            let total = try #require(try await store.aggregate(filter, by: []).first).totals
            #expect(total.requests > 250)
            #expect(total.unpricedRequests > 0 && total.errorRequests > 0 && total.gpuMicroseconds > 0)
            for keys in Self.groupings {
                let groups = try await store.aggregate(filter, by: keys)
                #expect(groups.reduce(UsageTotals()) { $0 + $1.totals } == total, "\(keys)")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func filtersCombineWithGroupings(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.events)
            let filters: [(dimensions: [Dimension: [String]], tags: [String: [String]])] = [
                ([.tenant: ["acme", "globex"]], [:]),
                ([.tenant: ["acme"], .feature: ["search"]], [:]),
                ([.user: ["u1", "u3"]], [:]),
                ([.status: ["error"]], [:]),
                ([.model: ["gpt-4o", "own-ft"], .environment: ["production"]], [:]),
                ([:], ["region": ["eu"]]),
                ([.team: ["core"]], ["plan": ["pro", "free"]]),
                ([.tenant: ["acme"]], ["region": ["eu", "us"], "plan": []]),
                ([:], ["region": ["eu"], "plan": ["pro"]]),
                ([.provider: ["openai"], .tenant: []], [:]),
            ]
            let groupings: [[GroupKey]] = [
                [], [.dimension(.feature)], [.dimension(.model), .time(.hour)], [.tag("plan"), .time(.day)], [.dimension(.user)],
            ]
            for range in Self.ranges.prefix(5) {
                for (dimensions, tags) in filters {
                    var filter = Self.filter(range)
                    filter.dimensions = dimensions
                    filter.tags = tags
                    for keys in groupings {
                        let groups = try await store.aggregate(filter, by: keys)
                        #expect(Set(groups) == AggregateReference.aggregate(Self.events, filter, by: keys), "\(range) \(filter) by \(keys)")
                    }
                    let users = try await store.activeUsers(filter)
                    #expect(users == AggregateReference.activeUsers(Self.events, filter), "\(range) \(filter)")
                }
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func activeUsersCountDistinctUsersInAnyRange(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            #expect(try await store.activeUsers(EventFilter()) == 0)
            _ = try await store.ingest(Self.events)
            for range in Self.ranges {
                let filter = Self.filter(range)
                #expect(try await store.activeUsers(filter) == AggregateReference.activeUsers(Self.events, filter), "\(range)")
            }
            #expect(try await store.activeUsers(EventFilter()) == 5)
        }
    }

    /// Users are candidates by the days a range touches (the users' day rollup), so users seen on
    /// the partial days at its ends but outside it, or only on days retention deleted, must not
    /// count; with a user or tenant filter too.
    @Test(arguments: StoreBackend.allCases)
    func activeUsersOnWholeAndPartialDaysOfARange(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            func event(_ id: String, _ time: String, tenant: String = "acme", user: String) -> PricedEvent {
                LedgerStoreContractTests.event(id, time, tenant: tenant, user: user)
            }
            _ = try await store.ingest([
                event("e1", "2026-03-09T01:00:00Z", user: "early"),
                event("e2", "2026-03-09T20:00:00Z", tenant: "globex", user: "evening"),
                event("e3", "2026-03-10T12:00:00Z", user: "noon"),
                event("e4", "2026-03-11T06:00:00Z", user: "morning"),
                event("e5", "2026-03-11T23:00:00Z", user: "late"),
                event("e6", "2026-03-08T12:00:00Z", user: "before"),
                event("e7", "2026-03-12T00:00:00Z", user: "after"),
            ])
            let range = (from: Self.time("2026-03-09T05:00:00Z"), to: Self.time("2026-03-11T12:00:00Z"))
            func count(_ users: [String] = [], tenant: [String] = []) async throws -> Int64 {
                try await store.activeUsers(
                    EventFilter(from: range.from, to: range.to, dimensions: [.user: users, .tenant: tenant]))
            }
            #expect(try await count() == 3)
            #expect(try await count(["early", "noon", "late"]) == 1)
            #expect(try await count(tenant: ["acme"]) == 2)
            #expect(
                try await store.activeUsers(EventFilter(from: Self.time("2026-03-09T00:00:00Z"), to: Self.time("2026-03-12T00:00:00Z")))
                    == 5)
            _ = try await store.deleteEvents(before: Self.time("2026-03-10T00:00:00Z"))
            #expect(try await count() == 2)
            #expect(try await store.activeUsers(EventFilter()) == 4)
        }
    }

    /// Users of whole days count from the rollups, the others only with an event in the range:
    /// each shape of range against events on both sides of its edges.
    @Test(arguments: StoreBackend.allCases)
    func activeUsersOverRangesOfEveryShape(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let events: [(user: String, time: String)] = [
                ("a", "2026-03-02T10:00:00Z"), ("b", "2026-03-04T23:59:59.999999Z"), ("b", "2026-03-05T00:00:00Z"),
                ("c", "2026-03-05T08:00:00Z"), ("c", "2026-03-16T09:00:00Z"), ("d", "2026-03-09T12:00:00Z"),
                ("e", "2026-03-16T17:00:00Z"), ("f", "2026-03-20T01:00:00Z"),
            ]
            _ = try await store.ingest(
                events.enumerated().map { index, event in LedgerStoreContractTests.event("u\(index)", event.time, user: event.user) })
            func count(_ from: String?, _ to: String?, users: [String] = []) async throws -> Int64 {
                try await store.activeUsers(EventFilter(from: from.map(Self.time), to: to.map(Self.time), dimensions: [.user: users]))
            }
            // By hand, from the events above.
            func expected(_ from: String?, _ to: String?, users: [String] = []) -> Int64 {
                let lower = from.map(Self.time)
                let upper = to.map(Self.time)
                let active = events.filter { event in
                    let time = Self.time(event.time)
                    return lower.map { time >= $0 } ?? true && upper.map { time < $0 } ?? true
                        && (users.isEmpty || users.contains(event.user))
                }
                return Int64(Set(active.map(\.user)).count)
            }
            let ranges: [(String?, String?)] = [
                (nil, nil), ("2026-03-05T00:00:00Z", nil), (nil, "2026-03-16T12:00:00Z"),
                ("2026-03-04T23:59:59.999999Z", "2026-03-16T09:00:00.000001Z"), ("2026-03-05T00:00:00.000001Z", "2026-03-16T09:00:00Z"),
                ("2026-03-04T12:00:00Z", "2026-03-05T06:00:00Z"), ("2026-03-05T07:00:00Z", "2026-03-05T09:00:00Z"),
                ("2026-03-02T00:00:00Z", "2026-03-23T00:00:00Z"), ("2026-03-02T10:00:00.000001Z", "2026-03-20T01:00:00Z"),
                ("2026-03-10T00:00:00Z", "2026-03-16T00:00:00Z"), ("2026-03-21T00:00:00Z", "2026-03-28T00:00:00Z"),
            ]
            for (from, to) in ranges {
                #expect(try await count(from, to) == expected(from, to), "\(from ?? "-") to \(to ?? "-")")
                #expect(
                    try await count(from, to, users: ["b", "e"]) == expected(from, to, users: ["b", "e"]), "\(from ?? "-") to \(to ?? "-")")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anEmptyStoreHasNoGroups(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let total = try await store.aggregate(EventFilter(), by: [])
            let grouped = try await store.aggregate(EventFilter(), by: [.dimension(.tenant), .time(.day)])
            #expect(total.isEmpty && grouped.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aggregatesFollowARepricing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let sample = LedgerStoreContractTests.sample
            _ = try await store.ingest(sample)
            let prices = """
                [{"provider": "openai", "model": "gpt-4o", "effective_from": "2024-01-01", "input": "5.00", "output": "20.00", "cache_read": "2.50"},
                 {"provider": "anthropic", "model": "claude-haiku-4-5", "effective_from": "2024-01-01", "input": "1.00", "output": "5.00"},
                 {"provider": "unknown", "model": "mystery-model", "effective_from": "2024-01-01", "input": "3.00", "output": "3.00"}]
                """
            let catalog = PriceCatalog(entries: try PriceDocument.parse(Array(prices.utf8), origin: .builtin))
            let report = try await store.reprice(RepriceSelection(onlyUnpriced: false), reason: "test") {
                Pricer.price($0, catalog: catalog)
            }
            #expect(report.eventsChanged > 0 && report.newlyPriced > 0)
            let repriced = sample.map { Pricer.price($0.event, catalog: catalog) }
            let ranges: [(String?, String?)] = [
                (nil, nil), ("2026-03-08T05:17:31.5Z", "2026-03-09T13:02:00Z"), ("2026-03-09T00:00:00Z", nil),
            ]
            let groupings: [[GroupKey]] = [
                [], [.dimension(.provider), .dimension(.model)], [.dimension(.tenant), .time(.hour)], [.time(.quarterHour)],
            ]
            for range in ranges {
                for tags in [[:], ["region": ["eu"]]] {
                    var filter = Self.filter(range)
                    filter.tags = tags
                    for keys in groupings {
                        let groups = try await store.aggregate(filter, by: keys)
                        #expect(Set(groups) == AggregateReference.aggregate(repriced, filter, by: keys), "\(range) \(tags) by \(keys)")
                    }
                }
            }
            #expect(try await store.summary(EventFilter()).unpricedRequests == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func breakdownsSumEachGroupExactly(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let sample = LedgerStoreContractTests.sample
            _ = try await store.ingest(sample)
            let from = Self.time("2026-03-08T05:17:31.5Z")
            let filter = EventFilter(from: from)
            let inRange = sample.filter { $0.event.timestamp >= from }
            for dimension in [Dimension.tenant, .model, .user] {
                let rows = try await store.breakdown(filter, by: dimension, limit: 10)
                #expect(Set(rows.map(\.key)) == Set(inRange.map { AggregateReference.value($0, dimension) }), "\(dimension)")
                for row in rows {
                    let group = inRange.filter { AggregateReference.value($0, dimension) == row.key }
                    #expect(row.totals.requests == Int64(group.count))
                    #expect(row.totals.cost.total == group.reduce(Money.zero) { $0 + $1.cost.total })
                    #expect(row.totals.unpricedRequests == Int64(group.filter { !$0.isPriced }.count))
                }
                #expect(rows.map(\.totals.cost.total.nanos) == rows.map(\.totals.cost.total.nanos).sorted(by: >))
            }
            #expect(try await store.breakdown(filter, by: .tenant, limit: 2).count == 2)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func timeSeriesAreOrderedBuckets(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.events)
            let filter = Self.filter(("1969-12-30T10:45:00Z", "1970-01-01T03:15:00Z"))
            for interval in BucketInterval.allCases {
                let points = try await store.timeseries(filter, interval: interval)
                let expected = AggregateReference.aggregate(Self.events, filter, by: [.time(interval)])
                    .sorted { $0.bucket! < $1.bucket! }
                #expect(points.map(\.start) == expected.map(\.bucket!), "\(interval)")
                #expect(points.map(\.totals) == expected.map(\.totals), "\(interval)")
            }
        }
    }
}
