import BurnrateCore

/// Tags are stored as a compact JSON object with sorted keys, or `NULL` when there are none.
enum TagCoding {
    static func encode(_ tags: [String: String]) -> String? {
        guard !tags.isEmpty else { return nil }
        let members = tags.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, node: JSONNode(.string($0.value), line: 0)) }
        return JSONValue.object(members).serialized()
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text, let members = try? JSONParser.parse(text).members else { return [:] }
        var tags: [String: String] = [:]
        for member in members {
            if case .string(let value) = member.node.value { tags[member.key] = value }
        }
        return tags
    }
}
