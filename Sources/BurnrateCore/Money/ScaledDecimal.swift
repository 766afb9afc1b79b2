/// Exact conversions between decimal text and integers scaled by a power of ten.
///
/// Prices and amounts arrive as decimal text (`"2.50"` dollars per million tokens); parsing them
/// through `Double` would lose exactness, so they are read digit by digit.
public enum ScaledDecimal {
    /// Parses `text` as a decimal and returns it multiplied by 10^`scale`, or `nil` when the text
    /// is not a plain decimal, has more than `scale` fractional digits, or overflows `Int64`.
    public static func parse(_ text: String, scale: Int, allowNegative: Bool = false) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            guard allowNegative else { return nil }
            negative = true
            bytes = bytes.dropFirst()
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDigit = false
        var inFraction = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !inFraction else { return nil }
                inFraction = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            seenDigit = true
            let digit = Int64(byte - UInt8(ascii: "0"))
            if inFraction {
                fractionDigits += 1
                guard fractionDigits <= scale else { return nil }
                fraction = fraction * 10 + digit
            } else {
                let (times, overflowA) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times.addingReportingOverflow(digit)
                guard !overflowA, !overflowB else { return nil }
                whole = sum
            }
        }
        guard seenDigit else { return nil }
        let factor = power(scale)
        let padding = power(scale - fractionDigits)
        let (scaled, overflowA) = whole.multipliedReportingOverflow(by: factor)
        let (total, overflowB) = scaled.addingReportingOverflow(fraction * padding)
        guard !overflowA, !overflowB else { return nil }
        return negative ? -total : total
    }

    /// Formats `value / 10^scale` with exactly `scale` decimals, e.g. `format(1250, scale: 6)` is
    /// `"0.001250"`.
    public static func format(_ value: Int64, scale: Int) -> String {
        let factor = power(scale)
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(factor)
        let fraction = magnitude % UInt64(factor)
        let sign = value < 0 ? "-" : ""
        guard scale > 0 else { return "\(sign)\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: scale - digits.count) + digits
        return "\(sign)\(whole).\(digits)"
    }

    /// Formats like `format(_:scale:)` but drops trailing zeros past `minimumDecimals`.
    public static func formatTrimmed(_ value: Int64, scale: Int, minimumDecimals: Int = 2) -> String {
        var text = format(value, scale: scale)
        guard let dot = text.firstIndex(of: ".") else { return text }
        let minimumEnd = text.index(dot, offsetBy: minimumDecimals + 1, limitedBy: text.endIndex) ?? text.endIndex
        while text.endIndex > minimumEnd, text.last == "0" {
            text.removeLast()
        }
        if text.last == "." { text.removeLast() }
        return text
    }

    static func power(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }
}
