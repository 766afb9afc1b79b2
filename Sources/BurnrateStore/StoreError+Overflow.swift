import GRDB

extension StoreError {
    /// Whether `error` is the database refusing a sum past the range of a 64-bit integer: SQLite's
    /// `SUM` of integers ("integer overflow") or PostgreSQL's cast of a larger total to `BIGINT`
    /// (SQLSTATE 22003). Every event is bounded, but a range can hold enough of the largest ones to
    /// pass $9.2 billion; the API answers that with a 422 instead of a 500.
    public static func isArithmeticOverflow(_ error: any Error) -> Bool {
        if let error = error as? DatabaseError {
            return error.message?.contains("integer overflow") == true
        }
        if let error = error as? StoreError {
            return error.sqlState == "22003"
        }
        return PostgresFailure(error).sqlState == "22003"
    }
}
