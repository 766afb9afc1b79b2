import BurnrateCore
import GRDB

extension SQLiteLedgerStore {
    public func saveAlerts(_ alerts: [Alert]) async throws {
        let records = try AlertRecord.writeOrder(alerts).map { ($0, try AlertRecord($0)) }
        try await writer.write { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO alerts (\(AlertRecord.columnList))
                    VALUES (\(Array(repeating: "?", count: AlertRecord.columns.count).joined(separator: ", ")))
                    ON CONFLICT (id) DO UPDATE SET \(AlertRecord.replacements)
                    """)
            for (alert, record) in records {
                do {
                    try upsert.execute(arguments: [
                        record.id, record.rule, record.key, record.state, record.severity, record.summary, record.figures, record.labels,
                        record.link, record.startedAt, record.firedAt, record.lastSeenAt, record.resolvedAt, record.acknowledgedAt,
                        record.acknowledgedBy, record.history,
                    ])
                } catch DatabaseError.SQLITE_CONSTRAINT_UNIQUE {
                    throw AlertRecord.duplicateOpenAlert(alert)
                }
            }
        }
    }

    public func openAlerts() async throws -> [Alert] {
        // The condition of the partial index on open alerts, word for word, so that SQLite reads it.
        try await fetchAlerts(where: "state <> 'resolved'", [], limit: nil)
    }

    public func alerts(state: AlertState?, rule: String?, before: Timestamp?, limit: Int) async throws -> [Alert] {
        guard limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let state {
            conditions.append("state = ?")
            arguments += [state.rawValue]
        }
        if let rule {
            conditions.append("rule = ?")
            arguments += [rule]
        }
        if let before {
            conditions.append("started_at < ?")
            arguments += [before.microseconds]
        }
        return try await fetchAlerts(where: conditions.joined(separator: " AND "), arguments, limit: limit)
    }

    public func alert(id: String) async throws -> Alert? {
        try await fetchAlerts(where: "id = ?", [id], limit: nil).first
    }

    public func recordDeliveries(_ deliveries: [NotificationDelivery]) async throws {
        try await writer.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO notification_deliveries (\(DeliveryRecord.columnList))
                    VALUES (\(Array(repeating: "?", count: DeliveryRecord.columns.count).joined(separator: ", ")))
                    ON CONFLICT (id) DO NOTHING
                    """)
            for record in deliveries.map(DeliveryRecord.init) {
                try insert.execute(arguments: [
                    record.id, record.alertID, record.rule, record.event, record.channel, record.kind, record.attempt, record.succeeded,
                    record.statusCode, record.error, record.at, record.durationMilliseconds,
                ])
            }
        }
    }

    public func deliveries(alertID: String?, failedOnly: Bool, limit: Int) async throws -> [NotificationDelivery] {
        guard limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let alertID {
            conditions.append("alert_id = ?")
            arguments += [alertID]
        }
        if failedOnly { conditions.append("NOT succeeded") }
        arguments += [limit]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(DeliveryRecord.columnList) FROM notification_deliveries \(filter) ORDER BY at DESC, id DESC LIMIT ?"
        let bound = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                try DeliveryRecord(
                    id: row[0], alertID: row[1], rule: row[2], event: row[3], channel: row[4], kind: row[5], attempt: row[6],
                    succeeded: row[7], statusCode: row[8], error: row[9], at: row[10], durationMilliseconds: row[11]
                ).delivery
            }
        }
    }

    /// The alerts matching `condition` (all when empty), newest first, at most `limit` when given.
    private func fetchAlerts(where condition: String, _ arguments: StatementArguments, limit: Int?) async throws -> [Alert] {
        let filter = condition.isEmpty ? "" : "WHERE \(condition)"
        let page = limit == nil ? "" : "LIMIT ?"
        let sql = "SELECT \(AlertRecord.columnList) FROM alerts \(filter) ORDER BY started_at DESC, id DESC \(page)"
        let bound = limit.map { arguments + [$0] } ?? arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                try AlertRecord(
                    id: row[0], rule: row[1], key: row[2], state: row[3], severity: row[4], summary: row[5], figures: row[6],
                    labels: row[7], link: row[8], startedAt: row[9], firedAt: row[10], lastSeenAt: row[11], resolvedAt: row[12],
                    acknowledgedAt: row[13], acknowledgedBy: row[14], history: row[15]
                ).alert
            }
        }
    }
}
