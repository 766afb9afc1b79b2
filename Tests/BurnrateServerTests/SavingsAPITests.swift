import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// `GET /api/v1/savings` over hand-computed events and over the demo data.
///
/// Prices (TestServer): gpt-4o $2.50 in / $10 out per million tokens; claude-haiku-4-5 $1 / $5.
@Suite struct SavingsAPITests {
    static let ledger = [
        AnalyticsAPITests.event("s-1", "2026-11-02T12:00:00Z", model: "claude-haiku-4-5", output: 100_000, tenant: "acme", feature: "chat"),
        AnalyticsAPITests.event("s-2", "2026-11-03T12:00:00Z", tenant: "globex", feature: "search"),
        AnalyticsAPITests.event("s-3", "2026-11-04T12:00:00Z", model: "in-house-llm", tenant: "acme", feature: "chat"),
    ]

    static func withLedger(
        configuration: AppConfiguration = AppConfiguration(logLevel: .error),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestServer.withEvents(ledger, configuration: configuration, body)
    }

    @Test func cheaperModelsSaveAgainstTheConfiguredBaseline() async throws {
        try await Self.withLedger { client in
            let json = try await client.get("/api/v1/savings?from=2026-11-01&to=2026-12-01").json
            #expect(json["by"] as? String == "model")
            #expect(json["baseline_source"] as? String == "config")
            #expect(json["unpriced_requests_excluded"] as? Int == 1)
            let baselines = try #require(json["baselines"] as? [[String: Any]])
            #expect(baselines.count == 1)
            #expect(baselines[0]["model"] as? String == "gpt-4o")
            // Haiku: 1M in + 100k out = $1.50; on gpt-4o $2.50 + $1.00 = $3.50. gpt-4o: $2.50 both ways.
            let rows = try #require(baselines[0]["rows"] as? [[String: Any]])
            #expect(rows.map { $0["key"] as? String } == ["claude-haiku-4-5", "gpt-4o"])
            #expect(rows[0]["actual_usd"] as? String == "1.500000000")
            #expect(rows[0]["baseline_usd"] as? String == "3.500000000")
            #expect(rows[0]["savings_usd"] as? String == "2.000000000")
            #expect(rows[1]["savings_usd"] as? String == "0.000000000")
            #expect(rows[1]["efficiency_multiple"] as? Double == 1)
            let total = try #require(baselines[0]["total"] as? [String: Any])
            #expect(total["requests"] as? Int == 2)
            #expect(total["actual_usd"] as? String == "4.000000000")
            #expect(total["baseline_usd"] as? String == "6.000000000")
            #expect(total["savings_percent"] as? Double == 33.333333)
            #expect(total["efficiency_multiple"] as? Double == 1.5)
            // 2.1M tokens for $4 and for $6.
            #expect(total["tokens_per_dollar_actual"] as? Double == 525_000)
            #expect(total["tokens_per_dollar_baseline"] as? Double == 350_000)
        }
    }

    @Test func compressionSavingsAreReportedPerGroupAtTheBilledInputRate() async throws {
        // 600k sent of 1M: 400k removed on gpt-4o at $2.50/M = $1.00; 200k of 300k on haiku at $1/M
        // = $0.20. The events without original_input_tokens report nothing.
        let compressed = [
            #"{"id": "z-1", "timestamp": "2026-11-05T12:00:00Z", "model": "gpt-4o", "input_tokens": 600000, "original_input_tokens": 1000000, "feature": "rag"}"#,
            #"{"id": "z-2", "timestamp": "2026-11-05T13:00:00Z", "model": "claude-haiku-4-5", "input_tokens": 100000, "original_input_tokens": 300000, "feature": "chat"}"#,
        ]
        try await Self.withLedger { client in
            let posted = try await client.post("/api/v1/events", "[" + compressed.joined(separator: ",") + "]")
            #expect(posted.json["accepted"] as? Int == 2)
            let json = try await client.get("/api/v1/savings?from=2026-11-01&to=2026-12-01&by=feature").json
            let compression = try #require(json["compression"] as? [String: Any])
            let rows = try #require(compression["rows"] as? [[String: Any]])
            #expect(rows.map { $0["key"] as? String } == ["rag", "chat"])
            #expect(rows[0]["savings_usd"] as? String == "1.000000000")
            #expect(rows[0]["removed_tokens"] as? Int == 400_000)
            #expect(rows[0]["reduction_percent"] as? Double == 40)
            #expect(rows[1]["savings_usd"] as? String == "0.200000000")
            let total = try #require(compression["total"] as? [String: Any])
            #expect(total["requests"] as? Int == 2)
            #expect(total["original_input_tokens"] as? Int == 1_300_000)
            #expect(total["savings_nanos"] as? Int == 1_200_000_000)
            let event = try await client.get("/api/v1/events/z-1").json
            #expect(event["original_input_tokens"] as? Int == 1_000_000)
            let refused = try await client.post(
                "/api/v1/events",
                #"{"id": "z-3", "model": "gpt-4o", "input_tokens": 600, "original_input_tokens": 500}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("original_input_tokens"))
        }
    }

    @Test func theRequestOverridesTheBaselineAndGroupsByTenant() async throws {
        var configuration = AppConfiguration(logLevel: .error)
        configuration.savingsBaselines = []
        try await Self.withLedger(configuration: configuration) { client in
            let missing = try await client.get("/api/v1/savings?from=2026-11-01&to=2026-12-01")
            #expect(missing.status == .badRequest)
            let json = try await client.get("/api/v1/savings?from=2026-11-01&to=2026-12-01&by=tenant&baseline=claude-haiku-4-5").json
            #expect(json["baseline_source"] as? String == "request")
            let baseline = try #require((json["baselines"] as? [[String: Any]])?.first)
            let rows = try #require(baseline["rows"] as? [[String: Any]])
            // globex's gpt-4o request ($2.50) would cost $1 on haiku: a negative saving.
            #expect(rows.map { $0["key"] as? String } == ["acme", "globex"])
            #expect(rows[1]["savings_usd"] as? String == "-1.500000000")
            #expect(rows[1]["savings_percent"] as? Double == -150)
            let unknown = try await client.get("/api/v1/savings?baseline=no-such-model")
            #expect(unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains("baseline"))
        }
    }

    @Test func demoSavingsAddUpAndMatchTheRecordedCost() async throws {
        let ledger = try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: try BuiltinCatalog.entries())
        let generator = DemoGenerator(seed: 42, spikeDay: 20_400)
        for day in 20_390..<20_404 { _ = try await ledger.ingest(generator.events(forDay: day)) }
        let from = Timestamp(microseconds: 20_390 * 86_400 * 1_000_000)
        let to = Timestamp(microseconds: 20_404 * 86_400 * 1_000_000)
        let summary = try await ledger.store.summary(EventFilter(from: from, to: to))
        try await TestServer.withClient(ledger: ledger) { client in
            let json = try await client.get(
                "/api/v1/savings?from=\(from.rfc3339)&to=\(to.rfc3339)&by=feature&baseline=gpt-4o,claude-sonnet-4-5"
            )
            .json
            let baselines = try #require(json["baselines"] as? [[String: Any]])
            #expect(baselines.count == 2)
            #expect(json["unpriced_requests_excluded"] as? Int == Int(summary.unpricedRequests))
            for baseline in baselines {
                let total = try #require(baseline["total"] as? [String: Any])
                let rows = try #require(baseline["rows"] as? [[String: Any]])
                #expect(rows.count == 7)
                #expect(total["actual_nanos"] as? Int == Int(summary.cost.total.nanos))
                #expect(total["requests"] as? Int == Int(summary.requests - summary.unpricedRequests))
                #expect(rows.reduce(0) { $0 + ($1["savings_nanos"] as? Int ?? 0) } == total["savings_nanos"] as? Int)
                // The demo runs mostly on models cheaper than either baseline.
                #expect((total["savings_percent"] as? Double ?? 0) > 20)
                #expect((total["efficiency_multiple"] as? Double ?? 0) > 1)
            }
        }
    }
}
