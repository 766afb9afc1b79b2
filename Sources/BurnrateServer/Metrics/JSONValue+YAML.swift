import BurnrateCore

extension JSONValue {
    /// The value as block-style YAML, two spaces per level, for configuration files people read.
    ///
    /// Strings are written double-quoted with JSON escapes, which YAML reads alike, so that no
    /// expression or template can be mistaken for YAML syntax.
    func yaml() -> String {
        yamlLines(level: 0).joined(separator: "\n") + "\n"
    }

    private func yamlLines(level: Int) -> [String] {
        let pad = String(repeating: "  ", count: level)
        switch self {
        case .array(let nodes) where !nodes.isEmpty:
            return nodes.flatMap { node in
                var lines = node.value.yamlLines(level: level + 1)
                lines[0] = pad + "- " + lines[0].dropFirst(pad.count + 2)
                return lines
            }
        case .object(let members) where !members.isEmpty:
            return members.flatMap { member -> [String] in
                let key = pad + Self.yamlKey(member.key) + ":"
                switch member.node.value {
                case .array(let nodes) where !nodes.isEmpty: return [key] + member.node.value.yamlLines(level: level)
                case .object(let members) where !members.isEmpty: return [key] + member.node.value.yamlLines(level: level + 1)
                default: return [key + " " + member.node.value.serialized()]
                }
            }
        default:
            return [pad + serialized()]
        }
    }

    /// A key plain when it is a simple identifier, else quoted.
    private static func yamlKey(_ key: String) -> String {
        let simple =
            key.first.map { $0.isLetter || $0 == "_" } == true && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return simple ? key : JSONValue.string(key).serialized()
    }
}
