import BurnrateCore
import BurnrateStore
import Hummingbird

/// A dashboard page's query string: the period (a preset or `from`/`to`), the analytics filters
/// (`tenant`, `feature`, `model`, `environment`, `tag.KEY`, ...) and, for downloads,
/// `format=csv&table=ID`.
///
/// The filters are the API's own (parsed by `AnalyticsScope.parse`), so a page and the JSON
/// endpoint given the same filters compute the same figures. Empty form fields are dropped, and
/// a `tag=KEY=VALUE` form field becomes `tag.KEY=VALUE`.
struct WebQuery: Sendable {
    /// The period presets the filter form offers, in order.
    static let presets: [(id: String, label: String)] = [
        ("mtd", "Month to date"), ("7d", "Last 7 days"), ("30d", "Last 30 days"), ("90d", "Last 90 days"),
        ("last-month", "Last month"),
    ]

    /// The filter parameters in their canonical form, in the order given.
    var items: [(key: String, value: String)]
    var scope: AnalyticsScope
    /// The preset in effect, unless `from` or `to` was given.
    var period: String?
    /// `csv` when a table is downloaded.
    var format: String?
    var table: String?
    /// The page's own parameters named in `parse(options:)`, such as the Sessions page's `sort`
    /// and `offset`: read by the page, not filters, and not carried by `link`.
    var options: [String: String] = [:]

    static let pageKeys: Set<String> = ["period", "format", "table", "tag"]

    static func parse(
        _ parameters: Parameters, calendar: ReportingCalendar, defaultPeriod: String, options optionKeys: Set<String> = [],
        now: Timestamp = .now()
    ) throws(InvalidQuery) -> WebQuery {
        var items: [(key: String, value: String)] = []
        var options: [String: String] = [:]
        var period: String?
        var format: String?
        var table: String?
        var issues: [FieldIssue] = []
        for (key, value) in parameters where !value.isEmpty {
            let text = String(value)
            switch key {
            case "period": period = text
            case "format": format = text
            case "table": table = text
            case _ where optionKeys.contains(String(key)): options[String(key)] = text
            case "tag":
                let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
                if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
                    items.append(("tag.\(parts[0])", parts[1]))
                } else {
                    issues.append(FieldIssue(field: "tag", message: "must be KEY=VALUE, as in region=eu (got \(text))"))
                }
            default: items.append((String(key), text))
            }
        }
        if let period, !presets.contains(where: { $0.id == period }) {
            issues.append(
                FieldIssue(field: "period", message: "must be one of \(presets.map(\.id).joined(separator: ", ")) (got \(period))"))
        }
        if let format, format != "csv" { issues.append(FieldIssue(field: "format", message: "must be csv (got \(format))")) }
        guard issues.isEmpty else { throw InvalidQuery(issues: issues) }
        let filters = items.map { (key: Substring($0.key), value: Substring($0.value)) }
        var scope = try AnalyticsScope.parse(filters, calendar: calendar, now: now)
        let explicit = items.contains { $0.key == "from" || $0.key == "to" }
        if explicit {
            period = nil
        } else {
            let preset = period ?? defaultPeriod
            period = preset
            scope = AnalyticsScope(range: range(preset, calendar: calendar, now: now), filter: scope.filter, categories: scope.categories)
        }
        return WebQuery(items: items, scope: scope, period: period, format: format, table: table, options: options)
    }

    /// The range a preset covers at `now`; days and months in the reporting time zone.
    static func range(_ preset: String, calendar: ReportingCalendar, now: Timestamp) -> Range<Timestamp> {
        let monthStart = calendar.start(of: .month, containing: now)
        switch preset {
        case "mtd":
            return monthStart..<max(now, monthStart.adding(seconds: 1))
        case "last-month":
            return calendar.start(of: .month, containing: monthStart.adding(seconds: -1))..<monthStart
        default:
            let days = Int64(preset.dropLast()) ?? 30
            return calendar.start(of: .day, containing: now.adding(seconds: -(days - 1) * 86_400))..<now
        }
    }

    /// The first value of `key`, if given.
    func value(_ key: String) -> String? { items.first { $0.key == key }?.value }

    /// Whether any filter other than the period is set.
    var isFiltered: Bool { items.contains { $0.key != "from" && $0.key != "to" } }

    /// The parameters of this view (period included), with `changes` applied: a `nil` value
    /// removes the key.
    func parameters(_ changes: [(String, String?)] = []) -> [(key: String, value: String)] {
        var result = items
        if let period { result.insert(("period", period), at: 0) }
        for (key, value) in changes {
            result.removeAll { $0.key == key }
            if let value { result.append((key, value)) }
        }
        return result
    }

    /// `path` with this view's parameters and `changes`.
    func link(_ path: String, _ changes: [(String, String?)] = []) -> String {
        Self.link(path, parameters(changes))
    }

    /// `path?k=v&...`, percent-encoded.
    static func link(_ path: String, _ parameters: [(key: String, value: String)]) -> String {
        guard !parameters.isEmpty else { return path }
        return path + "?" + parameters.map { "\(encode($0.key))=\(encode($0.value))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: ":"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
