/// ROI inputs as a document (the JSON body of `POST /api/v1/roi/scenarios`, or a YAML file for
/// `burnrate roi --file`): either plain assumptions or a business scenario, plus the options
/// common to both.
///
/// ```yaml
/// investment_usd: 100000          # or investments: [{name: GPU server, one_off_usd: 60000},
/// monthly_savings_usd: 25000      #   {name: Ops, monthly_usd: 500}, {name: Dev, hours: 120, hourly_rate_usd: 150}]
/// growth: 0.05
/// months: 36
/// discount_rate: 0.08
/// scenario: realistic
/// scenarios: [{name: stretch, savings_multiplier: 1.5, growth: 0.08}]
/// ```
///
/// A document with `units_per_month` is a business scenario (see `BusinessScenario`).
public enum ROIDocument: Sendable, Hashable {
    case assumptions(ROIAssumptions, ROIOptions)
    case business(BusinessScenario, ROIOptions)

    /// Keys every document may hold.
    static let optionKeys: Set<String> = ["months", "discount_rate", "scenario", "scenarios", "investments"]
    static let assumptionKeys: Set<String> = ["investment_usd", "recurring_monthly_usd", "monthly_savings_usd", "growth"]
    static let businessKeys: Set<String> = [
        "name", "description", "unit", "units_per_month", "input_tokens_per_unit", "output_tokens_per_unit", "growth", "api",
        "self_hosted",
    ]

    /// Reads a document; `catalog` and `at` price a business scenario's API model. Every problem
    /// is reported at once, by field. An API body gives fractional amounts and hours as decimal strings
    /// (`fractionalDecimalNumbers: false`, see `ObjectReader.allowsFractionalDecimalNumbers`).
    public static func decode(
        _ node: JSONNode, catalog: PriceCatalog, at time: Timestamp, gpuRates: GPURateTable? = nil,
        fractionalDecimalNumbers: Bool = true
    ) throws(ROIInputError) -> ROIDocument {
        var reader = ObjectReader(node)
        reader.allowsFractionalDecimalNumbers = fractionalDecimalNumbers
        guard reader.issues.isEmpty else { throw ROIInputError(issues: reader.issues) }
        let isBusiness = reader.has("units_per_month")
        reader.rejectUnknownKeys(allowed: optionKeys.union(isBusiness ? businessKeys : assumptionKeys))
        let investments = readInvestments(&reader)
        let months = reader.integer("months", in: 1...120).map(Int.init) ?? (isBusiness ? 12 : 36)
        let discountRate = reader.double("discount_rate", in: 0...1)
        let scenarioName = reader.string("scenario", maxLength: 64)
        var custom: [ROIScenario] = []
        if let list = reader.node("scenarios") {
            if let elements = list.elements {
                for (index, element) in elements.enumerated() {
                    var item = ObjectReader(element, prefix: "scenarios[\(index)].")
                    item.rejectUnknownKeys(allowed: ["name", "savings_multiplier", "growth"])
                    let name = item.string("name", required: true, maxLength: 64)
                    let multiplier = item.double("savings_multiplier", in: 0...100) ?? 1
                    let growth = item.double("growth", in: -0.99...10)
                    if name.map(ROIScenario.builtinNames.contains) == true {
                        item.report("name", "is a built-in scenario; give a custom scenario another name")
                    }
                    if growth == nil, item.issues.isEmpty { item.report("growth", "is required") }
                    if let name, let growth, item.issues.isEmpty {
                        custom.append(ROIScenario(name: name, savingsMultiplier: multiplier, growth: growth))
                    }
                    reader.append(item.issues)
                }
            } else {
                reader.report("scenarios", "must be a list of {name, savings_multiplier, growth}", line: list.line)
            }
        }
        let options = ROIOptions(months: months, discountRate: discountRate, scenario: scenarioName, custom: custom)
        let document: ROIDocument?
        if isBusiness {
            document = BusinessScenario.read(&reader, investments: investments, catalog: catalog, at: time, gpuRates: gpuRates).map {
                .business($0, options)
            }
        } else {
            var all = investments
            if let amount = reader.amount("investment_usd") {
                all.insert(ROIInvestment(name: "Investment", kind: .oneOff, amount: Money(nanos: amount)), at: 0)
            }
            if let amount = reader.amount("recurring_monthly_usd") {
                all.append(ROIInvestment(name: "Recurring cost", kind: .monthly, amount: Money(nanos: amount)))
            }
            let savings = reader.amount("monthly_savings_usd", required: true)
            let growth = reader.double("growth", in: -0.99...10) ?? 0
            document = savings.map {
                .assumptions(ROIAssumptions(investments: all, monthlySavings: Money(nanos: $0), growth: growth), options)
            }
        }
        if let name = scenarioName, !ROIScenario.builtinNames.contains(name.lowercased()), !custom.contains(where: { $0.name == name }) {
            reader.report("scenario", "must be conservative, realistic, optimistic or the name of one of 'scenarios' (got \(name))")
        }
        guard reader.issues.isEmpty, let document else { throw ROIInputError(issues: reader.issues) }
        return document
    }

    /// `investments`: a list of `{name, one_off_usd}`, `{name, monthly_usd}` or
    /// `{name, hours, hourly_rate_usd}`.
    static func readInvestments(_ reader: inout ObjectReader) -> [ROIInvestment] {
        guard let list = reader.node("investments") else { return [] }
        guard let elements = list.elements else {
            reader.report("investments", "must be a list of {name, one_off_usd | monthly_usd | hours and hourly_rate_usd}", line: list.line)
            return []
        }
        var result: [ROIInvestment] = []
        for (index, element) in elements.enumerated() {
            var item = ObjectReader(element, prefix: "investments[\(index)].")
            item.allowsFractionalDecimalNumbers = reader.allowsFractionalDecimalNumbers
            item.rejectUnknownKeys(allowed: ["name", "one_off_usd", "monthly_usd", "hours", "hourly_rate_usd"])
            let name = item.string("name", maxLength: 128) ?? "Item \(index + 1)"
            let oneOff = item.amount("one_off_usd")
            let monthly = item.amount("monthly_usd")
            let hours = item.decimal("hours", scale: 2)
            let rate = item.amount("hourly_rate_usd")
            switch (oneOff, monthly, hours, rate) {
            case (let amount?, nil, nil, nil): result.append(ROIInvestment(name: name, kind: .oneOff, amount: Money(nanos: amount)))
            case (nil, let amount?, nil, nil): result.append(ROIInvestment(name: name, kind: .monthly, amount: Money(nanos: amount)))
            case (nil, nil, let hours?, let rate?):
                result.append(.development(name: name, hundredthsOfHours: hours, hourlyRate: Money(nanos: rate)))
            default:
                if item.issues.isEmpty {
                    item.report("one_off_usd", "give exactly one of one_off_usd, monthly_usd, or hours with hourly_rate_usd")
                }
            }
            reader.append(item.issues)
        }
        return result
    }
}

/// The options every ROI document and command share.
public struct ROIOptions: Sendable, Hashable {
    /// Months in the horizon, 1 to 120 (36 by default, 12 for a business scenario).
    public var months: Int
    /// Annual discount rate for NPV.
    public var discountRate: Double?
    /// The scenario of the main projection: a built-in name or a custom one.
    public var scenario: String?
    /// Custom scenarios.
    public var custom: [ROIScenario]

    public init(months: Int = 36, discountRate: Double? = nil, scenario: String? = nil, custom: [ROIScenario] = []) {
        self.months = months
        self.discountRate = discountRate
        self.scenario = scenario
        self.custom = custom
    }

    /// The full analysis of `source` with these options; fails when a figure of any scenario
    /// would pass what `Money` holds exactly (growth compounding over a long horizon does that
    /// quickly), rather than showing a figure that is not exact.
    public func analysis(of source: some ROICashFlowSource) throws(ROIInputError) -> ROIAnalysis {
        let chosen = scenario.flatMap { name in
            ROIScenario.named(name, baseGrowth: source.baseGrowth) ?? custom.first { $0.name == name }
        }
        let analysis = ROIAnalysis(source: source, months: months, annualDiscountRate: discountRate, scenario: chosen, custom: custom)
        guard !analysis.isOutOfRange else {
            throw ROIInputError(issues: [
                FieldIssue(
                    field: "months",
                    message:
                        "the projection over \(months) months passes $4.6 billion in a month or in total, the most an ROI figure can be computed exactly; lower the growth rate, the amounts or the number of months"
                )
            ])
        }
        return analysis
    }
}

/// Everything wrong with ROI inputs, by field.
public struct ROIInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [FieldIssue]

    public init(issues: [FieldIssue]) {
        self.issues = issues
    }

    public var description: String {
        "The ROI inputs have \(issues.count == 1 ? "a problem" : "\(issues.count) problems"):\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension ObjectReader {
    /// Adds issues found by a nested reader.
    mutating func append(_ issues: [FieldIssue]) {
        for issue in issues {
            report(issue.field ?? "", issue.message, line: issue.line)
        }
    }
}
