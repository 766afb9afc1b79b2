import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func saveCharges(_ charges: [ProviderCharge]) async throws -> ChargeSaveReport {
        let now = Timestamp.now().microseconds
        return try await writer.write { db in
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM provider_charges") ?? 0
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO provider_charges (\(ChargeColumns.names.joined(separator: ", ")))
                    VALUES (\(Array(repeating: "?", count: ChargeColumns.names.count).joined(separator: ", ")))
                    ON CONFLICT (\(ChargeColumns.key.joined(separator: ", "))) DO UPDATE SET
                        \(ChargeColumns.names.filter { !ChargeColumns.key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                    """)
            for charge in charges {
                var values: [(any DatabaseValueConvertible)?] = [
                    charge.provider, ChargeColumns.model(charge), Int64(charge.period.start.daysSinceEpoch),
                    Int64(charge.period.end.daysSinceEpoch), charge.source.rawValue, charge.importID, charge.amount?.nanos,
                ]
                values += ChargeColumns.tokens(charge).map { $0 as (any DatabaseValueConvertible)? }
                values += [charge.requests, now]
                try upsert.execute(arguments: StatementArguments(values))
            }
            let after = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM provider_charges") ?? 0
            return ChargeSaveReport(inserted: after - before, replaced: charges.count - (after - before))
        }
    }

    public func charges(from: UTCDay?, to: UTCDay?, provider: String?) async throws -> [ProviderCharge] {
        try await writer.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let from {
                conditions.append("period_end > ?")
                arguments += [Int64(from.daysSinceEpoch)]
            }
            if let to {
                conditions.append("period_start < ?")
                arguments += [Int64(to.daysSinceEpoch)]
            }
            if let provider {
                conditions.append("provider = ?")
                arguments += [provider]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT \(ChargeColumns.select) FROM provider_charges \(filter) ORDER BY provider, period_start, model, source",
                arguments: arguments
            ).compactMap { row in
                ChargeColumns.charge(
                    provider: row[0], model: row[1], periodStart: row[2], periodEnd: row[3], source: row[4], importID: row[5],
                    amount: row[6], tokens: [row[7], row[8], row[9], row[10], row[11]], requests: row[12])
            }
        }
    }

    public func deleteChargeImport(_ importID: String) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM provider_charges WHERE import_id = ?", arguments: [importID])
            return db.changesCount
        }
    }
}
