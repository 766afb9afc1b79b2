import BurnrateCore

/// A budget as its table row holds it, shared by both backends: money in nano-dollars, instants
/// in microseconds, enums as their raw values, the scope's filters and the thresholds as JSON.
struct BudgetRecord {
    static let columns = [
        "id", "name", "scope", "period", "amount_nanos", "thresholds", "forecast_percent", "source", "created_at", "updated_at", "enforce",
        "per",
    ]
    static let columnList = columns.joined(separator: ", ")
    /// The assignments of an upsert that replaces every column but the id.
    static let replacements = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    var id: String
    var name: String
    var scope: String
    var period: String
    var amountNanos: Int64
    var thresholds: String
    var forecastPercent: Int64
    var source: String
    var createdAt: Int64
    var updatedAt: Int64
    var enforce: String
    var per: String
}

extension BudgetRecord {
    init(_ budget: Budget) throws {
        self.init(
            id: budget.id, name: budget.name, scope: try ColumnCoding.json(budget.scope.filters), period: budget.period.rawValue,
            amountNanos: budget.amount.nanos, thresholds: try ColumnCoding.json(budget.thresholds),
            forecastPercent: Int64(budget.forecastPercent), source: budget.source.rawValue, createdAt: budget.createdAt.microseconds,
            updatedAt: budget.updatedAt.microseconds, enforce: budget.enforcement.rawValue, per: budget.per.rawValue)
    }

    /// The stored budget; throws when a column holds what this version does not write.
    var budget: Budget {
        get throws {
            let row = "budget '\(id)'"
            return Budget(
                id: id, name: name,
                scope: BudgetScope(try ColumnCoding.decode([String: [String]].self, json: scope, column: "scope", row: row)),
                period: try ColumnCoding.decode(BudgetPeriod.self, raw: period, column: "period", row: row),
                per: try ColumnCoding.decode(BudgetPer.self, raw: per, column: "per", row: row),
                amount: Money(nanos: amountNanos),
                thresholds: try ColumnCoding.decode([Int].self, json: thresholds, column: "thresholds", row: row),
                forecastPercent: Int(forecastPercent),
                source: try ColumnCoding.decode(BudgetSource.self, raw: source, column: "source", row: row),
                enforcement: try ColumnCoding.decode(BudgetEnforcement.self, raw: enforce, column: "enforce", row: row),
                createdAt: Timestamp(microseconds: createdAt), updatedAt: Timestamp(microseconds: updatedAt))
        }
    }
}
