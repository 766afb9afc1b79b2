import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    /// The column definitions `jsonb_to_recordset` reads a batch of cost items with.
    static let costItemRecordType = """
        id text, category text, service text, resource text, provider text, amount bigint, billed_cost bigint,
        period_start bigint, period_end bigint, recurrence text, tenant text, user_id text, feature text, team text,
        environment text, tags jsonb, allocate_by text, allocation_basis text, source text, created_at bigint
        """

    public func saveCostItems(_ items: [CostItem]) async throws -> [CostItemOutcome] {
        guard !items.isEmpty else { return [] }
        var unique: [String: CostItem] = [:]
        var order: [CostItem] = []
        for item in items where unique[item.id] == nil {
            unique[item.id] = item
            order.append(item)
        }
        let now = Timestamp.now()
        let document = JSONValue.array(order.map { CostItemRecord($0, createdAt: now).json }).serialized()
        let ids = order.map(\.id)
        let (fresh, originals) = try await transaction { connection in
            // One statement for the whole batch; concurrent writers of one id store it once.
            let inserted = try await connection.query(
                """
                INSERT INTO cost_items (\(unescaped: CostItemRecord.columnList))
                SELECT \(unescaped: CostItemRecord.columnList)
                FROM jsonb_to_recordset(\(document)::jsonb) AS incoming(\(unescaped: Self.costItemRecordType))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: self.logger)
            var fresh: Set<String> = []
            for try await id in inserted.decode(String.self) { fresh.insert(id) }
            let repeated = ids.filter { !fresh.contains($0) }
            let originals = repeated.isEmpty ? [:] : try await self.fetchCostItems(ids: repeated, on: connection)
            return (fresh, originals)
        }
        var answered: Set<String> = []
        return try items.map { item in
            if fresh.contains(item.id), let stored = unique[item.id] {
                return CostItemOutcome(item: stored, duplicate: !answered.insert(item.id).inserted)
            }
            guard let original = originals[item.id] else {
                throw StoreError(message: "cost item \(item.id) conflicted but could not be read back")
            }
            return CostItemOutcome(item: original, duplicate: true)
        }
    }

    public func costItems(overlapping from: Timestamp?, to: Timestamp?) async throws -> [CostItem] {
        let select = "SELECT \(Self.costItemSelect) FROM cost_items"
        let order = "ORDER BY period_start, id COLLATE \"C\""
        let query: PostgresQuery =
            switch (from, to) {
            case (let from?, let to?):
                """
                \(unescaped: select) WHERE period_start < \(to.microseconds)
                    AND (period_end IS NULL OR period_end > \(from.microseconds)) \(unescaped: order)
                """
            case (let from?, nil):
                "\(unescaped: select) WHERE period_end IS NULL OR period_end > \(from.microseconds) \(unescaped: order)"
            case (nil, let to?):
                "\(unescaped: select) WHERE period_start < \(to.microseconds) \(unescaped: order)"
            case (nil, nil):
                "\(unescaped: select) \(unescaped: order)"
            }
        return try await read { connection in
            var items: [CostItem] = []
            for try await row in try await connection.query(query, logger: self.logger) {
                items.append(try Self.costItem(from: row))
            }
            return items
        }
    }

    public func deleteCostItem(id: String) async throws -> Bool {
        try await transaction { connection in
            let rows = try await connection.query("DELETE FROM cost_items WHERE id = \(id) RETURNING id", logger: self.logger)
            for try await _ in rows { return true }
            return false
        }
    }

    /// The select list, with the tags read back as text.
    static let costItemSelect = CostItemRecord.columns.map { $0 == "tags" ? "tags::text" : $0 }.joined(separator: ", ")

    func fetchCostItems(ids: [String], on connection: PostgresConnection) async throws -> [String: CostItem] {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.costItemSelect) FROM cost_items WHERE id = ANY(\(ids))", logger: logger)
        var found: [String: CostItem] = [:]
        for try await row in rows {
            let item = try Self.costItem(from: row)
            found[item.id] = item
        }
        return found
    }

    static func costItem(from row: PostgresRow) throws -> CostItem {
        let cells = row.makeRandomAccess()
        func text(_ index: Int) throws -> String? { try cells[index].decode(String?.self) }
        func number(_ index: Int) throws -> Int64? { try cells[index].decode(Int64?.self) }
        return CostItemRecord(
            id: try cells[0].decode(String.self), category: try cells[1].decode(String.self),
            service: try cells[2].decode(String.self), resource: try text(3), provider: try text(4),
            amount: try cells[5].decode(Int64.self), billedCost: try number(6), periodStart: try cells[7].decode(Int64.self),
            periodEnd: try number(8), recurrence: try cells[9].decode(String.self), tenant: try text(10), user: try text(11),
            feature: try text(12), team: try text(13), environment: try text(14), tags: try text(15), allocateBy: try text(16),
            allocationBasis: try text(17), source: try cells[18].decode(String.self), createdAt: try cells[19].decode(Int64.self)
        ).item
    }
}
