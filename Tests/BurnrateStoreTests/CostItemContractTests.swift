import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Foundation
import Testing

/// The behaviour every store must have for cost items and paged event reads; each test runs
/// against every backend.
@Suite(.tags(.postgres)) struct CostItemContractTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static func item(
        _ id: String, _ start: String, _ end: String?, amount: String = "100", recurrence: CostRecurrence = .once
    ) -> CostItem {
        CostItem(
            id: id, category: .storage, service: "Pinecone", resource: "index-\(id)", provider: "Pinecone",
            amount: Money(usd: amount)!, billedCost: id == "october" ? Money(dollars: 120) : nil, periodStart: at(start),
            periodEnd: end.map(at), recurrence: recurrence,
            attribution: Attribution(tenant: "acme", user: "u1", feature: "search-rag", team: "search", environment: "prod"),
            tags: id == "october" ? ["region": "eu", "équipe": "北京"] : [:],
            allocation: id == "plan" ? CostAllocationRule(target: .team, basis: .requests) : nil, source: "test")
    }

    static let items = [
        item("september", "2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z"),
        item("october", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", amount: "-12.000000001"),
        item("plan", "2026-08-15T00:00:00Z", nil, amount: "1850.25", recurrence: .monthly),
        item("ended-plan", "2026-01-01T00:00:00Z", "2026-09-15T00:00:00Z", recurrence: .monthly),
    ]

    @Test(arguments: StoreBackend.allCases)
    func savesItemsAndReadsThemBack(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            let outcomes = try await store.saveCostItems(Self.items)
            #expect(outcomes.map(\.duplicate) == [false, false, false, false])
            #expect(outcomes.map(\.item) == Self.items)
            let all = try await store.costItems(overlapping: nil, to: nil)
            #expect(all.map(\.id) == ["ended-plan", "plan", "september", "october"])
            #expect(Set(all) == Set(Self.items))
            guard let reopen else { return }
            try await reopen { (reopened: any LedgerStore) async throws in
                let again = try await reopened.costItems(overlapping: nil, to: nil)
                #expect(Set(again) == Set(Self.items))
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func savingIsIdempotentById(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveCostItems([Self.items[0]])
            var changed = Self.items[0]
            changed.amount = Money(dollars: 999)
            var repeated = Self.items[1]
            repeated.service = "changed within the batch"
            let outcomes = try await store.saveCostItems([changed, Self.items[1], repeated])
            #expect(outcomes.map(\.duplicate) == [true, false, true])
            #expect(outcomes[0].item == Self.items[0])
            #expect(outcomes[2].item == Self.items[1])
            #expect(try await store.costItems(overlapping: nil, to: nil).count == 2)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func findsTheItemsOverlappingARange(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveCostItems(Self.items)
            func ids(_ from: String?, _ to: String?) async throws -> Set<String> {
                Set(try await store.costItems(overlapping: from.map(Self.at), to: to.map(Self.at)).map(\.id))
            }
            #expect(try await ids("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z") == ["october", "plan"])
            #expect(try await ids("2030-01-01T00:00:00Z", nil) == ["plan"])
            #expect(try await ids(nil, "2026-09-01T00:00:00Z") == ["ended-plan", "plan"])
            #expect(try await ids("2026-09-14T23:59:59Z", "2026-09-15T00:00:00Z") == ["ended-plan", "plan", "september"])
            #expect(try await ids("2026-09-15T00:00:00Z", "2026-09-16T00:00:00Z") == ["plan", "september"])
            #expect(try await ids(nil, "2026-01-01T00:00:00Z") == [])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func deletesAnItem(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveCostItems(Self.items)
            #expect(try await store.deleteCostItem(id: "october"))
            #expect(try await !store.deleteCostItem(id: "october"))
            #expect(try await store.costItems(overlapping: nil, to: nil).map(\.id).contains("october") == false)
            #expect(try await store.saveCostItems([Self.items[1]]).map(\.duplicate) == [false])
        }
    }

    /// Events at few distinct instants, so that pages split runs of equal timestamps.
    static let events: [PricedEvent] = (0..<57).map { (index: Int) -> PricedEvent in
        let id = "ev-" + String(index * 7 % 57, radix: 36)
        let time = String(format: "2026-03-%02dT10:00:%02dZ", 8 + index % 3, index % 4)
        let tenant = index % 2 == 0 ? "acme" : "globex"
        let tags: [String: String] = index % 5 == 0 ? ["region": "eu"] : [:]
        return LedgerStoreContractTests.event(id, time, tenant: tenant, tags: tags)
    }

    @Test(arguments: StoreBackend.allCases)
    func pagesCoverEveryMatchingEventOnceInOrder(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.ingest(Self.events)
            func readAll(_ filter: EventFilter, limit: Int) async throws -> [String] {
                var ids: [String] = []
                var cursor: EventCursor?
                while true {
                    let page = try await store.events(filter, after: cursor, limit: limit)
                    #expect(page.count <= limit)
                    ids += page.map(\.priced.event.id)
                    guard page.count == limit, let last = page.last else { return ids }
                    cursor = EventCursor(after: last)
                }
            }
            func expected(_ keep: (UsageEvent) -> Bool) -> [String] {
                Self.events.map(\.event).filter(keep).sorted { left, right in
                    left.timestamp != right.timestamp
                        ? left.timestamp < right.timestamp : left.id.utf8.lexicographicallyPrecedes(right.id.utf8)
                }.map(\.id)
            }
            let everything = try await readAll(EventFilter(), limit: 5)
            #expect(everything.count == Self.events.count)
            #expect(Set(everything).count == Self.events.count)
            #expect(everything == expected { _ in true })
            #expect(try await readAll(EventFilter(), limit: 100) == everything)
            let acme = EventFilter(dimensions: [.tenant: ["acme"]])
            #expect(try await readAll(acme, limit: 4) == expected { $0.attribution.tenant == "acme" })
            let day = EventFilter(from: Self.at("2026-03-09T00:00:00Z"), to: Self.at("2026-03-10T00:00:00Z"), tags: ["region": ["eu"]])
            let inDay = try await readAll(day, limit: 3)
            #expect(!inDay.isEmpty)
            #expect(inDay == expected { $0.tags["region"] == "eu" && $0.timestamp >= day.from! && $0.timestamp < day.to! })
            let stored = try #require(try await store.events(EventFilter(), after: nil, limit: 1).first)
            #expect(try await store.event(id: stored.priced.event.id) == stored)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theLatestEventsComeNewestFirst(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            #expect(try await store.latestEvents(EventFilter(), limit: 5).isEmpty)
            _ = try await store.ingest(Self.events)
            let oldestFirst = try await store.events(EventFilter(), after: nil, limit: 100)
            let latest = try await store.latestEvents(EventFilter(), limit: 7)
            #expect(latest == Array(oldestFirst.reversed().prefix(7)))
            let day = EventFilter(
                from: Self.at("2026-03-09T00:00:00Z"), to: Self.at("2026-03-10T00:00:00Z"), dimensions: [.tenant: ["globex"]])
            let inDay = try await store.events(day, after: nil, limit: 100)
            #expect(inDay.count > 3)
            #expect(try await store.latestEvents(day, limit: 3) == Array(inDay.reversed().prefix(3)))
            #expect(try await store.latestEvents(day, limit: 100) == inDay.reversed())
            // A whole-hour range and one without bounds, read from the hour the newest start in.
            let hours = EventFilter(from: Self.at("2026-03-08T09:00:00Z"), to: Self.at("2026-03-09T11:00:00Z"))
            let inHours = try await store.events(hours, after: nil, limit: 100)
            #expect(try await store.latestEvents(hours, limit: 5) == Array(inHours.reversed().prefix(5)))
            // More than the range's last day holds: the whole range's counts bound the read.
            #expect(inHours.count > 25)
            #expect(try await store.latestEvents(hours, limit: 25) == Array(inHours.reversed().prefix(25)))
            let acme = EventFilter(dimensions: [.tenant: ["acme"]])
            let allAcme = try await store.events(acme, after: nil, limit: 100)
            #expect(try await store.latestEvents(acme, limit: 25) == Array(allAcme.reversed().prefix(25)))
            #expect(try await store.latestEvents(EventFilter(dimensions: [.tenant: ["nobody"]]), limit: 5).isEmpty)
        }
    }
}
