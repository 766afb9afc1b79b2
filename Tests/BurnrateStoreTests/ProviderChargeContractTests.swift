import BurnrateCore
import BurnrateStore
import BurnrateTestSupport
import Testing

/// Storing what providers billed, on every backend.
@Suite(.tags(.postgres)) struct ProviderChargeContractTests {
    static let march1 = UTCDay("2026-03-01")!

    static func charge(
        _ model: String?, day offset: Int, _ amount: String?, source: ChargeSource = .daily, importID: String = "bill-a",
        tokens: TokenUsage? = nil, requests: Int64? = nil, days: Int = 1
    ) -> ProviderCharge {
        let start = march1.adding(days: offset)
        return ProviderCharge(
            provider: "openai", model: model, period: ChargePeriod(start: start, end: start.adding(days: days)),
            amount: amount.map { Money(usd: $0)! }, tokens: tokens, requests: requests, source: source, importID: importID)
    }

    @Test(arguments: StoreBackend.allCases)
    func storesChargesAndReadsThemBackExactly(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, reopen in
            let charges = [
                Self.charge("gpt-4o", day: 0, "12.345678901"),
                Self.charge(nil, day: 1, "3"),
                Self.charge(
                    "gpt-4o", day: 1, nil, source: .openaiUsage,
                    tokens: TokenUsage(
                        inputTokens: 1_000, outputTokens: 10, cacheReadTokens: 200, cacheWriteTokens: 50, cacheWrite1hTokens: 5),
                    requests: 7),
                Self.charge(nil, day: 0, "100", source: .invoice, days: 31),
            ]
            let report = try await store.saveCharges(charges)
            #expect(report == ChargeSaveReport(inserted: 4, replaced: 0))
            let expected = charges.sorted {
                ($0.period.start, $0.model ?? "", $0.source.rawValue) < ($1.period.start, $1.model ?? "", $1.source.rawValue)
            }
            #expect(try await store.charges(from: nil, to: nil, provider: nil) == expected)
            try await reopen? { reopened in
                let reread = try await reopened.charges(from: nil, to: nil, provider: "openai")
                #expect(reread == expected)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func reimportingReplacesInsteadOfDoubling(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveCharges([Self.charge("gpt-4o", day: 0, "1"), Self.charge("gpt-4o", day: 1, "2")])
            // A newer export of the same kind overlapping the first: day 1 is replaced, day 2 added.
            let again = try await store.saveCharges([
                Self.charge("gpt-4o", day: 1, "2.5", importID: "bill-b"), Self.charge("gpt-4o", day: 2, "3", importID: "bill-b"),
            ])
            #expect(again == ChargeSaveReport(inserted: 1, replaced: 1))
            // Another kind of file for the same day is stored beside it.
            _ = try await store.saveCharges([
                Self.charge("gpt-4o", day: 1, nil, source: .openaiUsage, importID: "bill-c", tokens: TokenUsage())
            ])
            let stored = try await store.charges(from: nil, to: nil, provider: nil)
            #expect(
                stored.map { "\($0.period.start) \($0.source.rawValue) \($0.amount?.usdString ?? "-") \($0.importID)" } == [
                    "2026-03-01 daily 1.000000000 bill-a", "2026-03-02 daily 2.500000000 bill-b", "2026-03-02 openai-usage - bill-c",
                    "2026-03-03 daily 3.000000000 bill-b",
                ])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func listsTheChargesOverlappingARange(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveCharges([
                Self.charge("gpt-4o", day: 0, "1"), Self.charge("gpt-4o", day: 5, "2"),
                Self.charge(nil, day: 0, "9", source: .invoice, days: 31),
            ])
            let from = Self.march1.adding(days: 3)
            let inRange = try await store.charges(from: from, to: from.adding(days: 3), provider: nil)
            #expect(inRange.map(\.period.start) == [Self.march1, Self.march1.adding(days: 5)])
            #expect(try await store.charges(from: nil, to: Self.march1, provider: nil).isEmpty)
            #expect(try await store.charges(from: nil, to: nil, provider: "anthropic").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func deletesOneImportOnly(_ backend: StoreBackend) async throws {
        try await backend.withStore { store, _ in
            _ = try await store.saveCharges([Self.charge("gpt-4o", day: 0, "1"), Self.charge("gpt-4o", day: 1, "2")])
            _ = try await store.saveCharges([Self.charge("gpt-4o", day: 1, "2.5", importID: "bill-b")])
            #expect(try await store.deleteChargeImport("bill-a") == 1)
            #expect(try await store.deleteChargeImport("bill-a") == 0)
            #expect(try await store.charges(from: nil, to: nil, provider: nil).map(\.importID) == ["bill-b"])
        }
    }
}
