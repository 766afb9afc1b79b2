import BurnrateCore
import BurnrateStore

/// What an analytics request covers: a time range, dimension and tag filters, and cost
/// categories.
struct AnalyticsScope: Sendable, Hashable {
    var range: Range<Timestamp>
    /// The dimension and tag filters; its `from` and `to` are the range's bounds.
    var filter: EventFilter
    /// The cost categories asked for (`category=compute&category=llm_api`); empty means all.
    var categories: Set<String>

    init(range: Range<Timestamp>, filter: EventFilter, categories: Set<String> = []) {
        self.range = range
        self.filter = filter
        self.filter.from = range.lowerBound
        self.filter.to = range.upperBound
        self.categories = categories
    }

    /// Whether LLM token costs (category `llm_api`) are in scope.
    var includesTokenCosts: Bool { categories.isEmpty || categories.contains(CostCategory.llmAPI.rawValue) }

    /// The same filters over another range, such as the previous period.
    func over(_ range: Range<Timestamp>) -> AnalyticsScope {
        AnalyticsScope(range: range, filter: filter, categories: categories)
    }

    /// Reads `from`, `to`, `category` and the dimension and tag filters.
    ///
    /// Without `to` the range ends now; without `from` it starts 30 days earlier, at midnight in
    /// the reporting time zone. A date without a time means midnight in that zone; `to` is
    /// exclusive, so `from=2026-11-01&to=2026-12-01` is November.
    static func parse<Query: Sequence<(key: Substring, value: Substring)>>(
        _ parameters: Query, extra: Set<String> = [], calendar: ReportingCalendar, now: Timestamp = .now()
    ) throws(InvalidQuery) -> AnalyticsScope {
        var categories: Set<String> = []
        var issues: [FieldIssue] = []
        for (key, value) in parameters where key == "category" {
            let name = String(value)
            if CostCategory(rawValue: name) != nil {
                categories.insert(name)
            } else {
                issues.append(
                    FieldIssue(
                        field: "category",
                        message: "must be one of \(CostCategory.allCases.map(\.rawValue).joined(separator: ", ")) (got \(name))"))
            }
        }
        var filter: EventFilter
        do {
            filter = try FilterQuery.parse(parameters, extra: extra.union(["category"]), calendar: calendar)
        } catch {
            throw InvalidQuery(error.summary, issues: error.issues + issues)
        }
        guard issues.isEmpty else { throw InvalidQuery(issues: issues) }
        let to = filter.to ?? now
        let from = filter.from ?? defaultStart(to: to, calendar: calendar)
        guard from < to else {
            throw InvalidQuery(field: "from", message: "must be before 'to' (\(from.rfc3339) is not before \(to.rfc3339))")
        }
        if let issue = FilterQuery.rangeIssue(from: from, to: to) {
            throw InvalidQuery("The time range is too long.", issues: [issue])
        }
        filter.from = from
        filter.to = to
        return AnalyticsScope(range: from..<to, filter: filter, categories: categories)
    }
}

extension AnalyticsScope {
    /// The start of the API's default range ending at `to`: midnight 29 days before `to`'s day,
    /// so that the range holds 30 days in the reporting time zone.
    static func defaultStart(to: Timestamp, calendar: ReportingCalendar) -> Timestamp {
        calendar.start(of: .day, containing: to.adding(seconds: -29 * 86_400))
    }

    /// The API's default scope ending at `to`, without filters.
    static func lastThirtyDays(to: Timestamp, calendar: ReportingCalendar) -> AnalyticsScope {
        AnalyticsScope(range: defaultStart(to: to, calendar: calendar)..<to, filter: EventFilter())
    }
}
