import BurnrateCore
import BurnrateStore

/// The rules for changing budgets through the API and the dashboard. The rules are plain
/// functions of what is stored, and the methods apply them to the store.
extension BudgetService {
    /// `budget`, the one stored with `id`, which must exist.
    static func existing(_ budget: Budget?, id: String) throws(BudgetError) -> Budget {
        guard let budget else { throw BudgetError(code: .notFound, id: id) }
        return budget
    }

    /// Refuses a new budget when `stored`, the budget with its id, exists.
    static func checkNew(_ budget: Budget, stored: Budget?) throws(BudgetError) {
        if stored != nil { throw BudgetError(code: .exists, id: budget.id) }
    }

    /// Refuses to change or delete `budget` when the config file manages it; no budget yet (one
    /// to create) passes.
    static func checkChangeable(_ budget: Budget?) throws(BudgetError) {
        guard let budget, budget.source == .config else { return }
        throw BudgetError(code: .managedByConfig, id: budget.id)
    }

    /// The budget with `id`; throws `BudgetError` when there is none.
    func budget(id: String) async throws -> Budget {
        try Self.existing(try await store.budget(id: id), id: id)
    }

    /// Stores a new budget, refusing one whose id is taken.
    func create(_ budget: Budget) async throws {
        try Self.checkNew(budget, stored: try await store.budget(id: budget.id))
        try await store.saveBudget(budget)
    }

    /// The budget with `id` as it is before a replacement, `nil` when the replacement creates
    /// it; refuses a budget the config file manages.
    func replaceable(id: String) async throws -> Budget? {
        let current = try await store.budget(id: id)
        try Self.checkChangeable(current)
        return current
    }

    /// The budget with `id`, which must exist and be one the config file does not manage.
    func changeable(id: String) async throws -> Budget {
        let budget = try Self.existing(try await store.budget(id: id), id: id)
        try Self.checkChangeable(budget)
        return budget
    }

    /// Stores `budget` in place of the one with its id (see `replaceable(id:)`).
    func save(_ budget: Budget) async throws {
        try await store.saveBudget(budget)
    }

    /// Deletes the budget with `id`, which must exist and not be managed by the config file.
    func delete(id: String) async throws {
        _ = try await store.deleteBudget(id: try await changeable(id: id).id)
    }
}
