/// What a set of cost items adds up to per category: the bounded items' whole amounts, and what
/// open-ended monthly items charge every month (they have no total).
public struct CostTotals: Sendable, Hashable {
    /// One category's sums.
    public struct Line: Sendable, Hashable {
        public var category: CostCategory
        public var items: Int
        /// The sum of the items with an end.
        public var total: Money
        /// The sum of the open-ended monthly items, per month.
        public var perMonth: Money
    }

    /// Categories with at least one item, in `CostCategory` order.
    public var lines: [Line]

    public init(_ items: [CostItem]) {
        lines = CostCategory.allCases.compactMap { category in
            let matching = items.filter { $0.category == category }
            guard !matching.isEmpty else { return nil }
            var line = Line(category: category, items: matching.count, total: .zero, perMonth: .zero)
            for item in matching {
                if let total = CostSpread.total(of: item) {
                    line.total = line.total + total
                } else {
                    line.perMonth = line.perMonth + item.amount
                }
            }
            return line
        }
    }

    public var total: Money { lines.reduce(.zero) { $0 + $1.total } }
    public var perMonth: Money { lines.reduce(.zero) { $0 + $1.perMonth } }
}
