/// A setting `burnrate serve` cannot start with, naming where it came from as a person would
/// write it (`BURNRATE_PORT=abc`, `--port 70000`, `port: 0 in the config file`), so that the fix is
/// obvious without knowing the order in which sources win.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source and the value given, such as `BURNRATE_PORT=abc`; empty when the problem is not
    /// one value's.
    public var source: String
    /// What is wrong, as the rest of a sentence starting with `source`: `is not a port (a number
    /// from 0 to 65535)`.
    public var problem: String

    public init(source: String, problem: String) {
        self.source = source
        self.problem = problem
    }

    public var description: String {
        source.isEmpty ? problem : "\(source) \(problem)."
    }
}
