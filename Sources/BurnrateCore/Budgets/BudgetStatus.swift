/// Where a budget stands in its current period: what was spent, how fast, and where that leads.
public struct BudgetStatus: Sendable, Hashable {
    /// The share of a period that must have passed before a projection may change the state:
    /// early in a period a few busy hours would project far beyond any budget.
    public static let projectionWarmUp = (numerator: Int64(1), denominator: Int64(10))

    public var budget: Budget
    /// The current period, in the reporting time zone.
    public var period: Range<Timestamp>
    /// The moment the status describes.
    public var asOf: Timestamp
    public var spent: Money
    /// What is left; negative once the budget is exceeded.
    public var remaining: Money
    /// The average spend per day so far this period.
    public var burnRatePerDay: Money
    /// `spent` plus the burn rate over the rest of the period.
    public var projected: Money
    /// When spending at the burn rate reaches the amount, if that happens within the period and
    /// has not happened yet.
    public var exhaustion: Timestamp?
    /// The thresholds the spend has reached, ascending.
    public var crossedThresholds: [Int]
    public var state: BudgetState
    /// For a per-session budget, the costliest sessions with calls in the period, costliest first;
    /// `spent` is then the first one's cost. Empty for a period budget.
    public var costliestSessions: [SessionSummary] = []

    /// `spent ÷ amount` in percent.
    public var usedPercent: Double { Double(spent.nanos) * 100 / Double(budget.amount.nanos) }

    /// The status of `budget` at `now`, having spent `spent` in `period` up to `now`.
    ///
    /// Thresholds are crossed at exactly their percentage (`spent × 100 ≥ amount × threshold`,
    /// in integers). The projection is linear in time.
    public init(budget: Budget, period: Range<Timestamp>, spent: Money, now: Timestamp) {
        self.budget = budget
        self.period = period
        self.asOf = now
        self.spent = spent
        remaining = budget.amount - spent
        let length = period.upperBound.microseconds - period.lowerBound.microseconds
        let elapsed = min(max(now.microseconds - period.lowerBound.microseconds, 0), length)
        if elapsed > 0 {
            burnRatePerDay = spent.scaled(by: 86_400_000_000, over: elapsed)
            projected = spent.scaled(by: length, over: elapsed)
        } else {
            burnRatePerDay = .zero
            projected = spent
        }
        if spent.nanos > 0, spent < budget.amount, elapsed > 0 {
            let needed = Money.divideRounded(
                Int128(elapsed) * Int128(budget.amount.nanos - spent.nanos), by: Int128(spent.nanos))
            exhaustion =
                needed < Int128(length - elapsed)
                ? Timestamp(microseconds: period.lowerBound.microseconds + elapsed + Int64(needed)) : nil
        } else {
            exhaustion = nil
        }
        crossedThresholds = budget.thresholds.filter { Self.reaches(spent, percent: $0, of: budget.amount) }
        if spent >= budget.amount {
            state = .exceeded
        } else if Self.isWarmedUp(period, at: now), projected > budget.amount {
            state = .forecastExceeded
        } else if let warning = budget.thresholds.last(where: { $0 < 100 }), crossedThresholds.contains(warning) {
            state = .warning
        } else {
            state = .ok
        }
    }

    /// Whether the projection is far enough into the period to act on, and above `percent` of
    /// the amount.
    public func projects(above percent: Int) -> Bool {
        Self.isWarmedUp(period, at: asOf) && Int128(projected.nanos) * 100 > Int128(budget.amount.nanos) * Int128(percent)
    }

    /// Whether at least `projectionWarmUp` of `period` has passed at `now`.
    static func isWarmedUp(_ period: Range<Timestamp>, at now: Timestamp) -> Bool {
        let length = Int128(period.upperBound.microseconds - period.lowerBound.microseconds)
        let elapsed = Int128(now.microseconds - period.lowerBound.microseconds)
        return elapsed * Int128(projectionWarmUp.denominator) >= length * Int128(projectionWarmUp.numerator)
    }

    /// Whether `spent` is at least `percent` of `amount`, exactly.
    public static func reaches(_ spent: Money, percent: Int, of amount: Money) -> Bool {
        Int128(spent.nanos) * 100 >= Int128(amount.nanos) * Int128(percent)
    }
}

/// A budget's state, most urgent first: over the amount, projected over it, past the warning
/// threshold (the highest one below 100%), or fine.
public enum BudgetState: String, Sendable, Hashable, CaseIterable {
    case exceeded
    case forecastExceeded = "forecast_exceeded"
    case warning
    case ok
}
