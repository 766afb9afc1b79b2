import BurnrateCore
import BurnrateStore

/// What a breakdown, time series or top list groups by: a dimension, a tag or the cost category.
enum GroupingKey: Sendable, Hashable, CustomStringConvertible {
    case dimension(Dimension)
    case tag(String)
    case category

    /// Parses `provider`, `model`, `tenant`, ..., `category` or `tag:KEY`.
    init?(_ text: String) {
        if text == "category" {
            self = .category
        } else if text.hasPrefix("tag:"), text.count > 4 {
            self = .tag(String(text.dropFirst(4)))
        } else if let dimension = Dimension(rawValue: text) {
            self = .dimension(dimension)
        } else {
            return nil
        }
    }

    var description: String {
        switch self {
        case .dimension(let dimension): dimension.rawValue
        case .tag(let key): "tag:\(key)"
        case .category: "category"
        }
    }

    /// The store's grouping for events, or `nil` for the category (every event is `llm_api`).
    var storeKey: GroupKey? {
        switch self {
        case .dimension(let dimension): .dimension(dimension)
        case .tag(let key): .tag(key)
        case .category: nil
        }
    }

    /// The names a user may group by, for error messages.
    static let choices = Dimension.allCases.map(\.rawValue) + ["category", "tag:KEY"]

    /// Parses a comma-separated `by` parameter of at most `maximum` keys.
    static func parseList(_ text: String?, parameter: String = "by", maximum: Int) throws(InvalidQuery) -> [GroupingKey] {
        guard let text, !text.isEmpty else {
            throw InvalidQuery(
                field: parameter, message: "is required: one of \(choices.joined(separator: ", "))", summary: "Say what to group by.")
        }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var keys: [GroupingKey] = []
        var issues: [FieldIssue] = []
        for name in names {
            if let key = GroupingKey(name) {
                if keys.contains(key) {
                    issues.append(FieldIssue(field: parameter, message: "names '\(name)' twice"))
                }
                keys.append(key)
            } else {
                issues.append(
                    FieldIssue(field: parameter, message: "'\(name)' is not a dimension; use one of \(choices.joined(separator: ", "))"))
            }
        }
        if names.count > maximum {
            issues.append(FieldIssue(field: parameter, message: "takes at most \(maximum) dimensions (got \(names.count))"))
        }
        guard issues.isEmpty else { throw InvalidQuery(issues: issues) }
        return keys
    }
}
