import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func saveBudget(_ budget: Budget) async throws {
        let record = try BudgetRecord(budget)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO budgets (\(BudgetRecord.columnList))
                    VALUES (\(Array(repeating: "?", count: BudgetRecord.columns.count).joined(separator: ", ")))
                    ON CONFLICT (id) DO UPDATE SET \(BudgetRecord.replacements)
                    """,
                arguments: [
                    record.id, record.name, record.scope, record.period, record.amountNanos, record.thresholds, record.forecastPercent,
                    record.source, record.createdAt, record.updatedAt, record.enforce, record.per,
                ])
        }
    }

    public func budgets() async throws -> [Budget] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(BudgetRecord.columnList) FROM budgets ORDER BY id").map { try Self.budget(from: $0) }
        }
    }

    public func budget(id: String) async throws -> Budget? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(BudgetRecord.columnList) FROM budgets WHERE id = ?", arguments: [id])
                .map { try Self.budget(from: $0) }
        }
    }

    public func deleteBudget(id: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM budgets WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    static func budget(from row: Row) throws -> Budget {
        try BudgetRecord(
            id: row[0], name: row[1], scope: row[2], period: row[3], amountNanos: row[4], thresholds: row[5], forecastPercent: row[6],
            source: row[7], createdAt: row[8], updatedAt: row[9], enforce: row[10], per: row[11]
        ).budget
    }
}
