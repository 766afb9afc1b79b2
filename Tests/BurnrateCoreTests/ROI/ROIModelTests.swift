import BurnrateCore
import Testing

@Suite struct ROIModelTests {
    static func dollars(_ value: Int64) -> Money { Money(dollars: value) }

    static func analysis(
        investment: Int64 = 100_000, savings: Int64 = 25_000, recurring: Int64 = 0, growth: Double = 0, months: Int = 36,
        discountRate: Double? = nil
    ) -> ROIAnalysis {
        var investments = [ROIInvestment(name: "Investment", kind: .oneOff, amount: dollars(investment))]
        if recurring > 0 { investments.append(ROIInvestment(name: "Operations", kind: .monthly, amount: dollars(recurring))) }
        let assumptions = ROIAssumptions(investments: investments, monthlySavings: dollars(savings), growth: growth)
        return ROIAnalysis(source: assumptions, months: months, annualDiscountRate: discountRate)
    }

    /// 100,000 invested, 25,000 saved a month, no growth: cumulative net is 25,000 × m, so it
    /// reaches 100,000 exactly at the end of month 4 (payback 4.0 months = 4 × 30.4375 = 121.75,
    /// 122 days). ROI 12 = (300,000 − 100,000) / 100,000 = 200%; ROI 36 = (900,000 − 100,000) /
    /// 100,000 = 800%.
    @Test func flatSavingsPayBackInFourMonths() {
        let projection = Self.analysis().projection
        #expect(projection.breakEvenMonth == 4)
        #expect(projection.paybackMonths == 4.0)
        #expect(projection.paybackDays == 122)
        #expect(projection.roi12Percent == 200)
        #expect(projection.roi36Percent == 800)
        #expect(projection.rows.count == 36)
        #expect(projection.rows[2].position == Self.dollars(-25_000))
        #expect(projection.rows[3].position == .zero)
        #expect(projection.totalNet == Self.dollars(900_000))
        #expect(projection.npv == nil)
        #expect(projection.paybackSummary == "Breaks even in month 4: payback after 4.0 months (122 days).")
    }

    /// With 5% monthly growth, month m saves 25,000 × 1.05^(m−1): 25,000, 26,250, 27,562.50,
    /// 28,940.625. Cumulative after month 3 is 78,812.50, after month 4 107,753.125, so break-even
    /// is month 4 and payback 3 + (100,000 − 78,812.50) / 28,940.625 = 3.7321 months
    /// (× 30.4375 = 113.6, 114 days). Cumulative at 12 months is 25,000 × (1.05^12 − 1) / 0.05 =
    /// 397,928.16 (ROI 297.93%); at 36 months 25,000 × (1.05^36 − 1) / 0.05 = 2,395,908.07
    /// (ROI 2,295.91%).
    @Test func growingSavingsPayBackSooner() {
        let projection = Self.analysis(growth: 0.05).projection
        #expect(projection.rows[3].grossSavings == Money(usd: "28940.625"))
        #expect(projection.rows[2].cumulativeNet == Money(usd: "78812.5"))
        #expect(projection.breakEvenMonth == 4)
        #expect(abs((projection.paybackMonths ?? 0) - 3.732102) < 1e-6)
        #expect(projection.paybackDays == 114)
        #expect(abs((projection.roi12Percent ?? 0) - 297.928163) < 1e-5)
        #expect(abs((projection.roi36Percent ?? 0) - 2295.908068) < 1e-5)
    }

    /// 2,000 saved, 500 a month to run: 1,500 net × 36 = 54,000 < 100,000; ROI 36 = −46%.
    @Test func aProjectThatNeverBreaksEvenSaysSo() {
        let projection = Self.analysis(savings: 2_000, recurring: 500).projection
        #expect(projection.breakEvenMonth == nil)
        #expect(projection.paybackMonths == nil)
        #expect(projection.paybackDays == nil)
        #expect(projection.rows[0].netSavings == Self.dollars(1_500))
        #expect(projection.totalNet == Self.dollars(54_000))
        #expect(projection.roi36Percent == -46)
        #expect(projection.roi12Percent == -82)
        #expect(
            projection.paybackSummary
                == "Never breaks even within 36 months: cumulative net savings reach $54,000.00 of the $100,000.00 investment (54.0% recovered)."
        )
    }

    @Test func runningCostsAboveSavingsAreCalledOut() {
        let projection = Self.analysis(savings: 1_000, recurring: 1_500, months: 12).projection
        #expect(projection.breakEvenMonth == nil)
        #expect(projection.totalNet == Self.dollars(-6_000))
        #expect(projection.paybackSummary.contains("recurring costs exceed the savings"))
    }

    /// 10% a year is (1.1)^(1/12) − 1 = 0.797414% a month; 36 months of 25,000 discount to
    /// 25,000 × (1 − 1.1^−3) / 0.00797414 = 779,661.46, so NPV = 679,661.46.
    @Test func npvDiscountsMonthlyFromAnAnnualRate() throws {
        let projection = Self.analysis(discountRate: 0.10).projection
        let npv = try #require(projection.npv)
        #expect(abs(npv.usd - 679_661.461055) < 0.000_001 * 36)
        // Month 12 is discounted by exactly one year: 25,000 / 1.1 = 22,727.27.
        let month12 = try #require(projection.rows[11].discountedNet)
        #expect(abs(month12.nanos - Money(dollars: 25_000).multipliedForTest(by: 1 / 1.1).nanos) <= 1)
    }

    @Test func developmentHoursAreHoursTimesRate() {
        let item = ROIInvestment.development(hundredthsOfHours: 12_050, hourlyRate: Self.dollars(150))
        #expect(item.amount == Self.dollars(18_075))
        #expect(item.kind == .oneOff)
    }

    /// ROI at 36 months is reported even when the horizon is 12 months.
    @Test func roiAt36MonthsLooksPastAShortHorizon() {
        let projection = Self.analysis(months: 12).projection
        #expect(projection.rows.count == 12)
        #expect(projection.roi36Percent == 800)
        #expect(projection.roiHorizonPercent == 200)
    }

    @Test func scenariosAreOrderedAndUseTheDocumentedDefaults() {
        let analysis = Self.analysis(growth: 0.04)
        #expect(analysis.scenarios.map(\.scenario.name) == ["conservative", "realistic", "optimistic"])
        #expect(analysis.scenarios.map(\.scenario.savingsMultiplier) == [0.75, 1, 1.25])
        #expect(analysis.scenarios.map(\.scenario.growth) == [0.02, 0.04, 0.06])
        let roi = analysis.scenarios.map { $0.projection.roi36Percent ?? 0 }
        #expect(roi[0] < roi[1] && roi[1] < roi[2])
        #expect(analysis.scenarios[1].projection == analysis.projection)
        // Conservative with no growth: 18,750 a month reaches 100,000 in month 6 (5.33 months).
        let flat = Self.analysis().scenarios[0].projection
        #expect(flat.breakEvenMonth == 6)
        #expect(abs((flat.paybackMonths ?? 0) - (5 + 6_250.0 / 18_750)) < 1e-9)
    }

    /// More volume pays back sooner and returns more; a dearer investment pays back later;
    /// faster growth returns more at 36 months. Flat 25,000: volume −20% is 20,000 a month
    /// (payback 5.0 months), +20% is 30,000 (3.33 months).
    @Test func sensitivityMovesEachDriverTheRightWay() throws {
        let analysis = Self.analysis(growth: 0.02)
        func item(_ driver: String, _ direction: String) throws -> ROIProjection {
            try #require(analysis.sensitivity.first { $0.driver == driver && $0.direction == direction }).projection
        }
        #expect(analysis.sensitivity.count == 6)
        let base = analysis.projection
        for (down, up) in [(try item("volume", "down"), try item("volume", "up")), (try item("growth", "down"), try item("growth", "up"))] {
            #expect(down.paybackMonths! > base.paybackMonths! && base.paybackMonths! > up.paybackMonths!)
            #expect(down.roi36Percent! < base.roi36Percent! && base.roi36Percent! < up.roi36Percent!)
        }
        #expect(try item("price", "up").paybackMonths! > base.paybackMonths!)
        #expect(try item("price", "down").roi12Percent! > base.roi12Percent!)
        let flat = Self.analysis()
        #expect(flat.sensitivity[0].projection.paybackMonths == 5)
        #expect(abs(flat.sensitivity[1].projection.paybackMonths! - 10.0 / 3) < 1e-9)
        #expect(flat.sensitivity[4].adjustment.growth == -0.01)
        #expect(flat.sensitivity[5].change == "+1.00%/month")
    }
}

extension Money {
    /// `self × ratio` rounded to the nano-dollar, as the model does.
    func multipliedForTest(by ratio: Double) -> Money {
        Money(nanos: Int64((Double(nanos) * ratio).rounded(.toNearestOrAwayFromZero)))
    }
}
