/// A storage failure that is not the caller's fault.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for callers that answer each kind differently (the API answers
    /// `unavailable` with 503 rather than 500). A struct rather than an enum, so that kinds can be
    /// added without breaking anyone's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unavailable
            case failed
        }

        private let base: Base

        /// The database is unreachable, restarting or overloaded: retrying later may succeed.
        public static let unavailable = Code(base: .unavailable)
        /// Anything else: a retry would fail the same way.
        public static let failed = Code(base: .failed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String
    /// PostgreSQL's error code, when it reported one.
    var sqlState: String?

    /// An insert found no partition for its timestamp (another replica dropped it).
    var isMissingPartition: Bool { sqlState == "23514" }

    /// Whether retrying later may succeed (`code` is `unavailable`).
    public var isUnavailable: Bool { code == .unavailable }

    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A failure that is `unavailable` when `isUnavailable`, else `failed`.
    public init(message: String, isUnavailable: Bool = false) {
        self.init(isUnavailable ? .unavailable : .failed, message: message)
    }

    public var description: String { message }
}
