/// A change to budgets that the budget rules refuse: the budget does not exist, its id is taken,
/// or the config file manages it. The HTTP API answers with 404 or 409 problems; the dashboard
/// shows the same as a page.
struct BudgetError: Error, Sendable, Hashable {
    /// What kind of refusal, as a struct so that kinds can be added without breaking a `switch`.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound = "not found"
            case exists = "exists"
            case managedByConfig = "managed by the config file"
        }

        private let base: Base

        /// No budget has the id.
        static let notFound = Code(base: .notFound)
        /// A new budget's id belongs to a budget already stored.
        static let exists = Code(base: .exists)
        /// The config file declares the budget, so only the config file changes it.
        static let managedByConfig = Code(base: .managedByConfig)

        var description: String { base.rawValue }
    }

    var code: Code
    /// The id of the budget refused.
    var id: String
}
