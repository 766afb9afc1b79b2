import Foundation

/// How budget and alert rows hold what is not a plain number or text, the same on every backend:
/// enums as their raw values, collections (scope filters, thresholds, figures, labels, history)
/// as compact JSON with sorted keys, so that equal values are stored as equal text.
enum ColumnCoding {
    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value a JSON column holds; a `StoreError` naming the row and column when the text is
    /// not what this version writes.
    static func decode<Value: Decodable>(_ type: Value.Type, json text: String, column: String, row: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(message: "The \(column) of \(row) cannot be read: \(text)")
        }
    }

    /// The enum case a column holds as its raw value; a `StoreError` naming the row and column
    /// when this version does not know it.
    static func decode<Value: RawRepresentable>(_ type: Value.Type, raw: String, column: String, row: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw StoreError(message: "The \(column) of \(row) is '\(raw)', which this version does not know.")
        }
        return value
    }
}
