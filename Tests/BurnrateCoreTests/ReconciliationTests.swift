import BurnrateCore
import Testing

/// Comparing bills with Burnrate's figures: exact differences, the tolerance's edges, and each
/// likely cause read from the data.
@Suite struct ReconciliationTests {
    static let day = UTCDay("2026-03-02")!

    static func charge(
        _ model: String?, _ amount: String?, day offset: Int = 0, provider: String = "openai", tokens: TokenUsage? = nil,
        requests: Int64? = nil
    ) -> ProviderCharge {
        ProviderCharge(
            provider: provider, model: model, period: ChargePeriod(day: day.adding(days: offset)), amount: amount.map { Money(usd: $0)! },
            tokens: tokens, requests: requests, source: .daily, importID: "test")
    }

    static func computed(
        _ model: String, _ cost: String, day offset: Int = 0, provider: String = "openai", requests: Int64 = 10, unpriced: Int64 = 0,
        tokens: TokenUsage = TokenUsage()
    ) -> ComputedUsage {
        ComputedUsage(
            provider: provider, model: model, day: day.adding(days: offset), cost: Money(usd: cost)!, requests: requests,
            unpricedRequests: unpriced, tokens: tokens)
    }

    static func compare(
        _ charges: [ProviderCharge], _ computed: [ComputedUsage], tolerance: Tolerance = Tolerance()
    ) -> ReconciliationReport {
        Reconciliation.compare(charges: charges, computed: computed, tolerance: tolerance, catalog: Fixtures.catalog)
    }

    @Test func differencesAndTotalsAreExact() throws {
        let report = Self.compare(
            [Self.charge("gpt-4o", "10.00"), Self.charge("gpt-4o", "10.00", day: 1), Self.charge("gpt-4o", "10.00", day: 2)],
            [Self.computed("gpt-4o", "9.95"), Self.computed("gpt-4o", "9.90", day: 1), Self.computed("gpt-4o", "9.899999999", day: 2)])
        #expect(report.rows.map(\.difference) == [Money(usd: "0.05"), Money(usd: "0.10"), Money(usd: "0.100000001")])
        #expect(report.rows.map(\.flagged) == [false, false, true])
        #expect(report.rows[0].driftPercent == 0.5)
        #expect(report.total.billed == Money(dollars: 30))
        #expect(report.total.computed == Money(usd: "29.749999999"))
        #expect(report.total.difference == Money(usd: "0.250000001"))
        #expect(report.total.days == 3)
        #expect(report.total.flaggedRows == 1)
        #expect(report.providers.map(\.provider) == ["openai"])
        #expect(report.findings.map(\.period.start) == [Self.day.adding(days: 2)])
    }

    @Test(
        arguments: [
            ("100", "99", 1.0, "0.01", false),  // exactly 1%: within
            ("100", "98.999999999", 1.0, "0.01", true),
            ("100", "101", 1.0, "0.01", false),  // over-counting by exactly 1%
            ("100", "101.000000001", 1.0, "0.01", true),
            ("1", "0.985", 1.0, "0.01", true),  // 1.5% and above the minimum
            ("0.5", "0.495", 0.5, "0.01", false),  // 1% but below the minimum difference
            ("0.5", "0.49", 0.5, "0.01", true),
            ("100", "99.5", 0, "0", true),  // no tolerance at all
            ("100", "100", 0, "0", false),
        ] as [(String, String, Double, String, Bool)])
    func theToleranceEdgeIsExact(_ billed: String, _ computed: String, _ percent: Double, _ minimum: String, _ flagged: Bool) {
        let report = Self.compare(
            [Self.charge("gpt-4o", billed)], [Self.computed("gpt-4o", computed)],
            tolerance: Tolerance(percent: percent, minimumDifference: Money(usd: minimum)!))
        #expect(report.rows.map(\.flagged) == [flagged])
    }

    @Test func unpricedEventsExplainALowFigure() throws {
        let report = Self.compare([Self.charge("gpt-4o", "10")], [Self.computed("gpt-4o", "6", requests: 10, unpriced: 4)])
        let row = try #require(report.findings.first)
        #expect(row.causes == [.unpricedEvents(requests: 4, ofRequests: 10)])
        #expect(row.unpricedRequests == 4)
    }

    @Test func aBilledDayWithoutEventsIsACaptureGapUnlessAnotherProviderRecordedIt() throws {
        let report = Self.compare(
            [Self.charge("gpt-4o", "5", requests: 40), Self.charge("gpt-4o-mini", "1")],
            [Self.computed("gpt-4o-mini", "1"), Self.computed("gpt-4o", "5", provider: "azure")])
        let row = try #require(report.findings.first)
        #expect(row.model == "gpt-4o")
        #expect(row.computed == .zero)
        #expect(row.causes == [.noEventsRecorded(billedRequests: 40, recordedUnder: ["azure/gpt-4o"])])
        let alone = Self.compare([Self.charge("gpt-4o", "5")], [])
        #expect(alone.findings.first?.causes == [.noEventsRecorded(billedRequests: nil, recordedUnder: [])])
    }

    @Test func aModelTheBillDoesNotListIsPointedOutWithItsLikelyAlias() throws {
        let report = Self.compare(
            [Self.charge("mystery-2-2025-01-01", "3")], [Self.computed("mystery-2", "3")])
        #expect(report.rows.count == 2)
        let unbilled = try #require(report.rows.first { $0.model == "mystery-2" })
        #expect(unbilled.billed == .zero)
        #expect(unbilled.flagged)
        #expect(unbilled.causes == [.notOnBill(billedModels: ["mystery-2-2025-01-01"])])
        #expect(unbilled.driftPercent == nil)
    }

    @Test func catalogAliasesMatchTheBillsSnapshotNames() {
        let report = Self.compare([Self.charge("gpt-4o-2024-08-06", "3")], [Self.computed("gpt-4o", "3")])
        #expect(report.rows.count == 1)
        #expect(report.rows[0].model == "gpt-4o")
        #expect(report.rows[0].billedModels == ["gpt-4o-2024-08-06"])
        #expect(report.rows[0].computedModels == ["gpt-4o"])
        #expect(!report.rows[0].flagged)
    }

    @Test func cacheReadsBilledAtFullPriceAreCacheAccounting() throws {
        // Burnrate: 600k uncached at 2.50, 400k cached at 1.25, 100k output at 10 = 3.00.
        let recorded = TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 400_000)
        // The bill: the same tokens, none of them cache reads, at catalog prices = 3.50.
        let billed = TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000)
        let report = Self.compare([Self.charge("gpt-4o", "3.50", tokens: billed)], [Self.computed("gpt-4o", "3.00", tokens: recorded)])
        let row = try #require(report.findings.first)
        #expect(
            row.causes == [.cacheAccounting(billedCacheRead: 0, computedCacheRead: 400_000, billedCacheWrite: 0, computedCacheWrite: 0)])
    }

    @Test func missingTrafficIsATokenGapNotACacheOne() throws {
        let recorded = TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 400_000)
        let billed = TokenUsage(inputTokens: 1_200_000, outputTokens: 120_000, cacheReadTokens: 480_000)
        let report = Self.compare(
            [Self.charge("gpt-4o", "3.60", tokens: billed, requests: 12)], [Self.computed("gpt-4o", "3.00", requests: 10, tokens: recorded)]
        )
        let row = try #require(report.findings.first)
        #expect(row.causes == [.tokenGap(billedTokens: 1_320_000, computedTokens: 1_100_000, billedRequests: 12, computedRequests: 10)])
    }

    @Test func aRateOtherThanTheCatalogsIsAPriceDifference() throws {
        let tokens = TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000)
        let report = Self.compare([Self.charge("gpt-4o", "4.20", tokens: tokens)], [Self.computed("gpt-4o", "3.50", tokens: tokens)])
        let row = try #require(report.findings.first)
        #expect(row.causes == [.priceDiffers(priceID: "openai/gpt-4o@2024-10-01", billedTokensAtCatalogPrice: Money(usd: "3.5")!)])
    }

    @Test func aDiscountBurnrateAlsoAppliedIsNoPriceDifference() throws {
        // Batch traffic at half the catalog rate, and the bill counts 20% more of it at that rate.
        let recorded = TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000)
        let billed = TokenUsage(inputTokens: 1_200_000, outputTokens: 120_000)
        let report = Self.compare([Self.charge("gpt-4o", "2.10", tokens: billed)], [Self.computed("gpt-4o", "1.75", tokens: recorded)])
        let row = try #require(report.findings.first)
        #expect(row.causes.map(\.kind) == ["token_gap"])
        let repriced = Self.compare([Self.charge("gpt-4o", "2.52", tokens: billed)], [Self.computed("gpt-4o", "1.75", tokens: recorded)])
        #expect(
            repriced.findings.first?.causes.last
                == .priceDiffers(priceID: "openai/gpt-4o@2024-10-01", billedTokensAtCatalogPrice: Money(usd: "2.1")!))
    }

    @Test func aSteadyMultipleDayAfterDayIsARateDifference() throws {
        let days = 0..<4
        let report = Self.compare(
            days.map { Self.charge("gpt-4o", ["12", "24", "6", "36"][$0], day: $0) },
            days.map { Self.computed("gpt-4o", ["10", "20", "5", "30"][$0], day: $0) })
        #expect(report.findings.count == 4)
        #expect(report.findings.allSatisfy { $0.causes == [.steadyRatio(ratio: 1.2, days: 4)] })
        let irregular = Self.compare(
            days.map { Self.charge("gpt-4o", ["12", "24", "6", "31"][$0], day: $0) },
            days.map { Self.computed("gpt-4o", ["10", "20", "5", "30"][$0], day: $0) })
        #expect(irregular.findings.allSatisfy { $0.causes.isEmpty })
    }

    @Test func aChargeWithoutAModelIsComparedWithTheWholeDay() throws {
        let report = Self.compare([Self.charge(nil, "20")], [Self.computed("gpt-4o", "12"), Self.computed("gpt-4o-mini", "8")])
        #expect(report.rows.count == 1)
        #expect(report.rows[0].model == nil)
        #expect(report.rows[0].computed == Money(dollars: 20))
        #expect(report.rows[0].computedModels == ["gpt-4o", "gpt-4o-mini"])
        #expect(!report.rows[0].flagged)
    }

    @Test func aDayInsideTheBilledSpanWithoutChargesBillsNothing() throws {
        let report = Self.compare(
            [Self.charge("gpt-4o", "1"), Self.charge("gpt-4o", "1", day: 2)],
            [
                Self.computed("gpt-4o", "1"), Self.computed("gpt-4o", "1", day: 1), Self.computed("gpt-4o", "1", day: 2),
                Self.computed("gpt-4o", "1", day: 3),
            ])
        #expect(report.rows.map(\.period.start) == [0, 1, 2].map { Self.day.adding(days: $0) })
        #expect(report.rows[1].billed == .zero)
        #expect(report.rows[1].flagged)
        #expect(report.total.computed == Money(dollars: 3))
        #expect(report.total.billed == Money(dollars: 2))
    }

    @Test func invoicesAreComparedWithTheirWholePeriod() throws {
        let invoice = ProviderCharge(
            provider: "openai", model: nil, period: ChargePeriod(start: Self.day, end: Self.day.adding(days: 3)),
            amount: Money(dollars: 100),
            source: .invoice, importID: "inv")
        let report = Self.compare(
            [invoice],
            [Self.computed("gpt-4o", "40"), Self.computed("gpt-4o-mini", "20", unpriced: 2), Self.computed("gpt-4o", "30", day: 2)])
        let row = try #require(report.rows.first)
        #expect(row.isInvoice)
        #expect(row.computed == Money(dollars: 90))
        #expect(row.difference == Money(dollars: 10))
        #expect(row.flagged)
        #expect(row.causes == [.daysWithoutEvents([Self.day.adding(days: 1)]), .unpricedEvents(requests: 2, ofRequests: 30)])
        #expect(report.total.billed == .zero)
    }

    @Test func anInvoiceNamesTheFlaggedDaysOfItsPeriod() throws {
        let invoice = ProviderCharge(
            provider: "openai", model: nil, period: ChargePeriod(start: Self.day, end: Self.day.adding(days: 2)),
            amount: Money(dollars: 25),
            source: .invoice, importID: "inv")
        let report = Self.compare(
            [invoice, Self.charge("gpt-4o", "12"), Self.charge("gpt-4o", "10", day: 1), Self.charge("gpt-4o", "9", day: 2)],
            [Self.computed("gpt-4o", "10"), Self.computed("gpt-4o", "10", day: 1), Self.computed("gpt-4o", "10", day: 2)])
        let invoices = report.rows.filter(\.isInvoice)
        let row = try #require(invoices.first)
        #expect(row.difference == Money(dollars: 5))
        // Day 2 is flagged too, but lies outside the invoice's period.
        #expect(row.causes == [.flaggedDays(rows: 1, difference: Money(dollars: 2))])
    }

    @Test func aUsageExportIsComparedOnTokens() throws {
        let report = Self.compare(
            [Self.charge("gpt-4o", nil, tokens: TokenUsage(inputTokens: 1_000, outputTokens: 100))],
            [Self.computed("gpt-4o", "1", tokens: TokenUsage(inputTokens: 800, outputTokens: 100))])
        let row = try #require(report.rows.first)
        #expect(row.billed == nil)
        #expect(row.difference == nil)
        #expect(row.flagged)
        #expect(row.causes == [.tokenGap(billedTokens: 1_100, computedTokens: 900, billedRequests: nil, computedRequests: 10)])
    }

    @Test func everyCauseSaysWhatItsFiguresAre() {
        let causes: [LikelyCause] = [
            .unpricedEvents(requests: 4, ofRequests: 10), .noEventsRecorded(billedRequests: 3, recordedUnder: []),
            .daysWithoutEvents([Self.day]), .tokenGap(billedTokens: 5, computedTokens: 4, billedRequests: nil, computedRequests: 1),
            .cacheAccounting(billedCacheRead: 1, computedCacheRead: 2, billedCacheWrite: 3, computedCacheWrite: 4),
            .notOnBill(billedModels: ["x"]), .priceDiffers(priceID: "p", billedTokensAtCatalogPrice: Money(dollars: 1)),
            .steadyRatio(ratio: 1.2, days: 4), .flaggedDays(rows: 2, difference: Money(dollars: 3)),
        ]
        #expect(Set(causes.map(\.kind)).count == causes.count)
        #expect(causes[0].message.contains("4 of 10"))
        #expect(causes[3].message.contains("5 tokens"))
        #expect(causes[7].message.contains("1.200x"))
    }
}
