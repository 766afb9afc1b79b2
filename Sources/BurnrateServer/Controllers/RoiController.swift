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

    /// Days of traffic whose savings against the baseline stand for a month.
    static var measuredDays: Int { 30 }

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
                issues.append(FieldIssue(field: "months", message: "must be a whole number from 1 to \(Limits.maximumMonths) (got \(text))"))
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

    /// The savings of the last `measuredDays` whole days against the baseline, scaled to an
    /// average month (30.4375 days), for ROI from actual data rather than an assumption.
    func measuredSavings(baseline requested: String?) async throws -> (monthly: Money, total: SavingsLine, json: JSONValue) {
        guard let name = requested ?? baselines.first else {
            throw Problem.badRequest(
                "Give monthly_savings (the monthly net savings in USD, e.g. ?investment=100000&monthly_savings=25000), "
                    + "or a baseline model to measure them against (e.g. ?investment=100000&baseline=gpt-4o, "
                    + "or savings.baselines in the config file).",
                errors: [FieldIssue(field: "monthly_savings", message: "is required without a baseline")])
        }
        let catalog = try await ledger.catalog()
        let model = try BaselineModel.resolve(name, catalog: catalog, parameter: requested == nil ? "savings.baselines" : "baseline")
        let today = analytics.calendar.start(of: .day, containing: .now())
        let from = analytics.calendar.start(of: .day, containing: today.adding(seconds: -Int64(Self.measuredDays) * 86_400 + 3_600))
        let scope = AnalyticsScope(range: from..<today, filter: EventFilter())
        let figures = try await analytics.savings(
            scope, baselines: [model], by: .dimension(.model), catalog: catalog, compression: false)
        let total = figures.baselines.first?.report.total ?? SavingsLine(key: nil)
        // 30.4375 days, the average month, over the days measured.
        let monthly = total.savings.scaled(by: 304_375, over: Int64(Self.measuredDays) * 10_000)
        let json: JSONValue = .fields([
            ("kind", .string("measured")),
            ("baseline", .string("\(model.provider)/\(model.model)")),
            ("from", .string(from.rfc3339)),
            ("to", .string(today.rfc3339)),
            ("actual_usd", .usd(total.actual)),
            ("baseline_usd", .usd(total.baseline)),
            ("savings_usd", .usd(total.savings)),
            ("monthly_savings_usd", .usd(monthly)),
            (
                "method",
                .string(
                    "The last \(Self.measuredDays) whole days of priced traffic cost \(Figures.usd(total.actual)); "
                        + "on \(model.model) at its price of each day it would have cost \(Figures.usd(total.baseline)). "
                        + "The difference, scaled to an average month of 30.4375 days, is the monthly saving."
                )
            ),
        ])
        return (monthly, total, json)
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
            document = try ROIDocument.decode(
                node, catalog: try await ledger.catalog(), at: .now(), gpuRates: try? BuiltinGPURates.shared.get())
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
