import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func saveBudget(_ budget: Budget) async throws {
        let record = try BudgetRecord(budget)
        try await transaction { connection in
            _ = try await connection.query(
                """
                INSERT INTO budgets (\(unescaped: BudgetRecord.columnList))
                VALUES (\(record.id), \(record.name), \(record.scope), \(record.period), \(record.amountNanos), \(record.thresholds),
                    \(record.forecastPercent), \(record.source), \(record.createdAt), \(record.updatedAt), \(record.enforce), \(record.per))
                ON CONFLICT (id) DO UPDATE SET \(unescaped: BudgetRecord.replacements)
                """, logger: self.logger)
        }
    }

    public func budgets() async throws -> [Budget] {
        try await fetchBudgets("SELECT \(unescaped: BudgetRecord.columnList) FROM budgets ORDER BY id COLLATE \"C\"")
    }

    public func budget(id: String) async throws -> Budget? {
        try await fetchBudgets("SELECT \(unescaped: BudgetRecord.columnList) FROM budgets WHERE id = \(id)").first
    }

    public func deleteBudget(id: String) async throws -> Bool {
        try await transaction { connection in
            let rows = try await connection.query("DELETE FROM budgets WHERE id = \(id) RETURNING id", logger: self.logger)
            for try await _ in rows { return true }
            return false
        }
    }

    private func fetchBudgets(_ query: PostgresQuery) async throws -> [Budget] {
        try await read { connection in
            var budgets: [Budget] = []
            for try await row in try await connection.query(query, logger: self.logger) {
                let cells = row.makeRandomAccess()
                budgets.append(
                    try BudgetRecord(
                        id: try cells[0].decode(String.self), name: try cells[1].decode(String.self),
                        scope: try cells[2].decode(String.self), period: try cells[3].decode(String.self),
                        amountNanos: try cells[4].decode(Int64.self), thresholds: try cells[5].decode(String.self),
                        forecastPercent: try cells[6].decode(Int64.self), source: try cells[7].decode(String.self),
                        createdAt: try cells[8].decode(Int64.self), updatedAt: try cells[9].decode(Int64.self),
                        enforce: try cells[10].decode(String.self), per: try cells[11].decode(String.self)
                    ).budget)
            }
            return budgets
        }
    }
}
