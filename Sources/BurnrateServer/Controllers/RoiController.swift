import BurnrateCatalog
import BurnrateCore
import BurnrateStore
import Hummingbird

/// ROI: `GET /api/v1/roi` from query parameters over the configured investment, and
/// `POST /api/v1/roi/scenarios` from a JSON body (plain assumptions or a business scenario). The
/// formulas are in `docs/roi.md`.
struct RoiController<Context: RequestContext> {
    let ledger: Ledger
    let analytics: CostAnalytics
    /// The baselines of the config file (`savings.baselines`), measured against when a request
    /// gives neither `monthly_savings` nor `baseline`.
    let baselines: [String]
    /// The investment of the config file (`roi`), used for each of `investment`,
    /// `recurring_cost` and `months` that a request leaves out.
    var roi = ROISettings()

    /// The query parameters `GET /api/v1/roi` reads.
    static var parameters: [String] {
        ["investment", "monthly_savings", "baseline", "growth", "months", "recurring_cost", "discount_rate", "scenario"]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("roi", use: fromQuery)
        group.post("roi/scenarios", use: scenarios)
    }

    /// ROI of an investment against an assumed monthly saving.
    @Sendable func fromQuery(request: Request, context: Context) async throws -> JSONResponse {
        let query = request.uri.queryParameters
        let unknown = query.map { String($0.key) }.filter { !Self.parameters.contains($0) }
        if let first = unknown.first {
            throw Problem.badRequest(
                "Unknown query parameter '\(first)'.",
                errors: [FieldIssue(field: first, message: "is not known (known: \(Self.parameters.joined(separator: ", ")))")])
        }
        var issues: [FieldIssue] = []
        func money(_ key: String) -> Money? {
            guard let text = query[Substring(key)].map(String.init) else { return nil }
            guard let value = Money(usd: text), value.nanos >= 0, value <= Limits.maximumAmount else {
                issues.append(
                    FieldIssue(
                        field: key,
                        message:
                            "must be an amount in USD from 0 to \(Limits.maximumAmountUSD) such as 25000 or 1250.50 (got \(text))"
                    ))
                return nil
            }
            return value
        }
        func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
            guard let text = query[Substring(key)].map(String.init) else { return nil }
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                issues.append(
                    FieldIssue(field: key, message: "must be a number from \(range.lowerBound) to \(range.upperBound) (got \(text))"))
                return nil
            }
            return value
        }
        let investment = money("investment")
        let assumed = money("monthly_savings")
        let recurring = money("recurring_cost")
        let growth = number("growth", in: -0.99...Limits.maximumMonthlyGrowth) ?? 0
        let discountRate = number("discount_rate", in: 0...1)
        var months: Int?
        if let text = query["months"].map(String.init) {
            if let value = Int(text), (1...Limits.maximumMonths).contains(value) {
                months = value
            } else {
                issues.append(
                    FieldIssue(field: "months", message: "must be a whole number from 1 to \(Limits.maximumMonths) (got \(text))"))
            }
        }
        let scenario = query["scenario"].map(String.init)
        if let scenario, !ROIScenario.builtinNames.contains(scenario.lowercased()) {
            issues.append(FieldIssue(field: "scenario", message: "must be conservative, realistic or optimistic (got \(scenario))"))
        }
        guard issues.isEmpty else { throw Problem.badRequest("The query parameters are not valid.", errors: issues) }
        var savings = assumed ?? .zero
        var source: JSONValue?
        if assumed == nil {
            let measured = try await measuredSavings(baseline: query["baseline"].map(String.init))
            savings = measured.monthly
            source = measured.json
        }
        let settings = roi.overridden(investment: investment, recurringCost: recurring, months: months)
        let options = ROIOptions(months: settings.months, discountRate: discountRate, scenario: scenario)
        let analysis = try options.analysis(of: settings.assumptions(monthlySavings: savings, growth: growth))
        let kept = [("investment", investment == nil), ("recurring_cost", recurring == nil), ("months", months == nil)]
            .filter(\.1).map(\.0)
        return JSONResponse(
            value: ROIPresenter.json(analysis, savingsSource: source, investmentSource: Self.investmentSource(roi, kept: kept)))
    }

    /// Where the investment came from when a request kept any of the configured values: the
    /// configured investment's name and the query parameters it stood in for; `nil` otherwise.
    static func investmentSource(_ roi: ROISettings, kept parameters: [String]) -> JSONValue? {
        guard roi.hasInvestment, !parameters.isEmpty else { return nil }
        return .fields([
            ("kind", .string("configured")),
            ("name", roi.name.map(JSONValue.string) ?? .null),
            ("parameters", .array(parameters.map(JSONValue.string))),
        ])
    }

    /// The savings measured against the requested baseline, or the first configured one (see
    /// `MeasuredSavings`), with how they were measured as JSON.
    func measuredSavings(baseline requested: String?) async throws -> (monthly: Money, json: JSONValue) {
        guard let name = requested ?? baselines.first else {
            throw Problem.badRequest(
                "Give monthly_savings (the monthly net savings in USD, e.g. ?investment=100000&monthly_savings=25000), "
                    + "or a baseline model to measure them against (e.g. ?investment=100000&baseline=gpt-4o, "
                    + "or savings.baselines in the config file).",
                errors: [FieldIssue(field: "monthly_savings", message: "is required without a baseline")])
        }
        let measured = try await analytics.measuredSavings(
            against: name, parameter: requested == nil ? "savings.baselines" : "baseline", catalog: try await ledger.catalog())
        return (measured.monthly, ROIPresenter.measuredSource(measured))
    }

    /// The full analysis of a JSON body: assumptions or a business scenario (see `ROIDocument`).
    @Sendable func scenarios(request: Request, context: Context) async throws -> JSONResponse {
        var request = request
        let node = try await request.jsonBody(upTo: 1024 * 1024)
        let document: ROIDocument
        do {
            document = try ROIDocument.decode(
                node, catalog: try await ledger.catalog(), at: .now(), gpuRates: try? BuiltinGPURates.shared.get(),
                fractionalDecimalNumbers: false)
        } catch let error as ROIInputError {
            throw Problem.badRequest("The ROI inputs are not valid.", errors: error.issues)
        }
        switch document {
        case .assumptions(let assumptions, let options):
            return JSONResponse(value: ROIPresenter.json(try options.analysis(of: assumptions)))
        case .business(let scenario, let options):
            return JSONResponse(value: ROIPresenter.json(try options.analysis(of: scenario), business: scenario))
        }
    }
}
