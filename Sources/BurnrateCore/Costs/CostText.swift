/// Reading the amounts, instants and ids of cost items from text.
enum CostText {
    /// A dollar amount with at most nine decimals, negative for credits; `nil` otherwise.
    static func exactAmount(_ text: String) -> Money? {
        Money(usd: text.trimmingWhitespace())
    }

    /// A dollar amount with any number of decimals (billing exports carry up to 16), rounded
    /// half away from zero to the nano-dollar; `nil` when it is not a plain decimal.
    static func roundedAmount(_ text: String) -> Money? {
        let trimmed = text.trimmingWhitespace()
        guard let dot = trimmed.firstIndex(of: ".") else { return Money(usd: trimmed) }
        let fraction = trimmed[trimmed.index(after: dot)...]
        guard fraction.count > 9 else { return Money(usd: trimmed) }
        let kept = String(trimmed[..<dot]) + "." + fraction.prefix(9)
        let rest = fraction.dropFirst(9)
        guard var money = Money(usd: kept), rest.allSatisfy({ ("0"..."9").contains($0) }), let first = rest.first else { return nil }
        if first >= "5" { money.nanos += trimmed.hasPrefix("-") ? -1 : 1 }
        return money
    }

    /// An RFC 3339 instant, midnight UTC of a `YYYY-MM-DD` date, or a date-time without an
    /// offset (`2026-11-01T00:00:00`, `2026-11-01 00:00:00`), read as UTC.
    static func instant(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingWhitespace()
        if let instant = Timestamp(rfc3339: trimmed) { return instant }
        if let date = CalendarDate.parse(trimmed) { return Timestamp(date) }
        return Timestamp(rfc3339: trimmed + "Z")
    }

    /// An id derived from an item's source content: the same content gives the same id, so
    /// importing a file again stores nothing twice; the n-th repeat of identical content within
    /// one batch gets `-n` appended, so identical rows stay distinct charges.
    static func derivedID(prefix: String, content: [String], seen: inout [String: Int]) -> String {
        let base = "\(prefix)-" + EventFile.fnv1a(Array(content.joined(separator: "\u{1F}").utf8))
        let repeats = seen[base, default: 0]
        seen[base] = repeats + 1
        return repeats == 0 ? base : "\(base)-\(repeats)"
    }
}
