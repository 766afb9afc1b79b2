/// A forecast amount with its 80% and 95% prediction intervals, in money.
public struct ForecastInterval: Sendable, Hashable {
    public var expected: Money
    public var low80: Money
    public var high80: Money
    public var low95: Money
    public var high95: Money

    /// Two-sided normal quantiles for 80% and 95% intervals.
    public static let z80 = 1.2815515655446004
    public static let z95 = 1.959963984540054

    /// `mean ± z × deviation` (in dollars), floored at zero, plus `actual` already spent.
    public init(actual: Money = .zero, mean: Double, deviation: Double) {
        func money(_ value: Double) -> Money { actual + Money(approximateUSD: max(0, value)) }
        expected = money(mean)
        low80 = money(mean - Self.z80 * deviation)
        high80 = money(mean + Self.z80 * deviation)
        low95 = money(mean - Self.z95 * deviation)
        high95 = money(mean + Self.z95 * deviation)
    }

    /// An amount known exactly: every bound is `actual`.
    public init(exactly actual: Money) {
        expected = actual
        low80 = actual
        high80 = actual
        low95 = actual
        high95 = actual
    }
}
