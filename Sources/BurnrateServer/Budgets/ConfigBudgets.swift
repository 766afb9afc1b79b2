import BurnrateCore
import BurnrateStore

/// Makes the stored budgets match the config file: the file's budgets are stored (keeping when
/// each was first created), and budgets that came from the file before but are gone from it now
/// are deleted. Budgets created through the API are left alone, unless the file declares the
/// same id, in which case the file wins.
public enum ConfigBudgets {
    /// What changed, for the start-up log.
    public struct Report: Sendable, Hashable {
        public var saved: [String] = []
        public var removed: [String] = []
        /// API budgets the file replaced.
        public var replaced: [String] = []
    }

    public static func sync(_ declared: [Budget], store: any LedgerStore) async throws -> Report {
        var report = Report()
        let stored = Dictionary(uniqueKeysWithValues: try await store.budgets().map { ($0.id, $0) })
        for var budget in declared {
            if let existing = stored[budget.id] {
                budget.createdAt = existing.createdAt
                if existing.source == .api { report.replaced.append(budget.id) }
                var unchanged = budget
                unchanged.updatedAt = existing.updatedAt
                if unchanged == existing { continue }
            }
            try await store.saveBudget(budget)
            report.saved.append(budget.id)
        }
        let declaredIDs = Set(declared.map(\.id))
        for budget in stored.values.sorted(by: { $0.id < $1.id }) where budget.source == .config && !declaredIDs.contains(budget.id) {
            _ = try await store.deleteBudget(id: budget.id)
            report.removed.append(budget.id)
        }
        return report
    }
}
