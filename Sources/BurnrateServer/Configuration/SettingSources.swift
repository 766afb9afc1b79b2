/// A setting's value with where it came from, as a person would write it: `--port 70000`,
/// `BURNRATE_PORT=abc`, `port: 0 in the config file`.
struct GivenSetting<Value> {
    var value: Value
    var source: String

    /// The value when `isValid` accepts it; otherwise an error saying that the source is not
    /// `expected` (such as `a port (a number from 0 to 65535)`).
    func checked(_ expected: String, _ isValid: (Value) -> Bool) throws(ConfigurationError) -> Value {
        guard isValid(value) else { throw ConfigurationError(source: source, problem: "is not \(expected)") }
        return value
    }

    /// The value `convert` makes of this one; an error like `checked`'s when it makes none.
    func converted<Result>(_ expected: String, _ convert: (Value) -> Result?) throws(ConfigurationError) -> Result {
        guard let result = convert(value) else { throw ConfigurationError(source: source, problem: "is not \(expected)") }
        return result
    }
}

/// Picks each setting from its sources in order of precedence: flag, environment variable,
/// config file. The first one given wins, and only it is checked; none given is `nil`, for the
/// caller's default.
struct SettingSources {
    var environment: EnvironmentVariables

    /// The first text given.
    func text(flag: String?, _ flagName: String, variable: String, file: String?, _ fileKey: String) -> GivenSetting<String>? {
        if let flag { return GivenSetting(value: flag, source: "\(flagName) \(flag)") }
        if let text = environment.value(variable) { return GivenSetting(value: text, source: "\(variable)=\(text)") }
        if let file { return GivenSetting(value: file, source: "\(fileKey): \(file) in the config file") }
        return nil
    }

    /// The first whole number given; a variable that holds no whole number is an error saying it
    /// is not `expected`.
    func integer(
        flag: Int?, _ flagName: String, variable: String, file: Int?, _ fileKey: String, expected: String
    ) throws(ConfigurationError) -> GivenSetting<Int>? {
        if let flag { return GivenSetting(value: flag, source: "\(flagName) \(flag)") }
        if let text = environment.value(variable) {
            let given = GivenSetting(value: text, source: "\(variable)=\(text)")
            return GivenSetting(value: try given.converted(expected) { Int($0) }, source: given.source)
        }
        if let file { return GivenSetting(value: file, source: "\(fileKey): \(file) in the config file") }
        return nil
    }

    /// URLs given with `flagName`, then those in `variable` (comma-separated), each an absolute
    /// `http` or `https` URL with a host.
    func urls(flags: [String], _ flagName: String, variable: String) throws(ConfigurationError) -> [String] {
        try Self.checkedURLs(flags) { "\(flagName) \($0)" } + Self.checkedURLs(environment.list(variable)) { "'\($0)' in \(variable)" }
    }

    /// `urls`, each an absolute `http` or `https` URL with a host; `source` names one in an error.
    static func checkedURLs(_ urls: [String], source: (String) -> String) throws(ConfigurationError) -> [String] {
        for url in urls where !NotificationChannel.isHTTPURL(url) {
            throw ConfigurationError(source: source(url), problem: "is not an http:// or https:// URL with a host")
        }
        return urls
    }
}
