/// Something in the figures a person should look at, with the numbers that show it.
public struct Finding: Sendable, Hashable {
    /// How much it matters.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case info, warning, critical

        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A stable identifier of the rule that fired, such as `cost_outpacing_usage`.
    public var code: String
    public var severity: Severity
    /// One sentence with the figures.
    public var message: String
    /// What to do about it.
    public var action: String?

    public init(code: String, severity: Severity, message: String, action: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.action = action
    }
}

/// Formats figures for findings and reports the way a finance reader expects them.
public enum Figures {
    /// `$1,234.57`: dollars with thousands separators and cents (more decimals below a cent).
    public static func usd(_ money: Money) -> String {
        let magnitude = money.nanos.magnitude
        return usd(money, decimals: magnitude != 0 && magnitude < 10_000_000 ? 6 : 2)
    }

    /// A unit cost such as the cost of a request: `$0.0122` (up to four decimals below a dollar,
    /// six below a cent), so that two unit costs a third apart never both read `$0.01`.
    public static func unitUSD(_ money: Money) -> String {
        let magnitude = money.nanos.magnitude
        guard magnitude >= 10_000_000, magnitude < 1_000_000_000 else { return usd(money) }
        var text = usd(money, decimals: 4)
        // Cents stay: `$0.10`, not `$0.1000`.
        while text.hasSuffix("0"), text.split(separator: ".").last.map({ $0.count > 2 }) == true { text.removeLast() }
        return text
    }

    static func usd(_ money: Money, decimals: Int) -> String {
        let nanos = money.nanos
        let negative = nanos < 0
        let magnitude = negative ? -Int128(nanos) : Int128(nanos)
        let unit = Int128(1_000_000_000)
        let scale = Int128([1, 10, 100, 1_000, 10_000, 100_000, 1_000_000][decimals])
        let scaled = (magnitude * scale + unit / 2) / unit
        let whole = scaled / scale
        let fraction = String(Int64(scaled % scale))
        let digits = Array(String(Int64(whole)))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let padded = String(repeating: "0", count: decimals - fraction.count) + fraction
        return (negative ? "-$" : "$") + grouped + "." + padded
    }

    /// `12.3%` from a percentage; `n/a` for none.
    public static func percent(_ value: Double?, decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return formatted(value, decimals: decimals) + "%"
    }

    /// `+12.3%` or `-4.0%`, for changes.
    public static func signedPercent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return (value >= 0 ? "+" : "") + formatted(value, decimals: 1) + "%"
    }

    /// `1,234,567` for counts.
    public static func count(_ value: Int64) -> String {
        let digits = Array(String(value.magnitude))
        var grouped = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return grouped
    }

    /// `value` to `decimals` places (at most 3), zeros kept; `∞`, `-∞` or `n/a` when it is not finite.
    static func formatted(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : value > 0 ? "∞" : "-∞" }
        let factor = [1.0, 10, 100, 1000][min(decimals, 3)]
        let rounded = (value * factor).rounded() / factor
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            if fraction.count < decimals { text += String(repeating: "0", count: decimals - fraction.count) }
            if decimals == 0 { text = String(text[..<dot]) }
        } else if decimals > 0 {
            text += "." + String(repeating: "0", count: decimals)
        }
        return text
    }
}
