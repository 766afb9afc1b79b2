import Foundation

/// One month of an ROI projection.
public struct ROIMonth: Sendable, Hashable {
    /// 1-based month number.
    public var month: Int
    /// Savings before recurring costs.
    public var grossSavings: Money
    /// Recurring costs of the month.
    public var recurringCost: Money
    /// `grossSavings − recurringCost`.
    public var netSavings: Money
    /// Net savings of months 1 through this one.
    public var cumulativeNet: Money
    /// `cumulativeNet − investment`: negative until the investment is paid back.
    public var position: Money
    /// `netSavings / (1 + monthly discount rate)^month`, when a discount rate is given.
    public var discountedNet: Money?
}

/// The outcome of one ROI projection: the months, when the investment is paid back, and the
/// return at 12 and 36 months. Every formula is in `docs/roi.md`.
public struct ROIProjection: Sendable, Hashable {
    /// Days in an average Gregorian month (365.25 / 12), used to turn payback months into days.
    public static let daysPerMonth = 30.4375

    /// The one-off investment.
    public var investment: Money
    /// The months shown, 1 through the horizon.
    public var rows: [ROIMonth]
    /// The first month whose cumulative net savings reach the investment, within the horizon.
    public var breakEvenMonth: Int?
    /// Months until the investment is paid back, interpolated linearly within the break-even month.
    public var paybackMonths: Double?
    /// Cumulative net savings at 12 and 36 months (projected past the horizon when it is shorter).
    public var cumulativeNet12: Money
    public var cumulativeNet36: Money
    /// `(cumulative net − investment) / investment × 100` at 12 and 36 months and at the horizon;
    /// `nil` without a one-off investment.
    public var roi12Percent: Double?
    public var roi36Percent: Double?
    public var roiHorizonPercent: Double?
    /// Net present value over the horizon at `annualDiscountRate`, when one is given.
    public var npv: Money?
    /// The annual discount rate the NPV uses.
    public var annualDiscountRate: Double?
    /// Whether a sum left the range money is held in (±`ROIProjection.limit`) and was clamped
    /// there: its figures are then bounds, not amounts, and should not be shown as results.
    public var exceedsRange = false

    /// The largest amount a projection holds, as `ROICashFlows` clamps a flow: half of `Int64.max`
    /// nano-dollars (about 4.6 billion USD), so that the difference of two never overflows.
    public static let limit = Money(nanos: Int64.max / 2)

    /// Months in the horizon.
    public var months: Int { rows.count }

    /// Net savings over the horizon.
    public var totalNet: Money { rows.last?.cumulativeNet ?? .zero }

    /// `paybackMonths × 30.4375`, rounded to the nearest whole day.
    public var paybackDays: Int? {
        paybackMonths.map { Int(($0 * Self.daysPerMonth).rounded(.toNearestOrAwayFromZero)) }
    }

    /// Projects `flows` over `months` months (the flows must cover at least 36 months, or
    /// `months` if longer, so that ROI at 36 months is known). `annualDiscountRate` turns on NPV.
    public init(flows: ROICashFlows, months: Int, annualDiscountRate: Double? = nil) {
        precondition(months >= 1 && flows.grossSavings.count >= max(months, 36), "flows must cover the horizon and 36 months")
        investment = flows.investment
        self.annualDiscountRate = annualDiscountRate
        let monthlyRate = annualDiscountRate.map { pow(1 + $0, 1.0 / 12) - 1 }
        var rows: [ROIMonth] = []
        var cumulative = Money.zero
        var cumulative12 = Money.zero
        var cumulative36 = Money.zero
        var discountedSum = Money.zero
        for index in flows.grossSavings.indices {
            let month = index + 1
            let net = flows.grossSavings[index] - flows.recurringCosts[index]
            let previous = cumulative
            cumulative = Self.clamped(cumulative, plus: net, exceeded: &exceedsRange)
            if month == 12 { cumulative12 = cumulative }
            if month == 36 { cumulative36 = cumulative }
            guard month <= months else { continue }
            if breakEvenMonth == nil, cumulative >= investment {
                breakEvenMonth = month
                let missing = (investment - previous).nanos
                paybackMonths = Double(month - 1) + (missing > 0 && net.nanos > 0 ? Double(missing) / Double(net.nanos) : 0)
            }
            let discounted = monthlyRate.map { net.multiplied(by: 1 / pow(1 + $0, Double(month))) }
            if let discounted { discountedSum = Self.clamped(discountedSum, plus: discounted, exceeded: &exceedsRange) }
            rows.append(
                ROIMonth(
                    month: month, grossSavings: flows.grossSavings[index], recurringCost: flows.recurringCosts[index],
                    netSavings: net, cumulativeNet: cumulative, position: cumulative - investment, discountedNet: discounted))
        }
        self.rows = rows
        cumulativeNet12 = cumulative12
        cumulativeNet36 = cumulative36
        roi12Percent = Self.roiPercent(cumulative12, investment)
        roi36Percent = Self.roiPercent(cumulative36, investment)
        roiHorizonPercent = Self.roiPercent(rows.last?.cumulativeNet ?? .zero, investment)
        npv = annualDiscountRate == nil ? nil : discountedSum - investment
    }

    /// `sum + addend` within ±`limit`, setting `exceeded` when it had to be clamped.
    private static func clamped(_ sum: Money, plus addend: Money, exceeded: inout Bool) -> Money {
        let (total, overflow) = sum.nanos.addingReportingOverflow(addend.nanos)
        let bound = limit.nanos
        guard overflow || total > bound || total < -bound else { return Money(nanos: total) }
        exceeded = true
        return Money(nanos: (overflow ? addend.nanos > 0 : total > 0) ? bound : -bound)
    }

    /// `(cumulative − investment) / investment × 100`, or `nil` without an investment.
    static func roiPercent(_ cumulative: Money, _ investment: Money) -> Double? {
        guard investment.nanos > 0 else { return nil }
        return Double((cumulative - investment).nanos) / Double(investment.nanos) * 100
    }

    /// One sentence on payback: when it happens, or that it does not happen within the horizon
    /// and how much of the investment is recovered by then.
    public var paybackSummary: String {
        if let breakEvenMonth, let paybackMonths, let paybackDays {
            if investment == .zero { return "No one-off investment: net savings start in month 1." }
            return "Breaks even in month \(breakEvenMonth): payback after \(Figures.formatted(paybackMonths, decimals: 1)) months "
                + "(\(paybackDays) days)."
        }
        let recovered = Double(max(totalNet.nanos, 0)) / Double(max(investment.nanos, 1)) * 100
        var text =
            "Never breaks even within \(months) months: cumulative net savings reach \(Figures.usd(totalNet)) "
            + "of the \(Figures.usd(investment)) investment (\(Figures.percent(recovered)) recovered)."
        if let last = rows.last, last.netSavings.nanos <= 0 {
            text += " Monthly net savings are \(Figures.usd(last.netSavings)) by month \(last.month): recurring costs exceed the savings."
        }
        return text
    }
}
