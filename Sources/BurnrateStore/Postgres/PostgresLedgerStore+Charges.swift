import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func saveCharges(_ charges: [ProviderCharge]) async throws -> ChargeSaveReport {
        guard !charges.isEmpty else { return ChargeSaveReport(inserted: 0, replaced: 0) }
        let now = Timestamp.now().microseconds
        let sql = """
            INSERT INTO provider_charges (\(ChargeColumns.names.joined(separator: ", ")))
            VALUES (\((1...ChargeColumns.names.count).map { "$\($0)" }.joined(separator: ", ")))
            ON CONFLICT (\(ChargeColumns.key.joined(separator: ", "))) DO UPDATE SET
                \(ChargeColumns.names.filter { !ChargeColumns.key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            RETURNING (xmax = 0) AS inserted
            """
        return try await transaction { connection in
            var inserted = 0
            for charge in charges {
                var bindings = PostgresBindings(capacity: ChargeColumns.names.count)
                bindings.append(charge.provider)
                bindings.append(ChargeColumns.model(charge))
                bindings.append(Int64(charge.period.start.daysSinceEpoch))
                bindings.append(Int64(charge.period.end.daysSinceEpoch))
                bindings.append(charge.source.rawValue)
                bindings.append(charge.importID)
                bindings.append(charge.amount?.nanos)
                for count in ChargeColumns.tokens(charge) { bindings.append(count) }
                bindings.append(charge.requests)
                bindings.append(now)
                let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: self.logger)
                for try await isNew in rows.decode(Bool.self) where isNew { inserted += 1 }
            }
            return ChargeSaveReport(inserted: inserted, replaced: charges.count - inserted)
        }
    }

    public func charges(from: UTCDay?, to: UTCDay?, provider: String?) async throws -> [ProviderCharge] {
        let fromDay = from.map { Int64($0.daysSinceEpoch) }
        let toDay = to.map { Int64($0.daysSinceEpoch) }
        return try await read { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: ChargeColumns.select) FROM provider_charges
                WHERE (\(fromDay)::int8 IS NULL OR period_end > \(fromDay)) AND (\(toDay)::int8 IS NULL OR period_start < \(toDay))
                    AND (\(provider)::text IS NULL OR provider = \(provider))
                ORDER BY provider, period_start, model, source
                """, logger: self.logger)
            var charges: [ProviderCharge] = []
            for try await row in rows {
                let cells = row.makeRandomAccess()
                let charge = ChargeColumns.charge(
                    provider: try cells[0].decode(String.self), model: try cells[1].decode(String.self),
                    periodStart: try cells[2].decode(Int64.self), periodEnd: try cells[3].decode(Int64.self),
                    source: try cells[4].decode(String.self), importID: try cells[5].decode(String.self),
                    amount: try cells[6].decode(Int64?.self), tokens: try (7...11).map { try cells[$0].decode(Int64?.self) },
                    requests: try cells[12].decode(Int64?.self))
                if let charge { charges.append(charge) }
            }
            return charges
        }
    }

    public func deleteChargeImport(_ importID: String) async throws -> Int {
        try await transaction { connection in
            let rows = try await connection.query(
                "DELETE FROM provider_charges WHERE import_id = \(importID) RETURNING 1", logger: self.logger)
            var deleted = 0
            for try await _ in rows { deleted += 1 }
            return deleted
        }
    }
}
