import BurnrateCore
import BurnrateTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import BurnrateStore

/// PostgreSQL's dictionary numbers: learned per process, shared by nothing but the database.
@Suite(.tags(.postgres)) struct PostgresDictionaryTests {
    /// Ends a transaction with a rollback (the store reports it as a `StoreError`).
    struct RolledBack: Error {}

    static func event(_ id: String, tenant: String, tags: [String: String] = [:]) -> PricedEvent {
        let event = UsageEvent(
            id: id, timestamp: Timestamp(rfc3339: "2026-03-04T05:06:07Z")!, provider: "openai", model: "gpt-4.1-\(tenant)",
            usage: TokenUsage(inputTokens: 10, outputTokens: 5), attribution: Attribution(tenant: tenant, user: "user-\(tenant)"),
            tags: tags)
        return PricedEvent(event: event, pricing: nil)
    }

    /// Numbers given in a transaction that rolls back were never given: the next batch with the
    /// same values numbers them again, and its events read back as sent.
    @Test func numbersOfARolledBackTransactionAreForgotten() async throws {
        try await TestPostgres.withDatabase { url in
            try await PostgresLedgerStore.withStore(url: url, logger: StoreBackend.logger) { store in
                let first = Self.event("a", tenant: "acme", tags: ["region": "eu"])
                await #expect(throws: StoreError.self) {
                    try await store.transaction { connection in
                        let codes = try await store.dictionary.codes(
                            for: [StoredEvent(priced: first, ingestedAt: .now())], on: connection, logger: store.logger)
                        #expect(codes.value("acme") != nil)
                        throw RolledBack()
                    }
                }
                _ = try await store.ingest([first])
                #expect(try await store.event(id: "a")?.priced == first)
            }
        }
    }

    /// Two replicas storing events with the same new values at once each store theirs; every
    /// value is numbered once and every event reads back as sent, from either replica.
    @Test func replicasAddingTheSameValuesAtOnceShareTheirNumbers() async throws {
        try await TestPostgres.withDatabase { url in
            try await PostgresLedgerStore.withStore(url: url, logger: StoreBackend.logger) { one in
                try await PostgresLedgerStore.withStore(url: url, logger: StoreBackend.logger) { two in
                    let tenants = (0..<50).map { "tenant-\($0)" }
                    let first = tenants.map { Self.event("one-\($0)", tenant: $0, tags: ["team": $0]) }
                    let second = tenants.map { Self.event("two-\($0)", tenant: $0, tags: ["team": $0]) }
                    async let stored = one.ingest(first)
                    async let alsoStored = two.ingest(second)
                    _ = try await (stored, alsoStored)
                    for priced in first + second {
                        #expect(try await one.event(id: priced.event.id)?.priced == priced)
                        #expect(try await two.event(id: priced.event.id)?.priced == priced)
                    }
                    let counts = try await one.read { connection in
                        let rows = try await connection.query(
                            "SELECT (SELECT count(*) FROM dictionary)::int8, (SELECT count(DISTINCT value) FROM dictionary)::int8, (SELECT count(*) FROM tag_sets)::int8",
                            logger: one.logger)
                        for try await counts in rows.decode((Int64, Int64, Int64).self) { return counts }
                        return (Int64(0), Int64(0), Int64(0))
                    }
                    // openai, ok, and per tenant: the tenant, its model and its user.
                    #expect(counts.0 == 2 + 3 * 50)
                    #expect(counts.0 == counts.1)
                    #expect(counts.2 == 50)
                }
            }
        }
    }
}
