import BurnrateCore
import BurnrateStore
import Testing

/// Breakdowns and time series, on every backend, checked against sums over the sample events.
@Suite struct AggregateContractTests {
    static let sample = LedgerStoreContractTests.sample

    @Test(arguments: StoreBackend.allCases)
    func breakdownsSumEachGroupExactly(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let from = Timestamp(rfc3339: "2026-03-08T05:17:31.5Z")!
            let filter = EventFilter(from: from)
            let inRange = Self.sample.filter { $0.event.timestamp >= from }
            for dimension in [Dimension.tenant, .model, .user] {
                let rows = try await store.breakdown(filter, by: dimension, limit: 10)
                let keys: (PricedEvent) -> String? = { priced in
                    switch dimension {
                    case .tenant: priced.event.attribution.tenant
                    case .user: priced.event.attribution.user
                    default: priced.event.model
                    }
                }
                #expect(Set(rows.map(\.key)) == Set(inRange.map(keys)), "\(dimension)")
                for row in rows {
                    let group = inRange.filter { keys($0) == row.key }
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
    func timeSeriesBucketsByHourAndDay(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.sample)
            let filter = EventFilter(from: Timestamp(rfc3339: "2026-03-08T12:30:00Z"), tags: [:])
            let inRange = Self.sample.filter { $0.event.timestamp >= filter.from! }
            for interval in BucketInterval.allCases {
                let points = try await store.timeseries(filter, interval: interval)
                var expected: [Int64: (Int64, Money)] = [:]
                for priced in inRange {
                    let start = priced.event.timestamp.microseconds / 1_000_000 / interval.seconds * interval.seconds
                    let current = expected[start] ?? (0, .zero)
                    expected[start] = (current.0 + 1, current.1 + priced.cost.total)
                }
                #expect(points.map { $0.start.microseconds / 1_000_000 } == expected.keys.sorted(), "\(interval)")
                for point in points {
                    let want = expected[point.start.microseconds / 1_000_000]
                    #expect(point.totals.requests == want?.0)
                    #expect(point.totals.cost.total == want?.1)
                }
            }
        }
    }
}
