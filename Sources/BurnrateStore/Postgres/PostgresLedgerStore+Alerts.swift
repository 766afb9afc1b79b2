import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    public func saveAlerts(_ alerts: [Alert]) async throws {
        guard !alerts.isEmpty else { return }
        let records = try AlertRecord.writeOrder(alerts).map { ($0, try AlertRecord($0)) }
        try await transaction { connection in
            for (alert, record) in records {
                do {
                    try await connection.query(
                        """
                        INSERT INTO alerts (\(unescaped: AlertRecord.columnList))
                        VALUES (\(record.id), \(record.rule), \(record.key), \(record.state), \(record.severity), \(record.summary),
                            \(record.figures), \(record.labels), \(record.link), \(record.startedAt), \(record.firedAt),
                            \(record.lastSeenAt), \(record.resolvedAt), \(record.acknowledgedAt), \(record.acknowledgedBy),
                            \(record.history))
                        ON CONFLICT (id) DO UPDATE SET \(unescaped: AlertRecord.replacements)
                        """, logger: self.logger)
                } catch  where PostgresFailure(error).sqlState == "23505" {
                    throw AlertRecord.duplicateOpenAlert(alert)
                }
            }
        }
    }

    public func openAlerts() async throws -> [Alert] {
        try await fetchAlerts(
            """
            SELECT \(unescaped: AlertRecord.columnList) FROM alerts WHERE state <> 'resolved'
            ORDER BY started_at DESC, id COLLATE "C" DESC
            """)
    }

    public func alerts(state: AlertState?, rule: String?, before: Timestamp?, limit: Int) async throws -> [Alert] {
        guard limit > 0 else { return [] }
        let state = state?.rawValue
        let before = before?.microseconds
        return try await fetchAlerts(
            """
            SELECT \(unescaped: AlertRecord.columnList) FROM alerts
            WHERE (\(state)::text IS NULL OR state = \(state)) AND (\(rule)::text IS NULL OR rule = \(rule))
                AND (\(before)::int8 IS NULL OR started_at < \(before))
            ORDER BY started_at DESC, id COLLATE "C" DESC LIMIT \(limit)
            """)
    }

    public func alert(id: String) async throws -> Alert? {
        try await fetchAlerts("SELECT \(unescaped: AlertRecord.columnList) FROM alerts WHERE id = \(id)").first
    }

    public func recordDeliveries(_ deliveries: [NotificationDelivery]) async throws {
        guard !deliveries.isEmpty else { return }
        let records = deliveries.map(DeliveryRecord.init)
        try await transaction { connection in
            for record in records {
                try await connection.query(
                    """
                    INSERT INTO notification_deliveries (\(unescaped: DeliveryRecord.columnList))
                    VALUES (\(record.id), \(record.alertID), \(record.rule), \(record.event), \(record.channel), \(record.kind),
                        \(record.attempt), \(record.succeeded), \(record.statusCode), \(record.error), \(record.at),
                        \(record.durationMilliseconds))
                    ON CONFLICT (id) DO NOTHING
                    """, logger: self.logger)
            }
        }
    }

    public func deliveries(alertID: String?, failedOnly: Bool, limit: Int) async throws -> [NotificationDelivery] {
        guard limit > 0 else { return [] }
        return try await read { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: DeliveryRecord.columnList) FROM notification_deliveries
                WHERE (\(alertID)::text IS NULL OR alert_id = \(alertID)) AND NOT (\(failedOnly) AND succeeded)
                ORDER BY at DESC, id COLLATE "C" DESC LIMIT \(limit)
                """, logger: self.logger)
            var deliveries: [NotificationDelivery] = []
            for try await row in rows {
                let cells = row.makeRandomAccess()
                deliveries.append(
                    try DeliveryRecord(
                        id: try cells[0].decode(String.self), alertID: try cells[1].decode(String.self),
                        rule: try cells[2].decode(String.self), event: try cells[3].decode(String.self),
                        channel: try cells[4].decode(String.self), kind: try cells[5].decode(String.self),
                        attempt: try cells[6].decode(Int64.self), succeeded: try cells[7].decode(Bool.self),
                        statusCode: try cells[8].decode(Int64?.self), error: try cells[9].decode(String?.self),
                        at: try cells[10].decode(Int64.self), durationMilliseconds: try cells[11].decode(Int64.self)
                    ).delivery)
            }
            return deliveries
        }
    }

    private func fetchAlerts(_ query: PostgresQuery) async throws -> [Alert] {
        try await read { connection in
            var alerts: [Alert] = []
            for try await row in try await connection.query(query, logger: self.logger) {
                let cells = row.makeRandomAccess()
                func text(_ index: Int) throws -> String { try cells[index].decode(String.self) }
                func instant(_ index: Int) throws -> Int64? { try cells[index].decode(Int64?.self) }
                alerts.append(
                    try AlertRecord(
                        id: try text(0), rule: try text(1), key: try text(2), state: try text(3), severity: try text(4),
                        summary: try text(5), figures: try text(6), labels: try text(7), link: try text(8),
                        startedAt: try cells[9].decode(Int64.self), firedAt: try instant(10), lastSeenAt: try cells[11].decode(Int64.self),
                        resolvedAt: try instant(12), acknowledgedAt: try instant(13), acknowledgedBy: try cells[14].decode(String?.self),
                        history: try text(15)
                    ).alert)
            }
            return alerts
        }
    }
}
