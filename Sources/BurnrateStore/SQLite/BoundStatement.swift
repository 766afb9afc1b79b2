import GRDB
import GRDBSQLite

/// Binds values straight into a prepared statement and runs it, for the ingest hot path.
///
/// `StatementArguments` boxes every value of every row in an existential array; at tens of
/// thousands of rows per batch that boxing cost more than SQLite itself. This binds each value
/// with the SQLite C API instead.
struct BoundStatement {
    private let statement: Statement
    private let handle: SQLiteStatement
    private var index: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
        self.handle = statement.sqliteStatement
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func bind(_ value: Int64?) {
        guard let value else { return bindNull() }
        bind(value)
    }

    mutating func bind(_ value: Bool) {
        bind(Int64(value ? 1 : 0))
    }

    mutating func bind(_ value: Double?) {
        guard let value else { return bindNull() }
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    mutating func bind(_ value: String?) {
        guard let value else { return bindNull() }
        index += 1
        let position = index
        var text = value
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                handle, position, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    private mutating func bindNull() {
        index += 1
        sqlite3_bind_null(handle, index)
    }

    /// Runs the statement with the values bound since the last run, then resets it for the next.
    mutating func run(in db: Database) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            index = 0
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
        }
    }
}
