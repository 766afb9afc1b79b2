import BurnrateCore

/// Where budgets are kept, shared by every replica.
public protocol BudgetStore: Sendable {
    /// Stores `budget`, replacing the one with the same id.
    func saveBudget(_ budget: Budget) async throws

    /// Every budget, by id.
    func budgets() async throws -> [Budget]

    func budget(id: String) async throws -> Budget?

    /// Deletes the budget; `false` when there was none with that id.
    func deleteBudget(id: String) async throws -> Bool
}
