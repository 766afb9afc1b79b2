import PostgresNIO
import _ConnectionPoolModule

/// A PostgreSQL error classified for callers: whether retrying the transaction at once may
/// succeed, and whether the database is unavailable (a 503) rather than failing (a 500).
struct PostgresFailure {
    let error: any Error

    init(_ error: any Error) {
        if let transaction = error as? PostgresTransactionError {
            self.error = transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
        } else {
            self.error = error
        }
    }

    var sqlState: String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    /// Serialization failures and deadlocks: the transaction was rolled back and may be rerun.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// Lost or refused connections, a server shutting down or out of resources.
    var isUnavailable: Bool {
        if error is ConnectionPoolError { return true }
        if let state = sqlState {
            return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P")
        }
        guard let error = error as? PSQLError else { return false }
        return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed].contains(error.code)
    }

    var storeError: StoreError {
        if let error = error as? StoreError { return error }
        var message: String
        if let error = error as? PSQLError, let server = error.serverInfo?[.message] {
            message = "PostgreSQL: \(server)"
            if let state = sqlState { message += " (SQLSTATE \(state))" }
        } else if isUnavailable {
            message = "The PostgreSQL connection was lost or could not be opened."
        } else {
            message = "PostgreSQL: \(String(reflecting: error))"
        }
        var failure = StoreError(message: message, isUnavailable: isUnavailable)
        failure.sqlState = sqlState
        return failure
    }

    /// What to tell an operator whose server could not be reached at start-up.
    static func describeConnectFailure(_ error: any Error, address: PostgresURL) -> String {
        let failure = PostgresFailure(error)
        let server = (failure.error as? PSQLError)?.serverInfo?[.message]
        switch failure.sqlState {
        case "28P01", "28000":
            return
                "PostgreSQL at \(address.host):\(address.port) refused the credentials of user '\(address.username)': \(server ?? "authentication failed")."
        case "3D000":
            let name = address.database ?? address.username
            return "PostgreSQL at \(address.host):\(address.port) has no database '\(name)'. Create it first, e.g. `createdb \(name)`."
        case .some:
            return "PostgreSQL at \(address.host):\(address.port) refused the connection: \(server ?? "unknown error")."
        case nil:
            let detail = (failure.error as? PSQLError)?.underlying.map { String(describing: $0) } ?? String(describing: failure.error)
            let known = [
                ("Connection refused", "connection refused"), ("connectTimeout", "timed out"), ("timeout", "timed out"),
                ("No route to host", "no route to host"), ("Name or service not known", "unknown host"), ("getaddrinfo", "unknown host"),
            ]
            let underlying = known.first { detail.contains($0.0) }?.1 ?? detail
            return
                "Cannot reach PostgreSQL at \(address.host):\(address.port) (\(underlying)). Is the server running and accepting TCP connections there?"
        }
    }
}
