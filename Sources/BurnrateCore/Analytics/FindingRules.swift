/// The rules that turn figures into findings; each returns `nil` when it has nothing to say.
public enum FindingRules {
    /// Share of total spend above which one category concentrates the risk.
    public static let concentrationShare = 0.70
    /// Share above which LLM APIs make the system depend on outside providers' prices.
    public static let apiRelianceShare = 0.80
    /// Share above which compute dominates.
    public static let computeShare = 0.90

    /// Spend concentrated in one category: any category above 70% of the total, LLM APIs above
    /// 80%, compute above 90%.
    public static func categoryConcentration(_ costs: [CostCategory: Money]) -> [Finding] {
        let total = costs.values.reduce(Money.zero, +)
        guard total > .zero else { return [] }
        var findings: [Finding] = []
        let recordedOthers = costs.contains { $0.key != .llmAPI && $0.value > .zero }
        for (category, cost) in costs.sorted(by: { $0.value > $1.value }) {
            let share = Ranking.share(cost, of: total)
            let shareText = Figures.percent(share * 100)
            switch category {
            case .llmAPI where share > apiRelianceShare:
                findings.append(
                    Finding(
                        code: "llm_api_reliance", severity: .warning,
                        message:
                            "LLM APIs are \(shareText) of recorded spend (\(Figures.usd(cost)) of \(Figures.usd(total))): a provider's price change moves almost the whole bill.",
                        action: recordedOthers
                            ? "Compare cheaper models on your own traffic (GET /api/v1/whatif) and keep a second provider ready."
                            : "Record infrastructure, storage and tools too (POST /api/v1/costs) to see the fully loaded cost; then compare cheaper models (GET /api/v1/whatif)."
                    ))
            case .compute where share > computeShare:
                findings.append(
                    Finding(
                        code: "compute_dominant", severity: .warning,
                        message: "Compute is \(shareText) of recorded spend (\(Figures.usd(cost))).",
                        action: "Check GPU utilisation; consider model compression, spot or reserved capacity."))
            case _ where share > concentrationShare:
                findings.append(
                    Finding(
                        code: "category_concentration", severity: .info,
                        message:
                            "\(category.rawValue) is \(shareText) of recorded spend (\(Figures.usd(cost))); spend spread over categories is less exposed to one price change (target: no category above 70%).",
                        action: "Look for the largest items in it (GET /api/v1/costs)."))
            default:
                continue
            }
        }
        return findings
    }

    /// Cost growing faster than usage between two periods.
    public static func costOutpacingUsage(_ growth: Growth, cost: CostChange) -> Finding? {
        guard growth.verdict == .costFasterThanUsage else { return nil }
        return Finding(
            code: "cost_outpacing_usage", severity: .warning,
            message:
                "Cost grew \(Figures.signedPercent(growth.costPercent)) (\(Figures.usd(cost.previous)) to \(Figures.usd(cost.current))) while usage grew \(Figures.signedPercent(growth.usagePercent)): each unit of work costs \(Figures.signedPercent(growth.unitCostPercent)) more than in the previous period.",
            action: "Break the increase down by model and feature (GET /api/v1/top?by=model) to see which traffic got more expensive.")
    }

    /// The group whose cost rose most, when it rose by over a quarter and by at least 1% of the
    /// period's total spend: who or what drives an increase.
    public static func largestIncrease(in dimension: String, movers: [Mover], total: Money) -> Finding? {
        guard let top = movers.first, let percent = top.change.percent, percent > 25,
            top.change.absolute.nanos * 100 >= total.nanos, let key = top.key
        else { return nil }
        return Finding(
            code: "largest_increase", severity: .info,
            message:
                "The largest increase by \(dimension) is \(key): \(Figures.usd(top.change.previous)) to \(Figures.usd(top.change.current)) (\(Figures.signedPercent(percent))).",
            action: "Check what changed in \(key)'s traffic or costs (GET /api/v1/top?by=\(dimension)).")
    }

    /// What providers billed differing from what Burnrate computed by more than the tolerance.
    public static func billDrift(_ report: ReconciliationReport) -> Finding? {
        let flagged = report.findings
        guard let largest = flagged.first, let difference = largest.difference else { return nil }
        let total = report.total
        let cause = largest.causes.first.map { " Likely cause: \($0.message)" } ?? ""
        return Finding(
            code: "bill_drift", severity: .warning,
            message:
                "\(flagged.count) billed \(flagged.count == 1 ? "day differs" : "days differ") from Burnrate's figures by more than \(Figures.percent(report.tolerance.percent)): billed \(Figures.usd(total.billed)) against \(Figures.usd(total.computed)) computed (\(Figures.signedPercent(total.driftPercent))). The largest, \(largest.provider)\(largest.model.map { "/" + $0 } ?? "") on \(largest.period), differs by \(Figures.usd(difference)).\(cause)",
            action: "See every flagged day and its causes: GET /api/v1/reconciliation.")
    }

    /// Cost per request rising month over month: at least two consecutive complete months in
    /// which it rose, ending with the latest.
    public static func costPerRequestRising(_ months: [PeriodCost]) -> Finding? {
        let unitCosts = months.compactMap { month in UnitCost.perRequest(month.cost, requests: month.requests).map { (month.label, $0) } }
        var rises = 0
        for (earlier, later) in zip(unitCosts, unitCosts.dropFirst()).reversed() {
            guard later.1 > earlier.1 else { break }
            rises += 1
        }
        guard rises >= 2, let last = unitCosts.last else { return nil }
        let first = unitCosts[unitCosts.count - 1 - rises]
        let change = Growth.percent(current: last.1.nanos, previous: first.1.nanos)
        return Finding(
            code: "cost_per_request_rising", severity: .warning,
            message:
                "Cost per request has risen \(rises) months in a row, from \(Figures.usd(first.1)) in \(first.0) to \(Figures.usd(last.1)) in \(last.0) (\(Figures.signedPercent(change))).",
            action: "Check whether prompts grew or traffic moved to a dearer model (GET /api/v1/breakdown?by=model).")
    }

    /// Priced requests whose price lacks a rate for something they used: that part is missing.
    public static func partiallyPricedUsage(partialRequests: Int64, requests: Int64, models: [String]) -> Finding? {
        missingCost(
            code: "partially_priced_usage", affected: partialRequests, requests: requests, models: models,
            what: "used cache tokens or a service tier their price has no rate for, so that part of their cost is missing",
            action: "Add the missing rates (PUT /api/v1/prices/{model}) and reprice (POST /api/v1/reprice).")
    }

    /// Events stored without a price: their cost is unknown, not zero.
    public static func unpricedUsage(unpricedRequests: Int64, requests: Int64, models: [String]) -> Finding? {
        missingCost(
            code: "unpriced_usage", affected: unpricedRequests, requests: requests, models: models,
            what: "have no price, so their cost is missing from every total",
            action: "Set their prices (PUT /api/v1/prices/{model}) and reprice (POST /api/v1/reprice).")
    }

    /// `affected` of `requests` lack (part of) their cost: a warning from 5% of them, naming the
    /// first three models.
    private static func missingCost(
        code: String, affected: Int64, requests: Int64, models: [String], what: String, action: String
    ) -> Finding? {
        guard affected > 0 else { return nil }
        let share = Double(affected) / Double(max(requests, 1)) * 100
        let named = models.prefix(3).joined(separator: ", ")
        return Finding(
            code: code, severity: share >= 5 ? .warning : .info,
            message:
                "\(Figures.count(affected)) requests (\(Figures.percent(share))) \(what): \(named)\(models.count > 3 ? " and \(models.count - 3) more" : "").",
            action: action)
    }
}
