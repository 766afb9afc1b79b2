/// Turns request bodies and import files into validated events, all or nothing: one bad field in
/// one event rejects the whole batch, and every problem of every event is reported.
public enum EventDecoder {
    /// The most events one request or batch may carry.
    public static let maximumEvents = 10_000
    public static let maximumTags = 32

    static let fields: Set<String> = [
        "id", "timestamp", "provider", "model", "input_tokens", "output_tokens", "cache_read_tokens",
        "cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens", "batch", "service_tier", "latency_ms",
        "status", "tenant", "user", "feature", "team", "environment", "tags", "prompt_hash", "gpu_seconds",
        "original_input_tokens", "session_id", "trace_id", "parent_id", "step",
    ]

    /// Why a batch was refused.
    public enum Failure: Error, Sendable, Hashable {
        /// The body is not JSON (or a line of NDJSON is not).
        case malformed(JSONSyntaxError)
        /// The body held no events.
        case empty
        /// More events than `maximumEvents`.
        case tooManyEvents(count: Int)
        /// Events with invalid fields; nothing was stored.
        case invalid([FieldIssue])
    }

    /// Decodes a JSON body holding one event object or an array of them.
    public static func decodeJSON(_ body: some Collection<UInt8>, now: Timestamp, makeID: () -> String) throws(Failure) -> [UsageEvent] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .malformed(error)
        }
        let nodes = root.elements ?? [root]
        return try decode(nodes, now: now, makeID: makeID)
    }

    /// Decodes newline-delimited JSON, one event per non-blank line; issues name the line.
    public static func decodeNDJSON(_ body: some Collection<UInt8>, now: Timestamp, makeID: () -> String) throws(Failure) -> [UsageEvent] {
        try decode(try ndjsonNodes(body), now: now, makeID: makeID)
    }

    /// The JSON value of every non-blank line, each carrying its line number.
    static func ndjsonNodes(_ body: some Collection<UInt8>) throws(Failure) -> [JSONNode] {
        let lines = Array(body).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated().map {
            (number: $0.offset + 1, bytes: $0.element)
        }
        return try ndjsonNodes(lines: lines)
    }

    /// The JSON value of every non-blank line of `lines`, each carrying the number it comes with,
    /// so that a file read a block at a time numbers its lines as a whole read does.
    static func ndjsonNodes(lines: [(number: Int, bytes: ArraySlice<UInt8>)]) throws(Failure) -> [JSONNode] {
        var nodes: [JSONNode] = []
        nodes.reserveCapacity(lines.count)
        var issues: [FieldIssue] = []
        for line in lines where line.bytes.contains(where: { $0 > 32 }) {
            do {
                nodes.append(try JSONParser.parse(line.bytes, firstLine: line.number))
            } catch {
                issues.append(
                    FieldIssue(
                        index: nodes.count + issues.count, message: "not valid JSON: \(error.message) (column \(error.column))",
                        line: line.number))
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return nodes
    }

    /// Validates already-parsed event objects.
    public static func decode(_ nodes: [JSONNode], now: Timestamp, makeID: () -> String) throws(Failure) -> [UsageEvent] {
        guard nodes.count <= maximumEvents else { throw .tooManyEvents(count: nodes.count) }
        return try validate(nodes, now: now) { _ in makeID() }
    }

    /// Reads every node as an event, all or nothing; `makeID` names an event that has no `id`.
    static func validate(_ nodes: [JSONNode], now: Timestamp, makeID: (JSONNode) -> String) throws(Failure) -> [UsageEvent] {
        guard !nodes.isEmpty else { throw .empty }
        var events: [UsageEvent] = []
        events.reserveCapacity(nodes.count)
        var issues: [FieldIssue] = []
        for (index, node) in nodes.enumerated() {
            var reader = ObjectReader(node, index: index)
            if reader.issues.isEmpty, let event = readEvent(&reader, now: now, makeID: { makeID(node) }) {
                events.append(event)
            }
            issues.append(contentsOf: reader.issues)
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return events
    }

    /// Reads one event, recording every problem in `reader`.
    public static func readEvent(_ reader: inout ObjectReader, now: Timestamp, makeID: () -> String) -> UsageEvent? {
        reader.rejectUnknownKeys(allowed: fields)
        let tokenRange: ClosedRange<Int64> = 0...Limits.maximumTokens
        let id = reader.string("id", maxLength: 128)
        if id?.isEmpty == true { reader.report("id", "must not be empty") }
        var timestamp = now
        if let text = reader.string("timestamp", maxLength: 64) {
            if let parsed = Timestamp(rfc3339: text) {
                timestamp = parsed
                if parsed > now.adding(seconds: 86_400) {
                    reader.report("timestamp", "is more than 24 hours in the future (\(text)); check the client's clock")
                }
            } else {
                reader.report("timestamp", "must be an RFC 3339 date-time such as 2026-11-23T09:30:00Z (got \(text))")
            }
        }
        let provider = reader.string("provider", maxLength: 64)?.lowercased() ?? ""
        let model = reader.name("model", required: true)
        if model?.trimmingWhitespace().isEmpty == true { reader.report("model", "must not be empty") }
        let usage = TokenUsage(
            inputTokens: reader.integer("input_tokens", in: tokenRange) ?? 0,
            outputTokens: reader.integer("output_tokens", in: tokenRange) ?? 0,
            cacheReadTokens: reader.integer("cache_read_tokens", in: tokenRange) ?? 0,
            cacheWriteTokens: reader.integer("cache_write_tokens", in: tokenRange) ?? 0,
            cacheWrite1hTokens: reader.integer("cache_write_1h_tokens", in: tokenRange) ?? 0,
            reasoningTokens: reader.integer("reasoning_tokens", in: tokenRange) ?? 0
        )
        for problem in usage.inconsistencies { reader.report(problem.field, problem.message) }
        let batch = reader.bool("batch") ?? false
        let serviceTier = reader.string("service_tier", maxLength: 32)?.lowercased()
        let latency = reader.integer("latency_ms", in: 0...86_400_000)
        var status = EventStatus.ok
        if let text = reader.string("status", maxLength: 16) {
            if let parsed = EventStatus(rawValue: text.lowercased()) {
                status = parsed
            } else {
                reader.report("status", "must be \"ok\" or \"error\" (got \(text))")
            }
        }
        let attribution = Attribution(
            tenant: reader.name("tenant"), user: reader.name("user"), feature: reader.name("feature"),
            team: reader.name("team"), environment: reader.name("environment")
        )
        let tags = readTags(&reader)
        let promptHash = reader.string("prompt_hash", maxLength: 128)
        let gpuSeconds = reader.double("gpu_seconds", in: 0...10_000_000)
        let originalInput = reader.integer("original_input_tokens", in: tokenRange)
        if let originalInput, originalInput < usage.inputTokens {
            reader.report(
                "original_input_tokens",
                "original_input_tokens (\(originalInput)) is less than input_tokens (\(usage.inputTokens)); it is the prompt's size before compression, input_tokens what was sent"
            )
        }
        let run = RunPosition(
            sessionID: reader.name("session_id").nonEmpty,
            traceID: reader.name("trace_id", maxLength: RunPosition.maximumIDLength).nonEmpty,
            parentID: reader.name("parent_id", maxLength: RunPosition.maximumIDLength).nonEmpty, step: reader.name("step").nonEmpty)
        guard reader.issues.isEmpty, let model else { return nil }
        return UsageEvent(
            id: id ?? makeID(), timestamp: timestamp, provider: provider, model: model, usage: usage,
            batch: batch, serviceTier: serviceTier, latencyMs: latency, status: status,
            attribution: attribution, tags: tags, promptHash: promptHash, gpuSeconds: gpuSeconds,
            originalInputTokens: originalInput, run: run)
    }

    /// The `tags` field: an object of up to `maximumTags` string values, every problem reported.
    static func readTags(_ reader: inout ObjectReader) -> [String: String] {
        guard let node = reader.node("tags") else { return [:] }
        guard let members = node.members else {
            reader.report("tags", "must be an object of string values, found \(node.value.typeDescription)", line: node.line)
            return [:]
        }
        if members.count > maximumTags {
            reader.report("tags", "has \(members.count) keys; the limit is \(maximumTags)", line: node.line)
            return [:]
        }
        var tags: [String: String] = [:]
        for member in members {
            let field = "tags.\(member.key)"
            if member.key.isEmpty || member.key.count > 64 || Limits.hasControlCharacter(member.key) {
                reader.report(field, "tag keys must be 1 to 64 characters, none of them a control character", line: member.node.line)
                continue
            }
            guard case .string(let value) = member.node.value else {
                reader.report(field, "must be a string, found \(member.node.value.typeDescription)", line: member.node.line)
                continue
            }
            if value.count > Limits.maximumValueLength {
                reader.report(field, "is \(value.count) characters long; the limit is \(Limits.maximumValueLength)", line: member.node.line)
                continue
            }
            if Limits.hasControlCharacter(value) {
                reader.report(field, "must not contain control characters such as tabs, line breaks or NUL", line: member.node.line)
                continue
            }
            if tags[member.key] != nil {
                reader.report(field, "appears more than once", line: member.node.line)
            }
            tags[member.key] = value
        }
        return tags
    }
}

extension String? {
    /// The text, or `nil` when it is empty: an empty run field says nothing.
    fileprivate var nonEmpty: String? { self?.isEmpty == false ? self : nil }
}
