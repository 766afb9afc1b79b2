import BurnrateCore
import Foundation
import Testing

@Suite struct BusinessScenarioTests {
    static let catalog: PriceCatalog = {
        let json = """
            [{"provider": "openai", "model": "gpt-4o", "effective_from": "2024-10-01", "input": "2.50", "output": "10.00"}]
            """
        return PriceCatalog(entries: try! PriceDocument.parse(Array(json.utf8), origin: .builtin))
    }()

    static func scenario(growth: Double = 0, deployment: SelfHostedPlan?, investments: [ROIInvestment] = []) throws -> BusinessScenario {
        guard case .priced(let entry) = catalog.lookup(provider: nil, model: "gpt-4o", at: .now()) else {
            throw ROIInputError(issues: [FieldIssue(message: "gpt-4o is not priced")])
        }
        return BusinessScenario(
            name: "Test", unitsPerMonth: 1_000_000, inputTokensPerUnit: 1_000, outputTokensPerUnit: 500, growth: growth,
            apiModel: "gpt-4o", apiPrice: entry, deployment: deployment, investments: investments)
    }

    static func owned(capacity: Int64? = nil) -> SelfHostedPlan {
        SelfHostedPlan(
            kind: .owned(purchase: Money(dollars: 30_000), amortizationMonths: 30, powerMonthly: Money(dollars: 200)),
            operationsMonthly: Money(dollars: 300), capacityTokensPerMonth: capacity)
    }

    /// 10⁹ input tokens × $2.50/M + 5 × 10⁸ output × $10/M = $2,500 + $5,000 = $7,500 a month on
    /// the API. Owned hardware: $30,000 / 30 months = $1,000 amortization + $200 power + $300
    /// operations = $1,500, so $6,000 saved a month. As ROI: $30,000 invested, $7,500 gross,
    /// $500 recurring, $7,000 net: cumulative $28,000 after month 4, $35,000 after month 5, so
    /// break-even in month 5, payback 4 + 2,000 / 7,000 = 4.2857 months; ROI 12 =
    /// (84,000 − 30,000) / 30,000 = 180%.
    @Test func ownedHardwareAgainstTheAPI() throws {
        let scenario = try Self.scenario(deployment: Self.owned())
        let month = try #require(scenario.months(12, adjustment: ROIAdjustment(growth: 0)).first)
        #expect(month.apiCost == Money(dollars: 7_500))
        #expect(month.amortization == Money(dollars: 1_000))
        #expect(month.runningCost == Money(dollars: 500))
        #expect(month.selfHostedCost == Money(dollars: 1_500))
        #expect(month.savings == Money(dollars: 6_000))
        let projection = try ROIOptions(months: 12).analysis(of: scenario).projection
        #expect(projection.investment == Money(dollars: 30_000))
        #expect(projection.rows[0].netSavings == Money(dollars: 7_000))
        #expect(projection.breakEvenMonth == 5)
        #expect(abs(projection.paybackMonths! - (4 + 2_000.0 / 7_000)) < 1e-12)
        #expect(projection.roi12Percent == 180)
    }

    /// Capacity 1.2 × 10⁹ of 1.5 × 10⁹ tokens: the other 20% go to the API ($1,500), so the
    /// deployment saves $6,000 gross, $5,500 net; cumulative $27,500 after month 5, $33,000
    /// after month 6: payback 5 + 2,500 / 5,500 = 5.4545 months.
    @Test func trafficAboveCapacitySpillsToTheAPI() throws {
        let scenario = try Self.scenario(deployment: Self.owned(capacity: 1_200_000_000))
        let month = try #require(scenario.months(1, adjustment: ROIAdjustment(growth: 0)).first)
        #expect(month.selfHostedTokens == 1_200_000_000)
        #expect(month.spilloverCost == Money(dollars: 1_500))
        #expect(month.savings == Money(dollars: 4_500))
        let projection = try ROIOptions(months: 12).analysis(of: scenario).projection
        #expect(projection.breakEvenMonth == 6)
        #expect(abs(projection.paybackMonths! - (5 + 2_500.0 / 5_500)) < 1e-12)
    }

    /// 2 GPUs × $2.00/h × 730.5 h × (1 − 0.30) = $2,045.40, plus $500 operations: $2,545.40 a
    /// month and no purchase. With $10,000 of implementation, net $4,954.60 a month: cumulative
    /// $9,909.20 after month 2, so payback 2 + 90.80 / 4,954.60 = 2.0183 months.
    @Test func cloudGPUsAreRentedByTheHour() throws {
        let plan = SelfHostedPlan(
            kind: .cloud(gpu: "a100-80gb", count: 2, hourlyRate: Money(dollars: 2), discount: 0.3, hoursPerMonth: 730.5),
            operationsMonthly: Money(dollars: 500), capacityTokensPerMonth: nil)
        #expect(plan.runningCost == Money(usd: "2545.4"))
        let scenario = try Self.scenario(
            deployment: plan, investments: [ROIInvestment(name: "Implementation", kind: .oneOff, amount: Money(dollars: 10_000))])
        let projection = try ROIOptions(months: 12).analysis(of: scenario).projection
        #expect(projection.investment == Money(dollars: 10_000))
        #expect(projection.breakEvenMonth == 3)
        #expect(abs(projection.paybackMonths! - (2 + 90.8 / 4_954.6)) < 1e-9)
    }

    @Test func amortizationSumsToThePurchaseExactly() {
        let plan = SelfHostedPlan(
            kind: .owned(purchase: Money(dollars: 10_000), amortizationMonths: 3, powerMonthly: .zero), operationsMonthly: .zero,
            capacityTokensPerMonth: nil)
        let parts = (1...4).map(plan.amortization(month:))
        #expect(parts[0] == Money(nanos: 3_333_333_333_333))
        #expect(parts[0] + parts[1] + parts[2] == Money(dollars: 10_000))
        #expect(parts[3] == .zero)
    }

    @Test func volumeGrowsByTheMonthlyRate() throws {
        let months = try Self.scenario(growth: 0.1, deployment: nil).months(3, adjustment: ROIAdjustment(growth: 0.1))
        #expect(months.map(\.units) == [1_000_000, 1_100_000, 1_210_000])
        #expect(months[1].apiCost == Money(dollars: 8_250))
        #expect(months[1].savings == .zero)
    }

    /// Throughput 100 tokens/s at 50% for 730.5 hours is 100 × 3,600 × 730.5 × 0.5.
    @Test func capacityFromThroughput() {
        #expect(SelfHostedPlan.capacity(tokensPerSecond: 100, utilization: 0.5) == 131_490_000)
    }

    @Test func aCloudPlanWithoutARateTakesTheTablesOnDemandRate() throws {
        let table = GPURateTable(
            version: "2026-11-23",
            rates: [GPURate(gpu: "a100-80gb", cloud: "aws", perGPUHour: Money(usd: "3.43088125")!, source: "test")])
        let document = """
            {"units_per_month": 1000, "input_tokens_per_unit": 100, "output_tokens_per_unit": 10, "api": {"model": "gpt-4o"},
             "self_hosted": {"cloud": {"gpu": "a100-80gb", "cloud": "aws", "count": 2, "discount": 0.4}}}
            """
        guard
            case .business(let scenario, _) = try ROIDocument.decode(
                try JSONParser.parse(document), catalog: Self.catalog, at: .now(), gpuRates: table)
        else {
            Issue.record("expected a business scenario")
            return
        }
        #expect(
            scenario.deployment?.kind
                == .cloud(gpu: "a100-80gb", count: 2, hourlyRate: Money(usd: "3.43088125")!, discount: 0.4, hoursPerMonth: 730.5))
        let unknown = document.replacingOccurrences(of: "\"aws\"", with: "\"gcp\"")
        #expect {
            try ROIDocument.decode(try JSONParser.parse(unknown), catalog: Self.catalog, at: .now(), gpuRates: table)
        } throws: { error in
            ((error as? ROIInputError)?.issues ?? []).contains { $0.field == "self_hosted.cloud.cloud" && $0.message.contains("aws") }
        }
    }

    @Test func anAPIDocumentGivesFractionalAmountsAndHoursAsStrings() throws {
        let body =
            #"{"investment_usd": 1000.5, "monthly_savings_usd": 250, "investments": [{"name": "Ops", "monthly_usd": 12.25}, {"name": "Dev", "hours": 1.5, "hourly_rate_usd": 100}]}"#
        #expect(throws: Never.self) { try ROIDocument.decode(try JSONParser.parse(body), catalog: Self.catalog, at: .now()) }
        #expect {
            try ROIDocument.decode(try JSONParser.parse(body), catalog: Self.catalog, at: .now(), fractionalDecimalNumbers: false)
        } throws: { error in
            Set(((error as? ROIInputError)?.issues ?? []).compactMap(\.field)) == [
                "investment_usd", "investments[0].monthly_usd", "investments[1].hours",
            ]
        }
    }

    @Test func documentsAreReadAndErrorsNameTheField() throws {
        let good = """
            {"name": "x", "units_per_month": 1000000, "input_tokens_per_unit": 1000, "output_tokens_per_unit": 500,
             "api": {"model": "gpt-4o"},
             "self_hosted": {"owned": {"purchase_usd": "30000", "amortization_months": 30, "power_monthly_usd": 200,
                                       "operations_monthly_usd": 300}}}
            """
        let document = try ROIDocument.decode(try JSONParser.parse(good), catalog: Self.catalog, at: .now())
        guard case .business(let scenario, let options) = document else {
            Issue.record("expected a business scenario")
            return
        }
        #expect(options.months == 12)
        #expect(scenario.deployment == Self.owned())
        let bad = """
            {"units_per_month": 10, "input_tokens_per_unit": 1, "output_tokens_per_unit": 1, "api": {"model": "gpt-9"},
             "self_hosted": {"owned": {"purchase_usd": 1, "amortization_months": 0}}, "scenario": "wild"}
            """
        #expect {
            try ROIDocument.decode(try JSONParser.parse(bad), catalog: Self.catalog, at: .now())
        } throws: { error in
            let fields = Set(((error as? ROIInputError)?.issues ?? []).compactMap(\.field))
            return fields == ["api.model", "self_hosted.owned.amortization_months", "scenario"]
        }
        let plain =
            #"{"investment_usd": 100000, "monthly_savings_usd": "25000", "growth": 0.05, "investments": [{"name": "Ops", "monthly_usd": 500}]}"#
        guard
            case .assumptions(let assumptions, let plainOptions) = try ROIDocument.decode(
                try JSONParser.parse(plain), catalog: Self.catalog, at: .now())
        else {
            Issue.record("expected assumptions")
            return
        }
        #expect(assumptions.investments.oneOffTotal == Money(dollars: 100_000))
        #expect(assumptions.investments.monthlyTotal == Money(dollars: 500))
        #expect(plainOptions.months == 36)
    }
}
