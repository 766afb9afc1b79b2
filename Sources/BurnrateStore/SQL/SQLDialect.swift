/// The differences between the SQL the backends speak, as far as the shared queries need them.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// The placeholder for the `number`th value (1-based).
    func placeholder(_ number: Int) -> String {
        self == .sqlite ? "?" : "$\(number)"
    }
}

/// A value bound to a placeholder.
enum SQLValue: Sendable, Hashable {
    case int(Int64)
    case text(String)
}
