/// A storage failure that is not the caller's fault.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Whether retrying later may succeed: the database is unreachable, restarting or overloaded.
    /// The API answers such failures with 503 rather than 500.
    public var isUnavailable: Bool
    public var message: String
    /// PostgreSQL's error code, when it reported one.
    var sqlState: String?

    /// An insert found no partition for its timestamp (another replica dropped it).
    var isMissingPartition: Bool { sqlState == "23514" }

    public init(message: String, isUnavailable: Bool = false) {
        self.message = message
        self.isUnavailable = isUnavailable
    }

    public var description: String { message }
}
