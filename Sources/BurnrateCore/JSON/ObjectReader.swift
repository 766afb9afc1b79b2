/// Reads typed fields from one JSON object, collecting every problem instead of stopping at the
/// first, so a caller can report all bad fields of all items at once.
public struct ObjectReader {
    private let members: [JSONMember]
    private let index: Int?
    private let prefix: String
    /// The line of the object itself.
    public let line: Int
    /// Every problem found so far.
    public private(set) var issues: [FieldIssue] = []
    /// Whether an exact decimal (an amount of money, hours) may be a JSON number with a fraction.
    /// A YAML file's `0.25` is what a person wrote, so files allow it; the API's document asks for
    /// a fraction as a decimal string (`"0.25"`), since most clients write fractional JSON numbers
    /// as binary floating point (`0.30000000000000004`). Readers of nested objects inherit it.
    public var allowsFractionalDecimalNumbers = true

    /// Starts reading `node`; records an issue if it is not an object or repeats a key.
    public init(_ node: JSONNode, index: Int? = nil, prefix: String = "") {
        self.index = index
        self.prefix = prefix
        self.line = node.line
        if let members = node.members {
            self.members = members
            var seen = Set<String>()
            for member in members where !seen.insert(member.key).inserted {
                issues.append(issue(member.key, "appears more than once", line: member.node.line))
            }
        } else {
            self.members = []
            issues.append(
                FieldIssue(
                    index: index, field: prefix.isEmpty ? nil : String(prefix.dropLast()),
                    message: "must be a JSON object, found \(node.value.typeDescription)", line: node.line))
        }
    }

    private func issue(_ key: String, _ message: String, line: Int? = nil) -> FieldIssue {
        FieldIssue(index: index, field: prefix + key, message: message, line: line ?? self.line)
    }

    /// Records a problem with `key` found by the caller.
    public mutating func report(_ key: String, _ message: String, line: Int? = nil) {
        issues.append(issue(key, message, line: line))
    }

    /// Records an issue for every key not in `allowed`.
    public mutating func rejectUnknownKeys(allowed: Set<String>) {
        for member in members where !allowed.contains(member.key) {
            let known = allowed.sorted().joined(separator: ", ")
            issues.append(issue(member.key, "is not a known field (known fields: \(known))", line: member.node.line))
        }
    }

    /// The node for `key`, or `nil` when it is absent or JSON `null`.
    public func node(_ key: String) -> JSONNode? {
        guard let member = members.first(where: { $0.key == key }) else { return nil }
        if case .null = member.node.value { return nil }
        return member.node
    }

    /// Whether `key` is present with a non-null value.
    public func has(_ key: String) -> Bool { node(key) != nil }

    /// A string field; records an issue when present with another type or longer than `maxLength`
    /// characters, or absent while `required`.
    public mutating func string(_ key: String, required: Bool = false, maxLength: Int = 256) -> String? {
        guard let node = node(key) else {
            if required { report(key, "is required") }
            return nil
        }
        guard case .string(let text) = node.value else {
            report(key, "must be a string, found \(node.value.typeDescription)", line: node.line)
            return nil
        }
        if text.count > maxLength {
            report(key, "is \(text.count) characters long; the limit is \(maxLength)", line: node.line)
            return nil
        }
        if text.utf8.contains(0) {
            report(key, "must not contain a NUL character (\\u0000)", line: node.line)
            return nil
        }
        return text
    }

    /// An attribution value or a name (tenant, user, model, ...): a string of at most
    /// `Limits.maximumValueLength` characters without control characters, which would break the
    /// lines of CSV files, logs and pages that show it.
    public mutating func name(_ key: String, required: Bool = false, maxLength: Int = Limits.maximumValueLength) -> String? {
        guard let text = string(key, required: required, maxLength: maxLength) else { return nil }
        if Limits.hasControlCharacter(text) {
            report(key, "must not contain control characters such as tabs, line breaks or NUL", line: node(key)?.line)
            return nil
        }
        return text
    }

    /// A whole-number field within `range`; records an issue for fractions, other types or values
    /// outside the range.
    public mutating func integer(_ key: String, in range: ClosedRange<Int64>, required: Bool = false) -> Int64? {
        guard let node = node(key) else {
            if required { report(key, "is required") }
            return nil
        }
        guard case .number(let text) = node.value else {
            report(key, "must be a whole number, found \(node.value.typeDescription)", line: node.line)
            return nil
        }
        guard let value = Self.wholeNumber(text) else {
            let isFraction = text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
            let why = isFraction ? "must be a whole number" : "is out of range"
            report(key, "\(why) (got \(text)); allowed: \(range.lowerBound) to \(range.upperBound)", line: node.line)
            return nil
        }
        return checkRange(value, key: key, range: range, line: node.line)
    }

    private mutating func checkRange(_ value: Int64, key: String, range: ClosedRange<Int64>, line: Int) -> Int64? {
        guard range.contains(value) else {
            let message =
                value < 0 && range.lowerBound >= 0
                ? "must not be negative (got \(value))"
                : "must be between \(range.lowerBound) and \(range.upperBound) (got \(value))"
            report(key, message, line: line)
            return nil
        }
        return value
    }

    /// A number field read as `Double`, for measurements such as seconds; records an issue for
    /// other types, non-finite values, or values outside `range`.
    public mutating func double(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let node = node(key) else { return nil }
        guard case .number(let text) = node.value, let value = Double(text), value.isFinite else {
            report(key, "must be a number, found \(node.value.typeDescription)", line: node.line)
            return nil
        }
        guard range.contains(value) else {
            report(key, "must be between \(range.lowerBound) and \(range.upperBound) (got \(text))", line: node.line)
            return nil
        }
        return value
    }

    /// The whole number a JSON number's text spells, `956` and `956.0` alike (JSON Schema counts
    /// both as integers); `nil` for a fraction, an exponent or a value outside `Int64`.
    public static func wholeNumber(_ text: String) -> Int64? {
        if let value = Int64(text) { return value }
        guard let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
        return Int64(text[..<dot])
    }

    /// Why `node`, a decimal read as `scaled` with `scale` decimals, cannot stand where decimals
    /// must be strings or whole numbers: `nil` unless it is a JSON number with a fraction.
    public static func fractionalNumberProblem(_ node: JSONNode, scaled: Int64, scale: Int) -> String? {
        guard case .number(let text) = node.value, scaled % ScaledDecimal.power(scale) != 0 else { return nil }
        return "must be a decimal string such as \"\(text)\" or a whole number: "
            + "most clients write a JSON number with a fraction as binary floating point (got \(text))"
    }

    /// A boolean field.
    public mutating func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .bool(let value) = node.value else {
            report(key, "must be true or false, found \(node.value.typeDescription)", line: node.line)
            return nil
        }
        return value
    }

    /// A decimal given as a string or a number, returned scaled by 10^`scale`; a number with a
    /// fraction only where `allowsFractionalDecimalNumbers`.
    public mutating func decimal(_ key: String, scale: Int, required: Bool = false) -> Int64? {
        guard let node = node(key) else {
            if required { report(key, "is required") }
            return nil
        }
        let text: String
        switch node.value {
        case .string(let value), .number(let value): text = value
        default:
            report(key, "must be a decimal number such as \"2.50\", found \(node.value.typeDescription)", line: node.line)
            return nil
        }
        guard let scaled = ScaledDecimal.parse(text, scale: scale) else {
            report(key, "must be a non-negative decimal with at most \(scale) decimals (got \(text))", line: node.line)
            return nil
        }
        if !allowsFractionalDecimalNumbers, let problem = Self.fractionalNumberProblem(node, scaled: scaled, scale: scale) {
            report(key, problem, line: node.line)
            return nil
        }
        return scaled
    }

    /// An amount in dollars, as a string or a number, from 0 to `Limits.maximumAmount`, in
    /// nano-dollars.
    public mutating func amount(_ key: String, required: Bool = false) -> Int64? {
        guard let nanos = decimal(key, scale: 9, required: required) else { return nil }
        guard nanos <= Limits.maximumAmount.nanos else {
            report(
                key, "must be at most \(Limits.maximumAmountUSD) dollars (got \(ScaledDecimal.formatTrimmed(nanos, scale: 9)))",
                line: node(key)?.line)
            return nil
        }
        return nanos
    }

    /// An array of strings.
    public mutating func strings(_ key: String) -> [String]? {
        guard let node = node(key) else { return nil }
        guard let elements = node.elements else {
            report(key, "must be an array of strings, found \(node.value.typeDescription)", line: node.line)
            return nil
        }
        var result: [String] = []
        for (offset, element) in elements.enumerated() {
            guard case .string(let text) = element.value else {
                report("\(key)[\(offset)]", "must be a string, found \(element.value.typeDescription)", line: element.line)
                continue
            }
            guard !text.utf8.contains(0) else {
                report("\(key)[\(offset)]", "must not contain a NUL character (\\u0000)", line: element.line)
                continue
            }
            result.append(text)
        }
        return result
    }

    /// A nested object, read by `body` with a reader whose field names are prefixed by `key.`.
    public mutating func object<T>(_ key: String, _ body: (inout ObjectReader) -> T?) -> T? {
        guard let node = node(key) else { return nil }
        var nested = ObjectReader(node, index: index, prefix: prefix + key + ".")
        nested.allowsFractionalDecimalNumbers = allowsFractionalDecimalNumbers
        let result = nested.issues.isEmpty ? body(&nested) : nil
        issues.append(contentsOf: nested.issues)
        return result
    }
}
