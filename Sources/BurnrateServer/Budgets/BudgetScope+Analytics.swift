import BurnrateCore
import BurnrateStore

extension BudgetScope {
    /// The filter keys a budget scope may use: every dimension, `category` and `tag.KEY`.
    static var knownKeys: String { (Dimension.allCases.map(\.rawValue) + ["category", "tag.KEY"]).joined(separator: ", ") }

    /// What is wrong with the scope's keys and values, named `scope.KEY`.
    var issues: [FieldIssue] {
        var issues: [FieldIssue] = []
        for (key, values) in filters.sorted(by: { $0.key < $1.key }) {
            if key == "category" {
                for value in values where CostCategory(rawValue: value) == nil {
                    issues.append(
                        FieldIssue(
                            field: "scope.category",
                            message: "must be one of \(CostCategory.allCases.map(\.rawValue).joined(separator: ", ")) (got \(value))"))
                }
            } else if key.hasPrefix("tag.") {
                if key.count == 4 { issues.append(FieldIssue(field: "scope.\(key)", message: "needs a tag key, as in tag.region")) }
            } else if Dimension(rawValue: key) == nil {
                issues.append(FieldIssue(field: "scope.\(key)", message: "is not a filter (known: \(Self.knownKeys))"))
            }
        }
        return issues
    }
}

extension AnalyticsScope {
    /// The analytics scope counting what `budget` counts over `range`.
    init(_ budget: BudgetScope, range: Range<Timestamp>) {
        var filter = EventFilter()
        var categories: Set<String> = []
        for (key, values) in budget.filters {
            if key == "category" {
                categories.formUnion(values)
            } else if key.hasPrefix("tag.") {
                filter.tags[String(key.dropFirst(4)), default: []].append(contentsOf: values)
            } else if let dimension = Dimension(rawValue: key) {
                filter.dimensions[dimension, default: []].append(contentsOf: values)
            }
        }
        self.init(range: range, filter: filter, categories: categories)
    }
}
