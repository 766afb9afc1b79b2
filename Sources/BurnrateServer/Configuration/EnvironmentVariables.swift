import Foundation

/// Environment variables as Burnrate reads them, over a plain dictionary so that resolving a
/// configuration is a pure function that tests can give any environment.
public struct EnvironmentVariables: Sendable {
    /// Every variable, by name, as the process (or a test) has them.
    public var values: [String: String]

    /// - Parameter values: the process's environment by default.
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The variable's value; an empty value counts as unset.
    public func value(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A comma-separated list, items trimmed and empty items dropped.
    public func list(_ name: String) -> [String] {
        value(name)?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
    }

    /// A comma-separated list of keys, keeping empty items (and an empty value that is set) so
    /// that start-up can refuse them rather than run with fewer keys than meant.
    public func keys(_ name: String) -> [String] {
        guard let value = values[name] else { return [] }
        return value.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}
