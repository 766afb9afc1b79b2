extension ROISettings {
    /// The fields of the config file's `roi` section, named as in an ROI file (`docs/roi.md`).
    static let keys: Set<String> = ["name", "investment_usd", "recurring_monthly_usd", "months"]

    /// Reads the config file's `roi` section; every problem is recorded in `reader`.
    ///
    /// ```yaml
    /// roi:
    ///   name: Model routing and caching
    ///   investment_usd: 60000
    ///   recurring_monthly_usd: 1500
    ///   months: 36
    /// ```
    public static func read(_ reader: inout ObjectReader) -> ROISettings {
        reader.rejectUnknownKeys(allowed: keys)
        var settings = ROISettings()
        settings.name = reader.string("name", maxLength: 128)
        settings.investment = reader.amount("investment_usd").map(Money.init(nanos:)) ?? .zero
        settings.recurringCost = reader.amount("recurring_monthly_usd").map(Money.init(nanos:)) ?? .zero
        settings.months = reader.integer("months", in: 1...Int64(Limits.maximumMonths)).map(Int.init) ?? defaultMonths
        return settings
    }

    /// These settings as the config file's `roi` section, which `read` reads back to them.
    public var configSection: String {
        var lines = ["roi:"]
        if let name { lines.append("  name: " + Self.quoted(name)) }
        lines.append("  investment_usd: " + ScaledDecimal.formatTrimmed(investment.nanos, scale: 9, minimumDecimals: 0))
        lines.append("  recurring_monthly_usd: " + ScaledDecimal.formatTrimmed(recurringCost.nanos, scale: 9, minimumDecimals: 0))
        lines.append("  months: \(months)")
        return lines.joined(separator: "\n")
    }

    /// `text` as a YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
