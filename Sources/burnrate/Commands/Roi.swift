import ArgumentParser
import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import Foundation

/// `burnrate roi`: payback, break-even and ROI of an investment, from flags or a YAML file.
struct Roi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Project payback, break-even month, ROI at 12 and 36 months, scenarios and sensitivity.",
        discussion: """
            Give the investment and the monthly savings as flags, or a YAML file with --file (plain \
            assumptions, or a business scenario with units_per_month, which projects API cost against \
            self-hosted cost; see examples/scenarios/). Every formula is in docs/roi.md.

              burnrate roi --investment 100000 --monthly-savings 25000 --months 36
              burnrate roi --investment 100000 --monthly-savings 25000 --growth 0.05 --format json
              burnrate roi --file examples/scenarios/ai-product.yaml
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown
    }

    @Option(help: "One-off investment in USD (hardware, implementation, development).")
    var investment: String?

    @Option(help: "Net savings in month 1, in USD (before --recurring-cost).")
    var monthlySavings: String?

    @Option(help: "Months to project, 1 to 120 (default 36; 12 for a business scenario).")
    var months: Int?

    @Option(help: "Monthly growth rate of the savings, e.g. 0.05 for 5% a month.")
    var growth: Double?

    @Option(help: "Recurring monthly cost in USD (operations), subtracted from each month's savings.")
    var recurringCost: String?

    @Option(help: "Annual discount rate for NPV, e.g. 0.08.")
    var discountRate: Double?

    @Option(help: "The scenario of the main projection: conservative, realistic (default) or optimistic.")
    var scenario: String?

    @Option(help: "A YAML file of ROI inputs or a business scenario; the flags above override its options.")
    var file: String?

    @Option(help: "A prices file laid over the built-in catalog, for a business scenario's API model (env BURNRATE_PRICES).")
    var prices: String?

    @Option(help: "Output: table, json or markdown.")
    var format: Format = .table

    func validate() throws {
        if let months, !(1...120).contains(months) { throw ValidationError("--months must be from 1 to 120 (got \(months)).") }
        if let growth, !(-0.99...10).contains(growth) {
            throw ValidationError("--growth is a monthly rate from -0.99 to 10, e.g. 0.05 for 5% a month (got \(growth)).")
        }
        if let discountRate, !(0...1).contains(discountRate) {
            throw ValidationError("--discount-rate is an annual rate from 0 to 1, e.g. 0.08 (got \(discountRate)).")
        }
        if let scenario, !ROIScenario.builtinNames.contains(scenario.lowercased()), file == nil {
            throw ValidationError("--scenario must be conservative, realistic or optimistic (got \(scenario)).")
        }
        if file != nil, investment != nil || monthlySavings != nil || recurringCost != nil {
            throw ValidationError("Give --investment, --monthly-savings and --recurring-cost in the file when using --file.")
        }
        if file == nil, monthlySavings == nil {
            throw ValidationError("Give --monthly-savings (and usually --investment), or a YAML file with --file.")
        }
    }

    func run() async throws {
        let document = try self.document()
        let output: String
        switch document {
        case .assumptions(let assumptions, let options):
            output = Self.render(try options.analysis(of: assumptions), business: nil, format: format)
        case .business(let business, let options):
            output = Self.render(try options.analysis(of: business), business: business, format: format)
        }
        print(output, terminator: "")
    }

    /// The analysis printed in `format`.
    static func render(_ analysis: ROIAnalysis, business: BusinessScenario?, format: Format) -> String {
        switch format {
        case .json: ROIPresenter.json(analysis, business: business).serialized(indent: 2) + "\n"
        case .table: ROIReport(analysis: analysis, business: business).render(.table)
        case .markdown: ROIReport(analysis: analysis, business: business).render(.markdown)
        }
    }

    /// The inputs from the file or the flags, with the flags' options laid over the file's.
    func document() throws -> ROIDocument {
        guard let file else {
            let assumptions = ROIAssumptions(
                investments: [
                    try Self.money(investment, "--investment").map { ROIInvestment(name: "Investment", kind: .oneOff, amount: $0) },
                    try Self.money(recurringCost, "--recurring-cost").map {
                        ROIInvestment(name: "Recurring cost", kind: .monthly, amount: $0)
                    },
                ].compactMap { $0 },
                monthlySavings: try Self.money(monthlySavings, "--monthly-savings") ?? .zero, growth: growth ?? 0)
            return .assumptions(assumptions, ROIOptions(months: months ?? 36, discountRate: discountRate, scenario: scenario))
        }
        var catalog = try BuiltinCatalog.catalog()
        if let path = prices ?? Environment.value("BURNRATE_PRICES") {
            catalog = catalog.adding(try PricesFile.read(path))
        }
        let document: ROIDocument
        do {
            document = try ROIFile.load(path: file, catalog: catalog)
        } catch {
            throw CommandFailure("\(file): " + error.description)
        }
        switch document {
        case .assumptions(var assumptions, let options):
            if let growth { assumptions.growth = growth }
            return .assumptions(assumptions, overlay(options))
        case .business(var business, let options):
            if let growth { business.growth = growth }
            return .business(business, overlay(options))
        }
    }

    private func overlay(_ options: ROIOptions) -> ROIOptions {
        var options = options
        if let months { options.months = months }
        if let discountRate { options.discountRate = discountRate }
        if let scenario { options.scenario = scenario }
        return options
    }

    private static func money(_ text: String?, _ flag: String) throws -> Money? {
        guard let text else { return nil }
        let cleaned = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "$", with: "")
        guard let money = Money(usd: cleaned), money.nanos >= 0 else {
            throw ValidationError("\(flag) must be a non-negative amount in USD such as 25000 or 1250.50 (got \(text)).")
        }
        return money
    }
}
