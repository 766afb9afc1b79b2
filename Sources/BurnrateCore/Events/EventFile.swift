/// Reads events from an import file: NDJSON, a JSON array, or CSV whose header uses the event
/// field names (`tags` as a JSON object, or one `tag.KEY` column per tag).
public enum EventFile {
    /// The formats an import file can have.
    public enum Format: String, Sendable, CaseIterable {
        case ndjson, json, csv

        /// The format named by a file's extension, NDJSON when it names none.
        public static func guess(path: String) -> Format {
            let lower = path.lowercased()
            if lower.hasSuffix(".csv") { return .csv }
            if lower.hasSuffix(".json") { return .json }
            return .ndjson
        }
    }

    static let integerFields: Set<String> = [
        "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
        "reasoning_tokens", "latency_ms", "gpu_seconds", "original_input_tokens",
    ]

    /// Parses and validates the whole file; throws every problem, each with its line.
    ///
    /// Events without an `id` get one derived from the file's content and the event's line, so
    /// importing the same file again stores nothing twice.
    public static func events(from bytes: [UInt8], format: Format, now: Timestamp) throws(EventDecoder.Failure) -> [UsageEvent] {
        let fileHash = fnv1a(bytes)
        var nodes: [JSONNode]
        switch format {
        case .json:
            do {
                let root = try JSONParser.parse(bytes)
                nodes = root.elements ?? [root]
            } catch {
                throw .malformed(error)
            }
        case .ndjson:
            nodes = try EventDecoder.ndjsonNodes(bytes)
        case .csv:
            nodes = try csvNodes(String(decoding: bytes, as: UTF8.self))
        }
        return try EventDecoder.validate(nodes, now: now) { node in "import-\(fileHash)-\(node.line)" }
    }

    private static func csvNodes(_ text: String) throws(EventDecoder.Failure) -> [JSONNode] {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            throw .invalid([FieldIssue(message: "a quoted field is never closed", line: error.line)])
        }
        guard let header = records.first else { return [] }
        let names = header.fields.map { $0.trimmingWhitespace() }
        var issues: [FieldIssue] = []
        var nodes: [JSONNode] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                issues.append(FieldIssue(message: "has \(record.fields.count) columns; the header has \(names.count)", line: record.line))
                continue
            }
            var members: [JSONMember] = []
            var tags: [JSONMember] = []
            for (name, value) in zip(names, record.fields) where !value.isEmpty {
                if name.hasPrefix("tag.") {
                    tags.append(JSONMember(key: String(name.dropFirst(4)), node: JSONNode(.string(value), line: record.line)))
                } else if name == "tags" {
                    guard let object = (try? JSONParser.parse(value))?.members else {
                        issues.append(
                            FieldIssue(field: "tags", message: "must be a JSON object such as {\"region\":\"eu\"}", line: record.line))
                        continue
                    }
                    tags.append(contentsOf: object.map { JSONMember(key: $0.key, node: JSONNode($0.node.value, line: record.line)) })
                } else {
                    members.append(JSONMember(key: name, node: JSONNode(cell(name: name, value: value), line: record.line)))
                }
            }
            if !tags.isEmpty { members.append(JSONMember(key: "tags", node: JSONNode(.object(tags), line: record.line))) }
            nodes.append(JSONNode(.object(members), line: record.line))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return nodes
    }

    /// A CSV cell as the JSON value the event field expects, so that the same validation reports
    /// a non-number in a number column.
    private static func cell(name: String, value: String) -> JSONValue {
        if integerFields.contains(name), Double(value) != nil { return .number(value) }
        if name == "batch" {
            switch value.lowercased() {
            case "true", "1", "yes": return .bool(true)
            case "false", "0", "no": return .bool(false)
            default: return .string(value)
            }
        }
        return .string(value)
    }

    /// FNV-1a, 64-bit, as hex: a stable fingerprint of a file for derived ids (not for security).
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash = ContentHash()
        hash.update(bytes[...])
        return hash.value
    }

    /// Validates one block of an NDJSON file, read a block at a time so that a file of any size
    /// takes bounded memory: each line with its number in the file, and the `ContentHash` of the
    /// whole file, from which events without an `id` get the same one as a whole-file read gives.
    public static func events(
        ndjsonLines lines: [(number: Int, bytes: ArraySlice<UInt8>)], fileHash: String, now: Timestamp
    ) throws(EventDecoder.Failure) -> [UsageEvent] {
        // A line is one event: its number names the event, wherever in the line the problem is,
        // and an entry's index within one block would mislead.
        func placed(_ issues: [FieldIssue], lineOf entry: (Int) -> Int?) -> EventDecoder.Failure {
            .invalid(
                issues.map { issue in
                    var placed = issue
                    if let index = issue.index, let line = entry(index) { placed.line = line }
                    placed.index = nil
                    return placed
                })
        }
        let nodes: [JSONNode]
        do {
            nodes = try EventDecoder.ndjsonNodes(lines: lines)
        } catch .invalid(let issues) {
            throw placed(issues) { _ in nil }
        }
        guard !nodes.isEmpty else { return [] }
        do {
            return try EventDecoder.validate(nodes, now: now) { node in "import-\(fileHash)-\(node.line)" }
        } catch .invalid(let issues) {
            throw placed(issues) { index in nodes.indices.contains(index) ? nodes[index].line : nil }
        }
    }
}

/// The 64-bit FNV-1a hash of a file's bytes, fed in pieces, which names the events of an import
/// file that carry no `id`.
public struct ContentHash: Sendable {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
        }
    }

    /// The hash in lowercase hexadecimal.
    public var value: String { String(hash, radix: 16) }
}
