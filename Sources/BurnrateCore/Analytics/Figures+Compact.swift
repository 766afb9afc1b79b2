extension Figures {
    /// `$12.4k`, `$1.2M`, `$980.50`: money shortened for people, exact to the cent below $1,000.
    ///
    /// Dashboards and headlines use it; tables and exports keep `usd(_:)`, which never rounds
    /// away more than a cent.
    public static func compactUSD(_ money: Money) -> String {
        let dollars = Double(money.nanos) / 1_000_000_000
        guard abs(dollars) >= 1_000 else { return usd(money) }
        return (dollars < 0 ? "-$" : "$") + compact(abs(dollars))
    }

    /// `3.2M`, `48.1k`, `950`: a count shortened for people.
    public static func compactCount(_ value: Int64) -> String {
        guard value.magnitude >= 1_000 else { return String(value) }
        return (value < 0 ? "-" : "") + compact(Double(value.magnitude))
    }

    /// `12.4k` below 100 thousand, `124k` below a million, then `M` and `B` alike; a value that
    /// rounds up to the next unit moves to it (`999,960` is `1.0M`, not `1000k`).
    static func compact(_ magnitude: Double) -> String {
        for (size, suffix) in [(1e3, "k"), (1e6, "M")] {
            let text = shortened(magnitude / size)
            if (Double(text) ?? 0) < 1_000 { return text + suffix }
        }
        return shortened(magnitude / 1e9) + "B"
    }

    /// One decimal below 100, none from 100 on.
    static func shortened(_ value: Double) -> String {
        let oneDecimal = formatted(value, decimals: 1)
        return (Double(oneDecimal) ?? value) >= 100 ? formatted(value, decimals: 0) : oneDecimal
    }
}
