/// A business described by its volume, projected on an API model against a self-hosted
/// deployment: "N units a month of so many tokens each, growing g a month; what does the API
/// cost, what would our own GPUs cost, and when does buying them pay off?"
///
/// The projection is month by month (see `docs/roi.md`); its ROI is the general ROI model with
/// gross savings = the API cost of the tokens served self-hosted, recurring cost = the
/// deployment's running cost, investment = hardware purchase plus one-off items.
public struct BusinessScenario: ROICashFlowSource, Hashable {
    public var name: String
    public var description: String?
    /// What one unit is ("post", "request", "document"), for display.
    public var unit: String
    /// Units in month 1.
    public var unitsPerMonth: Int64
    public var inputTokensPerUnit: Int64
    public var outputTokensPerUnit: Int64
    /// Monthly growth rate of the units (0.1 is 10% a month, compounding).
    public var growth: Double
    /// The API model's catalog id and the price entry it resolved to.
    public var apiModel: String
    public var apiPrice: PriceEntry
    /// The self-hosted alternative, if any.
    public var deployment: SelfHostedPlan?
    /// Further one-off and monthly items (implementation, development hours, operations staff).
    public var investments: [ROIInvestment]

    public init(
        name: String, description: String? = nil, unit: String = "unit", unitsPerMonth: Int64, inputTokensPerUnit: Int64,
        outputTokensPerUnit: Int64, growth: Double, apiModel: String, apiPrice: PriceEntry, deployment: SelfHostedPlan?,
        investments: [ROIInvestment] = []
    ) {
        self.name = name
        self.description = description
        self.unit = unit
        self.unitsPerMonth = unitsPerMonth
        self.inputTokensPerUnit = inputTokensPerUnit
        self.outputTokensPerUnit = outputTokensPerUnit
        self.growth = growth
        self.apiModel = apiModel
        self.apiPrice = apiPrice
        self.deployment = deployment
        self.investments = investments
    }

    public var baseGrowth: Double { growth }
    public var volumeMeaning: String { "units per month" }
    public var priceMeaning: String { "the API model's price per token" }

    /// The cost of `input` and `output` tokens at the API model's standard rates, times `price`.
    func apiCost(input: Int64, output: Int64, price: Double) -> Money {
        let pico =
            Int128(input) * Int128(apiPrice.rates.input.picoUSDPerToken) + Int128(output) * Int128(apiPrice.rates.output.picoUSDPerToken)
        let nanos = (pico + 500) / 1000
        return Money(nanos: Int64(clamping: nanos)).multiplied(by: price)
    }

    /// The first `months` months, drivers moved by `adjustment`.
    public func months(_ months: Int, adjustment: ROIAdjustment) -> [BusinessMonth] {
        var result: [BusinessMonth] = []
        var factor = adjustment.volume
        var cumulative = Money.zero
        let maxUnits = 1e13
        for month in 1...max(months, 1) {
            let units = Int64(min(Double(unitsPerMonth) * factor, maxUnits).rounded(.toNearestOrAwayFromZero))
            factor *= 1 + adjustment.growth
            let input = units.multipliedReportingOverflow(by: inputTokensPerUnit)
            let output = units.multipliedReportingOverflow(by: outputTokensPerUnit)
            let inputTokens = input.overflow ? Int64.max / 4 : input.partialValue
            let outputTokens = output.overflow ? Int64.max / 4 : output.partialValue
            let api = apiCost(input: inputTokens, output: outputTokens, price: adjustment.price)
            var row = BusinessMonth(
                month: month, units: units, inputTokens: inputTokens, outputTokens: outputTokens, apiCost: api,
                selfHostedTokens: 0, spilloverCost: .zero, amortization: .zero, runningCost: investments.monthlyTotal,
                selfHostedCost: api, savings: .zero, cumulativeSavings: .zero)
            if let deployment {
                let total = inputTokens + outputTokens
                let capacity = deployment.capacityTokensPerMonth ?? total
                row.selfHostedTokens = min(total, capacity)
                row.spilloverCost = total > capacity ? api.scaled(by: total - capacity, over: total) : .zero
                row.amortization = deployment.amortization(month: month)
                row.runningCost = deployment.runningCost + investments.monthlyTotal
                row.selfHostedCost = row.amortization + row.runningCost + row.spilloverCost
            }
            row.savings = row.apiCost - row.selfHostedCost
            cumulative = cumulative + row.savings
            row.cumulativeSavings = cumulative
            result.append(row)
        }
        return result
    }

    /// Gross savings: the API cost of the tokens served self-hosted; recurring: the running cost;
    /// investment: the hardware purchase plus one-off items. Without a deployment nothing is saved.
    public func cashFlows(months: Int, adjustment: ROIAdjustment) -> ROICashFlows {
        let rows = self.months(months, adjustment: adjustment)
        guard deployment != nil else {
            return ROICashFlows(
                investment: investments.oneOffTotal, grossSavings: rows.map { _ in .zero }, recurringCosts: rows.map(\.runningCost))
        }
        return ROICashFlows(
            investment: (deployment?.purchase ?? .zero) + investments.oneOffTotal,
            grossSavings: rows.map { $0.apiCost - $0.spilloverCost }, recurringCosts: rows.map(\.runningCost))
    }
}

/// One month of a business scenario.
public struct BusinessMonth: Sendable, Hashable {
    public var month: Int
    public var units: Int64
    public var inputTokens: Int64
    public var outputTokens: Int64
    /// What all the month's tokens cost on the API model.
    public var apiCost: Money
    /// Tokens the deployment serves (all of them, up to its capacity).
    public var selfHostedTokens: Int64
    /// The API cost of the tokens above capacity, which still go to the API.
    public var spilloverCost: Money
    /// The month's share of the hardware purchase (purchase / amortization months, while amortizing).
    public var amortization: Money
    /// Power, operations, rented GPUs and monthly items.
    public var runningCost: Money
    /// `amortization + runningCost + spilloverCost`; the API cost when there is no deployment.
    public var selfHostedCost: Money
    /// `apiCost − selfHostedCost`.
    public var savings: Money
    public var cumulativeSavings: Money
}

/// A self-hosted deployment for a business scenario: owned hardware or rented cloud GPUs.
public struct SelfHostedPlan: Sendable, Hashable {
    /// How the capacity is paid for.
    public enum Kind: Sendable, Hashable {
        /// Bought: `purchase` up front, amortized over `amortizationMonths`; power each month.
        case owned(purchase: Money, amortizationMonths: Int, powerMonthly: Money)
        /// Rented: `count` GPUs of `gpu` at `hourlyRate` each, less `discount` (spot or reserved),
        /// for `hoursPerMonth` hours.
        case cloud(gpu: String, count: Int, hourlyRate: Money, discount: Double, hoursPerMonth: Double)
    }

    /// Hours in an average month (24 × 30.4375).
    public static let hoursPerMonth = 730.5

    public var kind: Kind
    /// Staff and other operations cost per month.
    public var operationsMonthly: Money
    /// Tokens (input + output) the deployment can serve a month; `nil` is unlimited.
    public var capacityTokensPerMonth: Int64?

    public init(kind: Kind, operationsMonthly: Money, capacityTokensPerMonth: Int64?) {
        self.kind = kind
        self.operationsMonthly = operationsMonthly
        self.capacityTokensPerMonth = capacityTokensPerMonth
    }

    /// Capacity from a sustained throughput: `tokens/s × 3600 × hoursPerMonth × utilization`.
    public static func capacity(tokensPerSecond: Double, utilization: Double) -> Int64 {
        Int64(min(tokensPerSecond * 3600 * hoursPerMonth * utilization, 1e17).rounded())
    }

    /// The one-off purchase (zero for cloud GPUs).
    public var purchase: Money {
        if case .owned(let purchase, _, _) = kind { return purchase }
        return .zero
    }

    /// Power and operations (owned) or GPU rent and operations (cloud), per month.
    public var runningCost: Money {
        switch kind {
        case .owned(_, _, let power): return power + operationsMonthly
        case .cloud(_, let count, let rate, let discount, let hours):
            return rate.multiplied(by: Double(count) * hours * (1 - discount)) + operationsMonthly
        }
    }

    /// The purchase spread evenly over the amortization months (the last month takes the rounding
    /// remainder, so the months sum to the purchase exactly); zero afterwards and for cloud GPUs.
    public func amortization(month: Int) -> Money {
        guard case .owned(let purchase, let span, _) = kind, span > 0, month <= span else { return .zero }
        let share = Money(nanos: purchase.nanos / Int64(span))
        return month == span ? purchase - Money(nanos: share.nanos * Int64(span - 1)) : share
    }
}
