/// An exact amount of US dollars, counted in whole nano-dollars (10⁻⁹ USD).
///
/// Every stored or summed amount in Burnrate is a `Money`; floating point is used only for ratios
/// and statistics. `Int64` nano-dollars hold up to about 9.2 billion dollars.
///
/// Arithmetic never traps: a sum or product that would leave the representable range stops at
/// `Money.max` or `Money.min`, so a hostile input or a corrupt stored row cannot end the process.
/// Inputs are bounded where they enter (see `Limits`) so that real figures never get there; code
/// that must know whether a result is exact uses `adding(_:)`, which reports the overflow.
public struct Money: Sendable, Hashable, Comparable, AdditiveArithmetic {
    /// Nano-dollars in one dollar.
    public static let nanosPerDollar: Int64 = 1_000_000_000

    /// The largest amount, about 9.2 billion dollars; sums stop here instead of overflowing.
    public static let max = Money(nanos: Int64.max)
    /// The smallest amount, `-max`; kept symmetric so that negating any amount is safe.
    public static let min = Money(nanos: -Int64.max)

    /// The amount in nano-dollars.
    public var nanos: Int64

    /// Creates an amount from nano-dollars.
    public init(nanos: Int64) {
        self.nanos = nanos
    }

    /// Creates an amount from whole dollars, saturating at `max` and `min`.
    public init(dollars: Int64) {
        self.init(clamping: Int128(dollars) * Int128(Self.nanosPerDollar))
    }

    /// Creates an amount from a 128-bit count of nano-dollars, saturating at `max` and `min`.
    public init(clamping nanos: Int128) {
        self.nanos = Int64(clamping: Swift.max(Swift.min(nanos, Int128(Int64.max)), -Int128(Int64.max)))
    }

    /// Creates an amount from dollars given as a floating-point number, rounded half away from
    /// zero to the nano-dollar; saturates at `max` and `min`, and is zero for NaN. For figures
    /// that are estimates already (forecasts, statistics), never for stored money.
    public init(approximateUSD usd: Double) {
        self.init(approximateNanos: usd * Double(Self.nanosPerDollar))
    }

    /// Creates an amount from nano-dollars given as a floating-point number, rounded by `rule`;
    /// saturates at `max` and `min`, and is zero for NaN. For estimates, as `approximateUSD`.
    public init(approximateNanos value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        let nanos = value.rounded(rule)
        guard !nanos.isNaN else {
            self.nanos = 0
            return
        }
        self.nanos = nanos >= 9.2e18 ? Int64.max : nanos <= -9.2e18 ? -Int64.max : Int64(nanos)
    }

    /// Parses a decimal dollar amount such as `"12.5"` or `"-0.000000001"`; `nil` when it has more
    /// than nine decimals or is not a plain decimal number.
    public init?(usd text: String) {
        guard let nanos = ScaledDecimal.parse(text, scale: 9, allowNegative: true) else { return nil }
        self.nanos = nanos
    }

    public static let zero = Money(nanos: 0)

    /// Whether the amount sits at `max` or `min`, where saturating arithmetic stops: a figure
    /// there is not exact and must not be shown as if it were.
    public var isSaturated: Bool { nanos == Int64.max || nanos <= -Int64.max }

    /// `self + other`, or `nil` when the exact sum is outside `min...max`.
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = nanos.addingReportingOverflow(other.nanos)
        return overflow || sum == Int64.min ? nil : Money(nanos: sum)
    }

    public static func + (lhs: Money, rhs: Money) -> Money {
        Money(clamping: Int128(lhs.nanos) + Int128(rhs.nanos))
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        Money(clamping: Int128(lhs.nanos) - Int128(rhs.nanos))
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.nanos < rhs.nanos }

    /// The amount as a dollar string with all nine decimals, e.g. `"0.001250000"`.
    public var usdString: String { ScaledDecimal.format(nanos, scale: 9) }

    /// The amount in dollars as a floating-point number, for display and ratios only.
    public var usd: Double { Double(nanos) / Double(Self.nanosPerDollar) }
}
