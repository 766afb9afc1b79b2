/// An exact amount of US dollars, counted in whole nano-dollars (10⁻⁹ USD).
///
/// Every stored or summed amount in Burnrate is a `Money`; floating point is used only for ratios
/// and statistics. `Int64` nano-dollars hold up to about 9.2 billion dollars.
public struct Money: Sendable, Hashable, Comparable, AdditiveArithmetic {
    /// Nano-dollars in one dollar.
    public static let nanosPerDollar: Int64 = 1_000_000_000

    /// The amount in nano-dollars.
    public var nanos: Int64

    /// Creates an amount from nano-dollars.
    public init(nanos: Int64) {
        self.nanos = nanos
    }

    /// Creates an amount from whole dollars.
    public init(dollars: Int64) {
        self.nanos = dollars * Self.nanosPerDollar
    }

    /// Parses a decimal dollar amount such as `"12.5"` or `"-0.000000001"`; `nil` when it has more
    /// than nine decimals or is not a plain decimal number.
    public init?(usd text: String) {
        guard let nanos = ScaledDecimal.parse(text, scale: 9, allowNegative: true) else { return nil }
        self.nanos = nanos
    }

    public static let zero = Money(nanos: 0)

    public static func + (lhs: Money, rhs: Money) -> Money { Money(nanos: lhs.nanos + rhs.nanos) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(nanos: lhs.nanos - rhs.nanos) }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.nanos < rhs.nanos }

    /// The amount as a dollar string with all nine decimals, e.g. `"0.001250000"`.
    public var usdString: String { ScaledDecimal.format(nanos, scale: 9) }

    /// The amount in dollars as a floating-point number, for display and ratios only.
    public var usd: Double { Double(nanos) / Double(Self.nanosPerDollar) }
}
