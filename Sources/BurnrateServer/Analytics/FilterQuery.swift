import BurnrateCore
import BurnrateStore

/// Reads `from`, `to` and dimension filters (`tenant=acme&tenant=globex&tag.region=eu`) from a
/// query's name and value pairs; repeated keys are alternatives, different keys must all match.
enum FilterQuery {
    /// Parses the filter, rejecting parameters that are neither filters nor in `extra`; a date
    /// without a time means midnight in `calendar`'s time zone.
    static func parse<Query: Sequence<(key: Substring, value: Substring)>>(
        _ parameters: Query, extra: Set<String> = [], calendar: ReportingCalendar = .utc
    ) throws(InvalidQuery) -> EventFilter {
        var filter = EventFilter()
        var issues: [FieldIssue] = []
        for (key, value) in parameters {
            let name = String(key)
            let text = String(value)
            switch name {
            case "from", "to":
                guard let instant = parseInstant(text, calendar: calendar) else {
                    issues.append(FieldIssue(field: name, message: "must be an RFC 3339 time or a date YYYY-MM-DD (got \(text))"))
                    continue
                }
                if name == "from" { filter.from = instant } else { filter.to = instant }
            case _ where name.hasPrefix("tag."):
                let tag = String(name.dropFirst(4))
                guard !tag.isEmpty else {
                    issues.append(FieldIssue(field: name, message: "needs a tag key, as in tag.region=eu"))
                    continue
                }
                filter.tags[tag, default: []].append(text)
            default:
                if let dimension = Dimension(rawValue: name) {
                    filter.dimensions[dimension, default: []].append(text)
                } else if !extra.contains(name) {
                    let known = (["from", "to", "tag.KEY"] + Dimension.allCases.map(\.rawValue) + extra.sorted()).joined(separator: ", ")
                    issues.append(FieldIssue(field: name, message: "is not a known parameter (known: \(known))"))
                }
            }
        }
        if let from = filter.from, let to = filter.to {
            if from >= to {
                issues.append(
                    FieldIssue(field: "to", message: "must be after 'from' (\(from.rfc3339) to \(to.rfc3339) is empty or inverted)"))
            } else if let issue = rangeIssue(from: from, to: to) {
                issues.append(issue)
            }
        }
        guard issues.isEmpty else { throw InvalidQuery(issues: issues) }
        return filter
    }

    /// Why `from..<to` is too long to query, naming the cap (`Limits.maximumRangeDays`); `nil`
    /// when it is not.
    static func rangeIssue(from: Timestamp, to: Timestamp) -> FieldIssue? {
        let length = to.microseconds - from.microseconds
        guard length > Limits.maximumRangeDays * 86_400_000_000 else { return nil }
        let days = length / 86_400_000_000
        return FieldIssue(
            field: "from",
            message:
                "the range \(from.rfc3339) to \(to.rfc3339) is \(days) days long; "
                + "the longest range is \(Limits.maximumRangeDays) days (ten years)")
    }

    /// An RFC 3339 instant, or midnight of a `YYYY-MM-DD` date in `calendar`'s time zone.
    static func parseInstant(_ text: String, calendar: ReportingCalendar = .utc) -> Timestamp? {
        if let instant = Timestamp(rfc3339: text) { return instant }
        guard let midnight = CalendarDate.parse(text) else { return nil }
        let (year, month, day) = ReportingCalendar.utc.date(of: Timestamp(midnight))
        return calendar.day(year: year, month: month, day: day)?.lowerBound
    }
}
