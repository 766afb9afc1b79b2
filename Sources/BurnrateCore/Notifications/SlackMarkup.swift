/// Slack's mrkdwn text rules, and the figures of an alert as a person reads them.
enum SlackMarkup {
    /// Escapes the three characters Slack reserves for its own markup: `&`, `<` and `>`.
    static func escaped(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
        return output
    }

    /// `<url|label>`; a `|` in the URL would end it early, so it is percent-encoded.
    static func link(_ url: String, label: String) -> String {
        "<" + escaped(url).split(separator: "|", omittingEmptySubsequences: false).joined(separator: "%7C") + "|" + escaped(label) + ">"
    }

    /// A date Slack shows in the reader's own time zone, with RFC 3339 UTC as the fallback.
    static func date(_ timestamp: Timestamp) -> String {
        "<!date^\(timestamp.microseconds.floorDiv(1_000_000))^{date_short_pretty} {time}|\(timestamp.rfc3339)>"
    }

    /// The text cut to `limit` characters, ending with an ellipsis when it was cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// `budget_threshold` as `Budget threshold`.
    static func sentenceCase(_ name: String) -> String {
        let words = name.split(separator: "_").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The figure's name without the unit its value already shows: `spent_usd` as `Spent`,
    /// `threshold_percent` as `Threshold`, `z_score` as `Z score`.
    static func label(of figure: AlertFigure) -> String {
        var words = figure.name.split(separator: "_")
        let unitWord: Substring? =
            switch figure.unit {
            case .usd: "usd"
            case .percent: "percent"
            case .ratio, .count, .text: nil
            }
        if words.count > 1, let unitWord, words.last == unitWord { words.removeLast() }
        return escaped(sentenceCase(words.joined(separator: "_")))
    }

    /// `$812.40`, `80%`, `1,234`: the value as a finance reader expects it.
    static func displayValue(of figure: AlertFigure) -> String {
        switch figure.unit {
        case .usd: Money(usd: figure.value).map(Figures.usd) ?? escaped(figure.value)
        case .percent: escaped(figure.value) + "%"
        case .count: Int64(figure.value).map(Figures.count) ?? escaped(figure.value)
        case .ratio, .text: escaped(figure.value)
        }
    }
}
