extension JSONValue {
    /// Builds an object from ordered key-value pairs; `nil` values are left out.
    public static func fields(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { JSONMember(key: key, node: JSONNode($0, line: 0)) } })
    }

    /// Builds an array value.
    public static func array(_ values: [JSONValue]) -> JSONValue {
        .array(values.map { JSONNode($0, line: 0) })
    }

    /// The value as JSON text; `indent` > 0 pretty-prints with that many spaces per level.
    public func serialized(indent: Int = 0) -> String {
        var output = ""
        write(to: &output, indent: indent, level: 0)
        return output
    }

    private func write(to output: inout String, indent: Int, level: Int) {
        let newline = indent > 0 ? "\n" : ""
        let pad = { (depth: Int) in indent > 0 ? String(repeating: " ", count: indent * depth) : "" }
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): Self.writeString(text, to: &output)
        case .array(let nodes):
            guard !nodes.isEmpty else { output += "[]"; return }
            output += "[" + newline
            for (offset, node) in nodes.enumerated() {
                output += pad(level + 1)
                node.value.write(to: &output, indent: indent, level: level + 1)
                output += (offset < nodes.count - 1 ? "," : "") + newline
            }
            output += pad(level) + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{" + newline
            for (offset, member) in members.enumerated() {
                output += pad(level + 1)
                Self.writeString(member.key, to: &output)
                output += indent > 0 ? ": " : ":"
                member.node.value.write(to: &output, indent: indent, level: level + 1)
                output += (offset < members.count - 1 ? "," : "") + newline
            }
            output += pad(level) + "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
