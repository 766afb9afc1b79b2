/// A price per token, held exactly as pico-dollars (10⁻¹² USD) per token.
///
/// One pico-dollar per token is one micro-dollar per million tokens, so every published price of
/// up to six decimals per million tokens (`"0.0375"`) is a whole number here, and the cost of a
/// token count is an exact integer product.
public struct TokenRate: Sendable, Hashable, Comparable {
    /// Pico-dollars per token, equal to micro-dollars per million tokens.
    public var picoUSDPerToken: Int64

    /// Creates a rate from pico-dollars per token.
    public init(picoUSDPerToken: Int64) {
        self.picoUSDPerToken = picoUSDPerToken
    }

    /// Parses a price in dollars per million tokens such as `"2.50"`; `nil` when it is negative,
    /// not a decimal, or has more than six decimals.
    public init?(perMillion text: String) {
        guard let micros = ScaledDecimal.parse(text, scale: 6) else { return nil }
        self.picoUSDPerToken = micros
    }

    /// The price in dollars per million tokens, e.g. `"2.50"`.
    public var perMillionString: String {
        ScaledDecimal.formatTrimmed(picoUSDPerToken, scale: 6)
    }

    public static func < (lhs: TokenRate, rhs: TokenRate) -> Bool {
        lhs.picoUSDPerToken < rhs.picoUSDPerToken
    }
}
