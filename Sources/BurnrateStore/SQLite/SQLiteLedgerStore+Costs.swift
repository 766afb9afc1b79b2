import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func saveCostItems(_ items: [CostItem]) async throws -> [CostItemOutcome] {
        let now = Timestamp.now()
        return try await writer.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO cost_items (\(CostItemRecord.columnList))
                    VALUES (\(Array(repeating: "?", count: CostItemRecord.columns.count).joined(separator: ", ")))
                    ON CONFLICT (id) DO NOTHING
                    """)
            return try items.map { item in
                try insert.execute(arguments: Self.arguments(CostItemRecord(item, createdAt: now)))
                if db.changesCount > 0 { return CostItemOutcome(item: item, duplicate: false) }
                guard let original = try Self.fetchCostItem(id: item.id, in: db) else {
                    throw StoreError(message: "cost item \(item.id) conflicted but could not be read back")
                }
                return CostItemOutcome(item: original, duplicate: true)
            }
        }
    }

    public func costItems(overlapping from: Timestamp?, to: Timestamp?) async throws -> [CostItem] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let to {
            conditions.append("period_start < ?")
            arguments += [to.microseconds]
        }
        if let from {
            conditions.append("(period_end IS NULL OR period_end > ?)")
            arguments += [from.microseconds]
        }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(CostItemRecord.columnList) FROM cost_items \(clause) ORDER BY period_start, id"
        let bound = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { Self.costItemRecord(from: $0).item }
        }
    }

    public func deleteCostItem(id: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM cost_items WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    static func fetchCostItem(id: String, in db: Database) throws -> CostItem? {
        try Row.fetchOne(db, sql: "SELECT \(CostItemRecord.columnList) FROM cost_items WHERE id = ?", arguments: [id])
            .map { costItemRecord(from: $0).item }
    }

    static func arguments(_ record: CostItemRecord) -> StatementArguments {
        [
            record.id, record.category, record.service, record.resource, record.provider, record.amount, record.billedCost,
            record.periodStart, record.periodEnd, record.recurrence, record.tenant, record.user, record.feature, record.team,
            record.environment, record.tags, record.allocateBy, record.allocationBasis, record.source, record.createdAt,
        ]
    }

    static func costItemRecord(from row: Row) -> CostItemRecord {
        CostItemRecord(
            id: row[0], category: row[1], service: row[2], resource: row[3], provider: row[4], amount: row[5],
            billedCost: row[6], periodStart: row[7], periodEnd: row[8], recurrence: row[9], tenant: row[10], user: row[11],
            feature: row[12], team: row[13], environment: row[14], tags: row[15], allocateBy: row[16], allocationBasis: row[17],
            source: row[18], createdAt: row[19])
    }
}
