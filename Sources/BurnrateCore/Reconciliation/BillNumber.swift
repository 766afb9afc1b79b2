/// Reads the numbers bill exports write: amounts with any number of decimals or an exponent
/// (`0.8958740000000000`, `1.5e-05`), and token counts written as floats (`59200.0`).
enum BillNumber {
    /// A dollar amount, rounded half away from zero to the nano-dollar; `nil` when the text is
    /// not a decimal number or does not fit.
    static func usd(_ text: String) -> Money? {
        guard let decimal = Decimal(text) else { return nil }
        return decimal.scaled(by: 9).map(Money.init(nanos:))
    }

    /// The largest count a bill's cell may hold: ten trillion, a thousand times a very large
    /// customer's daily tokens, and small enough that the sums of a whole bill file stay exact.
    static let maximumCount: Int64 = 10_000_000_000_000

    /// A whole count from 0 to `maximumCount`; `nil` for a fraction, a negative or larger number or
    /// non-numeric text.
    static func count(_ text: String) -> Int64? {
        guard let decimal = Decimal(text), !decimal.negative else { return nil }
        guard decimal.isWhole, let value = decimal.scaled(by: 0), value <= maximumCount else { return nil }
        return value
    }

    /// A parsed decimal: `digits × 10^exponent`, with the digits kept as text so that no
    /// precision is lost before rounding.
    struct Decimal {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int

        init?(_ text: String) {
            var bytes = Array(text.utf8)
            negative = bytes.first == UInt8(ascii: "-")
            if negative || bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
            var mantissa = bytes[...]
            exponent = 0
            if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                guard let power = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)), abs(power) < 400 else { return nil }
                exponent = power
                mantissa = bytes[..<e]
            }
            digits = []
            var seenDot = false
            for byte in mantissa {
                if byte == UInt8(ascii: ".") {
                    guard !seenDot else { return nil }
                    seenDot = true
                } else {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    digits.append(byte - UInt8(ascii: "0"))
                    if seenDot { exponent -= 1 }
                }
            }
            guard !digits.isEmpty else { return nil }
        }

        /// Whether every digit after the decimal point is zero.
        var isWhole: Bool { exponent >= 0 || digits.suffix(-exponent).allSatisfy { $0 == 0 } }

        /// The value times 10^`scale`, rounded half away from zero; `nil` on overflow.
        func scaled(by scale: Int) -> Int64? {
            let shift = exponent + scale
            var kept = digits
            var roundUp = false
            if shift < 0 {
                let drop = -shift
                if drop > kept.count {
                    kept = []
                } else {
                    roundUp = kept[kept.count - drop] >= 5
                    kept.removeLast(drop)
                }
            } else {
                kept += Array(repeating: 0, count: shift)
            }
            var value: Int64 = 0
            for digit in kept {
                let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times.addingReportingOverflow(Int64(digit))
                guard !overflowA, !overflowB else { return nil }
                value = sum
            }
            if roundUp {
                let (rounded, overflow) = value.addingReportingOverflow(1)
                guard !overflow else { return nil }
                value = rounded
            }
            return negative ? -value : value
        }
    }
}
