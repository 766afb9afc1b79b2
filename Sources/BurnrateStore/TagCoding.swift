import BurnrateCore

/// Tags are stored as a compact JSON object with sorted keys, or `NULL` when there are none.
enum TagCoding {
    static func encode(_ tags: [String: String]) -> String? {
        guard !tags.isEmpty else { return nil }
        return JSONValue.fields(tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).serialized()
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
