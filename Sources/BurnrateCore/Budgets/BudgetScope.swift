/// What a budget counts: filters in the vocabulary of the query API (`tenant`, `feature`, `model`,
/// `category`, `tag.KEY`, ...). Different keys must all match; several values of one key mean any
/// of them. No filters is a budget on all spend.
public struct BudgetScope: Sendable, Hashable {
    /// Values per filter key; keys and values as the query string writes them.
    public private(set) var filters: [String: [String]]

    public init(_ filters: [String: [String]] = [:]) {
        self.filters = filters.filter { !$0.value.isEmpty }.mapValues { Array(Set($0)).sorted() }
    }

    /// Whether the budget counts all spend.
    public var isGlobal: Bool { filters.isEmpty }

    /// The filters as query-string pairs, sorted by key then value, so links and labels are stable.
    public var pairs: [(key: String, value: String)] {
        filters.keys.sorted().flatMap { key in filters[key, default: []].map { (key: key, value: $0) } }
    }

    /// `tenant=acme-corp, feature=search`, or `all spend`.
    public var description: String {
        isGlobal ? "all spend" : pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
