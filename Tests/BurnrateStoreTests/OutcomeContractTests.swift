import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Foundation
import Testing

/// The behaviour every store must have for the outcomes of agent sessions; each test runs
/// against every backend.
@Suite(.tags(.postgres)) struct OutcomeContractTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static func outcome(
        _ id: String, _ session: String, _ type: String = "ticket_resolved", success: Bool = true, value: String? = nil,
        _ time: String = "2026-11-01T10:00:00Z"
    ) -> Outcome {
        Outcome(id: id, sessionID: session, type: type, success: success, value: value.flatMap(Money.init(usd:)), timestamp: at(time))
    }

    /// Outcomes at few distinct instants, so that pages split runs of equal timestamps; ids in
    /// byte order differ from their order in any locale (`B` before `a`, `é` last).
    static let outcomes: [Outcome] = (0..<41).map { index in
        let ids = ["a", "B", "é", "z", "0", "_"]
        let id = ids[index % ids.count] + String(index)
        let time = String(format: "2026-11-%02dT10:00:%02dZ", 1 + index % 3, index % 2)
        let type = index % 4 == 0 ? "lead_qualified" : "ticket_resolved"
        let value = index % 5 == 0 ? nil : "\(index).000000001"
        return outcome(id, "session-\(index % 7)", type, success: index % 3 != 0, value: value, time)
    }

    /// The outcomes in listing order: by timestamp, then id byte by byte.
    static func listingOrder(_ outcomes: [Outcome]) -> [Outcome] {
        outcomes.sorted { left, right in
            left.timestamp != right.timestamp ? left.timestamp < right.timestamp : left.id.utf8.lexicographicallyPrecedes(right.id.utf8)
        }
    }

    static func readAll(_ store: any LedgerStore, _ filter: OutcomeFilter, limit: Int) async throws -> [Outcome] {
        var all: [Outcome] = []
        var cursor: OutcomeCursor?
        while true {
            let page = try await store.outcomes(filter, after: cursor, limit: limit)
            #expect(page.count <= limit)
            all += page
            guard page.count == limit, let last = page.last else { return all }
            cursor = OutcomeCursor(after: last)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func savesOutcomesAndReadsThemBack(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            let saved = try await store.saveOutcomes(Self.outcomes)
            #expect(saved.map(\.duplicate) == Array(repeating: false, count: Self.outcomes.count))
            #expect(saved.map(\.outcome) == Self.outcomes)
            #expect(try await store.saveOutcomes([]) == [])
            let expected = Self.listingOrder(Self.outcomes)
            #expect(try await Self.readAll(store, OutcomeFilter(), limit: 5) == expected)
            #expect(try await Self.readAll(store, OutcomeFilter(), limit: 1000) == expected)
            guard let reopen else { return }
            try await reopen { (reopened: any LedgerStore) async throws in
                #expect(try await Self.readAll(reopened, OutcomeFilter(), limit: 1000) == expected)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func savingIsIdempotentById(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let first = Self.outcome("o1", "s1", value: "12.00")
            _ = try await store.saveOutcomes([first])
            // A retry without a timestamp arrives later: still the same outcome.
            var retry = first
            retry.timestamp = Self.at("2026-11-02T00:00:00Z")
            let fresh = Self.outcome("o2", "s1", success: false)
            let saved = try await store.saveOutcomes([retry, fresh, fresh, retry])
            #expect(saved.map(\.duplicate) == [true, false, true, true])
            #expect(saved.map(\.outcome) == [first, fresh, fresh, first])
            #expect(try await Self.readAll(store, OutcomeFilter(), limit: 100) == [first, fresh])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aDifferentResultUnderAStoredIdStoresNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let stored = Self.outcome("o1", "s1", value: "12.00")
            _ = try await store.saveOutcomes([stored])
            var changed = stored
            changed.value = Money(usd: "12.000000001")
            let innocent = Self.outcome("o2", "s2")
            do {
                _ = try await store.saveOutcomes([innocent, changed])
                Issue.record("a changed value under a stored id was accepted")
            } catch let conflict as OutcomeConflict {
                #expect(conflict.items == [OutcomeConflict.Item(index: 1, sent: changed, stored: stored)])
                #expect(conflict.issues.first?.message.contains("12.000000001") == true)
            }
            #expect(try await Self.readAll(store, OutcomeFilter(), limit: 100) == [stored])
            // The innocent outcome was rolled back, not lost: it stores on its own.
            #expect(try await store.saveOutcomes([innocent]).map(\.duplicate) == [false])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aBatchThatContradictsItselfStoresNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            let won = Self.outcome("o1", "s1", success: true)
            var lost = won
            lost.success = false
            do {
                _ = try await store.saveOutcomes([Self.outcome("o0", "s0"), won, lost])
                Issue.record("a batch giving one id two results was accepted")
            } catch let conflict as OutcomeConflict {
                #expect(conflict.items.map(\.index) == [2])
                #expect(conflict.items.first?.stored == won)
            }
            #expect(try await store.outcomes(OutcomeFilter(), after: nil, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func filtersCombine(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveOutcomes(Self.outcomes)
            func check(_ filter: OutcomeFilter, _ keep: (Outcome) -> Bool) async throws {
                let expected = Self.listingOrder(Self.outcomes.filter(keep))
                #expect(!expected.isEmpty)
                #expect(try await Self.readAll(store, filter, limit: 4) == expected)
            }
            let day = (Self.at("2026-11-02T00:00:00Z"), Self.at("2026-11-03T00:00:00Z"))
            try await check(OutcomeFilter(from: day.0, to: day.1)) { $0.timestamp >= day.0 && $0.timestamp < day.1 }
            try await check(OutcomeFilter(from: day.0)) { $0.timestamp >= day.0 }
            try await check(OutcomeFilter(types: ["lead_qualified"])) { $0.type == "lead_qualified" }
            try await check(OutcomeFilter(success: false)) { !$0.success }
            try await check(OutcomeFilter(success: true, sessionIDs: ["session-1", "session-3"])) {
                $0.success && ["session-1", "session-3"].contains($0.sessionID)
            }
            try await check(OutcomeFilter(to: day.1, types: ["ticket_resolved", "lead_qualified"], sessionIDs: ["session-0"])) {
                $0.timestamp < day.1 && $0.sessionID == "session-0"
            }
            #expect(try await store.outcomes(OutcomeFilter(types: ["no-such-type"]), after: nil, limit: 10).isEmpty)
            #expect(try await store.outcomes(OutcomeFilter(sessionIDs: ["it's \"quoted\" \\ ü"]), after: nil, limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func fetchesTheOutcomesOfSessions(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveOutcomes(Self.outcomes)
            let sessions = ["session-2", "session-5", "no-such-session"]
            let found = try await store.outcomes(sessionIDs: sessions)
            let expected = Self.listingOrder(Self.outcomes.filter { sessions.contains($0.sessionID) })
            #expect(found.map(\.sessionID) == found.map(\.sessionID).sorted())
            #expect(Set(found) == Set(expected))
            #expect(found.filter { $0.sessionID == "session-5" } == expected.filter { $0.sessionID == "session-5" })
            #expect(try await store.outcomes(sessionIDs: []).isEmpty)
            // More sessions than SQLite binds parameters, in one call.
            let many = (0..<40_000).map { "session-\($0)" }
            #expect(try await store.outcomes(sessionIDs: many).count == Self.outcomes.count)
        }
    }
}
