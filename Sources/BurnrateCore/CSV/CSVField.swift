/// Writes one CSV cell that is safe to open in a spreadsheet: RFC 4180 quoting, and no formula.
///
/// Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` as a formula (and some treat a
/// leading tab or carriage return the same way), so a tenant named `=HYPERLINK(...)` in an export
/// would run when finance opens it. Following OWASP's advice on CSV injection, such a cell is
/// written with a single quote in front (`'=HYPERLINK(...)`), which spreadsheets show as text.
/// Full-width forms of those characters (`＝`, `＋`, `－`, `＠`), which some spreadsheets accept
/// as well, are treated alike.
///
/// A plain decimal number (`-12.5`, `-3`, `0.000000001`) is left as it is, so that negative
/// amounts Burnrate writes (credits, savings, changes) stay numbers: such a cell has nothing a
/// spreadsheet could run. Anything else beginning with `-` (`-2+3`) is neutralized.
public enum CSVField {
    /// The characters a cell may not begin with.
    public static let formulaPrefixes: Set<Character> = [
        "=", "+", "-", "@", "\t", "\r", "\r\n", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    /// `text` as a CSV field: neutralized, then quoted when it holds a comma, quote or line break.
    public static func escape(_ text: String) -> String {
        quoted(neutralized(text))
    }

    /// `text` with a `'` in front when a spreadsheet would take it for a formula.
    public static func neutralized(_ text: String) -> String {
        guard let first = text.first, formulaPrefixes.contains(first), !isPlainNumber(text) else { return text }
        return "'" + text
    }

    /// Whether `text` is an optional `-`, digits and optionally a `.` and more digits.
    public static func isPlainNumber(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        let parts = utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard utf8.last != UInt8(ascii: "."), (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
    }

    /// `text` quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        var field = "\""
        for character in text { field += character == "\"" ? "\"\"" : String(character) }
        return field + "\""
    }
}
