import BurnrateCore
import Hummingbird

/// ROI: `GET /api/v1/roi` from query parameters and `POST /api/v1/roi/scenarios` from a JSON
/// body (plain assumptions or a business scenario). The formulas are in `docs/roi.md`.
struct RoiController<Context: RequestContext> {
    let ledger: Ledger

    /// The query parameters `GET /api/v1/roi` reads.
    static var parameters: [String] {
        ["investment", "monthly_savings", "growth", "months", "recurring_cost", "discount_rate", "scenario"]
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
        guard query["monthly_savings"] != nil else {
            throw Problem.badRequest(
                "monthly_savings is required: give the monthly net savings in USD (e.g. ?investment=100000&monthly_savings=25000). "
                    + "Savings measured from actual data come from savings against a configured baseline (GET /api/v1/savings); "
                    + "until such a baseline is configured, ROI needs the savings as an assumption.",
                errors: [FieldIssue(field: "monthly_savings", message: "is required")])
        }
        var issues: [FieldIssue] = []
        func money(_ key: String) -> Money? {
            guard let text = query[Substring(key)].map(String.init) else { return nil }
            guard let value = Money(usd: text), value.nanos >= 0 else {
                issues.append(
                    FieldIssue(field: key, message: "must be a non-negative amount in USD such as 25000 or 1250.50 (got \(text))"))
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
        let investment = money("investment") ?? .zero
        let savings = money("monthly_savings") ?? .zero
        let recurring = money("recurring_cost") ?? .zero
        let growth = number("growth", in: -0.99...10) ?? 0
        let discountRate = number("discount_rate", in: 0...1)
        var months = 36
        if let text = query["months"].map(String.init) {
            if let value = Int(text), (1...120).contains(value) {
                months = value
            } else {
                issues.append(FieldIssue(field: "months", message: "must be a whole number from 1 to 120 (got \(text))"))
            }
        }
        let scenario = query["scenario"].map(String.init)
        if let scenario, !ROIScenario.builtinNames.contains(scenario.lowercased()) {
            issues.append(FieldIssue(field: "scenario", message: "must be conservative, realistic or optimistic (got \(scenario))"))
        }
        guard issues.isEmpty else { throw Problem.badRequest("The query parameters are not valid.", errors: issues) }
        var investments: [ROIInvestment] = []
        if investment != .zero { investments.append(ROIInvestment(name: "Investment", kind: .oneOff, amount: investment)) }
        if recurring != .zero { investments.append(ROIInvestment(name: "Recurring cost", kind: .monthly, amount: recurring)) }
        let assumptions = ROIAssumptions(investments: investments, monthlySavings: savings, growth: growth)
        let options = ROIOptions(months: months, discountRate: discountRate, scenario: scenario)
        return JSONResponse(value: ROIPresenter.json(options.analysis(of: assumptions)))
    }

    /// The full analysis of a JSON body: assumptions or a business scenario (see `ROIDocument`).
    @Sendable func scenarios(request: Request, context: Context) async throws -> JSONResponse {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        let node: JSONNode
        do {
            node = try JSONParser.parse(body.readableBytesView)
        } catch {
            throw Problem.badRequest("The body is not valid JSON: \(error)")
        }
        let document: ROIDocument
        do {
            document = try ROIDocument.decode(node, catalog: try await ledger.catalog(), at: .now())
        } catch let error as ROIInputError {
            throw Problem.badRequest("The ROI inputs are not valid.", errors: error.issues)
        }
        switch document {
        case .assumptions(let assumptions, let options):
            return JSONResponse(value: ROIPresenter.json(options.analysis(of: assumptions)))
        case .business(let scenario, let options):
            return JSONResponse(value: ROIPresenter.json(options.analysis(of: scenario), business: scenario))
        }
    }
}
