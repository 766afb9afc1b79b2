import BurnrateCore
import BurnrateServer
import BurnrateStore
import BurnrateTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Several Burnrate replicas on one PostgreSQL database, and what happens when it goes away.
@Suite(.tags(.postgres)) struct PostgresReplicaTests {
    static let logger = Logger(label: "burnrate.tests") { _ in SwiftLogNoOpLogHandler() }

    static func event(_ id: String, model: String = "gpt-4o") -> String {
        #"{"id": "\#(id)", "timestamp": "2026-11-01T10:00:00Z", "model": "\#(model)", "input_tokens": 1000, "output_tokens": 500, "tenant": "acme"}"#
    }

    /// Runs `body` with two ledgers, as two `serve` processes would have, over one database.
    static func withTwoReplicas(url: String, _ body: (Ledger, Ledger) async throws -> Void) async throws {
        let builtin = try PriceDocument.parse(Array(TestServer.prices.utf8), origin: .builtin)
        try await PostgresLedgerStore.withStore(url: url, maximumConnections: 4, leaseTimeout: .seconds(60), logger: logger) { first in
            try await PostgresLedgerStore.withStore(url: url, maximumConnections: 4, leaseTimeout: .seconds(60), logger: logger) { second in
                try await body(
                    try await Ledger(store: first, builtin: builtin), try await Ledger(store: second, builtin: builtin))
            }
        }
    }

    @Test func twoReplicasGiveTheSameAnswers() async throws {
        try await TestPostgres.withDatabase { url in
            try await Self.withTwoReplicas(url: url) { first, second in
                try await TestServer.withClient(ledger: first) { a in
                    try await TestServer.withClient(ledger: second) { b in
                        #expect(try await a.post("/api/v1/events", Self.event("r-1")).status == .ok)
                        // The same batch through the other replica is a duplicate, not a second charge.
                        let retry = try await b.post("/api/v1/events", Self.event("r-1"))
                        #expect(retry.json[path: "events.0.duplicate"] as? Bool == true)
                        // An unknown model priced through one replica prices new events alike on the other.
                        #expect(try await b.post("/api/v1/events", Self.event("r-2", model: "house-model")).status == .ok)
                        let put = try await a.put(
                            "/api/v1/prices/house-model", #"{"provider": "unknown", "input": "1.00", "output": "2.00"}"#)
                        #expect(put.status == .ok)
                        let priced = try await b.post("/api/v1/events", Self.event("r-3", model: "house-model"))
                        #expect(priced.json[path: "events.0.cost.total_nanos"] as? Int == 2_000_000)
                        let fromA = try await a.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").text
                        let fromB = try await b.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").text
                        #expect(fromA == fromB)
                        #expect(try await b.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json[path: "requests"] as? Int == 3)
                    }
                }
            }
        }
    }

    @Test func backgroundJobsRunOnOneReplicaAtATime() async throws {
        try await TestPostgres.withDatabase { url in
            try await Self.withTwoReplicas(url: url) { first, second in
                let running = Mutex(0)
                let overlaps = Mutex(0)
                let runs = Mutex(0)
                let job: @Sendable () async throws -> Void = {
                    if running.withLock({ value in
                        value += 1; return value
                    }) > 1 {
                        overlaps.withLock { $0 += 1 }
                    }
                    try await Task.sleep(for: .milliseconds(150))
                    running.withLock { $0 -= 1 }
                    runs.withLock { $0 += 1 }
                }
                let start = Timestamp.now()
                // Both replicas try every 100 ms of simulated time for three 1-second intervals.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for store in [first.store, second.store] {
                        group.addTask {
                            for step in 0..<30 {
                                let now = start.adding(seconds: 0).microseconds + Int64(step) * 100_000
                                _ = try await store.runExclusively(
                                    job: "evaluate-alerts", interval: .seconds(1), now: Timestamp(microseconds: now), job)
                                try await Task.sleep(for: .milliseconds(20))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(overlaps.withLock { $0 } == 0)
                #expect(runs.withLock { $0 } == 3)
            }
        }
    }

    @Test func aDatabaseRestartGives503sThenRecoversWithoutLosingAcknowledgedEvents() async throws {
        let cluster = try await TestPostgres.start()
        defer { cluster.destroy() }
        try await cluster.sql("CREATE DATABASE restart")
        let builtin = try PriceDocument.parse(Array(TestServer.prices.utf8), origin: .builtin)
        // Long enough for a loaded machine to set up, short enough to answer 503 during the outage.
        try await PostgresLedgerStore.withStore(
            url: cluster.url(database: "restart"), maximumConnections: 2, leaseTimeout: .seconds(15), logger: Self.logger
        ) {
            store in
            let ledger = try await Ledger(store: store, builtin: builtin)
            try await TestServer.withClient(ledger: ledger) { client in
                var acknowledged: [String] = []
                for index in 0..<5 where try await client.post("/api/v1/events", Self.event("before-\(index)")).status == .ok {
                    acknowledged.append("before-\(index)")
                }
                try await cluster.stopServer()
                let during = try await client.post("/api/v1/events", Self.event("during"))
                #expect(during.status == .serviceUnavailable)
                #expect(during.headers[.retryAfter] != nil)
                #expect(try await client.get("/readyz").status == .serviceUnavailable)
                try await cluster.startServer()
                var recovered = false
                for attempt in 0..<150 {
                    let response = try await client.post("/api/v1/events", Self.event("after-\(attempt)"))
                    if response.status == .ok {
                        acknowledged.append("after-\(attempt)")
                        recovered = true
                        break
                    }
                    #expect(response.status == .serviceUnavailable)
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(recovered)
                for id in acknowledged {
                    #expect(try await client.get("/api/v1/events/\(id)").status == .ok, "\(id)")
                }
            }
        }
    }

    @Test func startUpErrorsSayWhatIsWrong() async throws {
        let cluster = try await TestPostgres.shared()
        let unreachable = await #expect(throws: StoreError.self) {
            try await PostgresLedgerStore.withStore(url: "postgres://postgres@127.0.0.1:1/burnrate", logger: Self.logger) { _ in }
        }
        #expect(unreachable?.message.contains("Cannot reach PostgreSQL at 127.0.0.1:1") == true)
        let missing = await #expect(throws: StoreError.self) {
            try await PostgresLedgerStore.withStore(url: cluster.url(database: "no_such_db"), logger: Self.logger) { _ in }
        }
        #expect(missing?.message.contains("has no database 'no_such_db'") == true)
        let stranger = await #expect(throws: StoreError.self) {
            try await PostgresLedgerStore.withStore(
                url: "postgres://nobody:secret@127.0.0.1:\(cluster.port)/postgres?sslmode=disable", logger: Self.logger
            ) { _ in }
        }
        #expect(stranger?.message.contains("refused the credentials of user 'nobody'") == true)
        #expect(stranger?.message.contains("secret") == false)
    }
}
