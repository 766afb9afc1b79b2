/// One thing wrong with one field of an input, located precisely enough to fix it.
public struct FieldIssue: Sendable, Hashable, CustomStringConvertible {
    /// The position of the item in a batch (event index, model index, CSV row), when in one.
    public var index: Int?
    /// The field's name or path (`input_tokens`, `tags.region`, `long_context.input`).
    public var field: String?
    /// What is wrong, in words a person can act on.
    public var message: String
    /// The 1-based line of the input where the problem is, when known.
    public var line: Int?

    public init(index: Int? = nil, field: String? = nil, message: String, line: Int? = nil) {
        self.index = index
        self.field = field
        self.message = message
        self.line = line
    }

    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let index { parts.append("item \(index)") }
        if let field { parts.append("field '\(field)'") }
        let location = parts.joined(separator: ", ")
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
