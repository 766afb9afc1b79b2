import PostgresNIO

/// A row of the `events` view, read by column.
struct PostgresEventRow: ColumnReader {
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        cells = row.makeRandomAccess()
    }

    /// The select list of `EventColumn`, with the tags read back as text.
    static let selectList = EventColumn.names.map { $0 == EventColumn.tags.rawValue ? "tags::text" : $0 }.joined(separator: ", ")

    func text(_ column: EventColumn) throws -> String { try cells[column.index].decode(String.self) }
    func int(_ column: EventColumn) throws -> Int64 { try cells[column.index].decode(Int64.self) }
    func optionalInt(_ column: EventColumn) throws -> Int64? { try cells[column.index].decode(Int64?.self) }
    func optionalText(_ column: EventColumn) throws -> String? { try cells[column.index].decode(String?.self) }
    func flag(_ column: EventColumn) throws -> Bool { try cells[column.index].decode(Bool.self) }
    func optionalDouble(_ column: EventColumn) throws -> Double? { try cells[column.index].decode(Double?.self) }
}
