/// Watches a server-sent-event stream from a provider for its usage, event by event, while the
/// bytes go on to the client.
///
/// OpenAI-compatible streams carry usage in a final chunk (`"choices": []` with a `usage` object)
/// when the request set `stream_options.include_usage`; the Responses API carries it in
/// `response.completed`. Anthropic streams carry the input side in `message_start` and the output
/// count, cumulative, in `message_delta`.
///
/// When the proxy added `include_usage` itself, `stripsUsageChunk` drops that extra chunk so the
/// client receives the stream it asked for. Only then are bytes held back, and only until the
/// end of the event they belong to.
public struct StreamUsageScanner: Sendable {
    /// What to send the client for the bytes just scanned.
    public enum Forward: Sendable, Hashable {
        /// The bytes as they came.
        case unchanged
        /// These bytes instead (complete events only, the usage chunk removed).
        case replaced([UInt8])
    }

    public let family: ProxyFamily
    public let stripsUsageChunk: Bool
    private var pending: [UInt8] = []
    private var model: String?
    private var serviceTier: String?
    private var openAIUsage: CountedUsage?
    /// The numbers of Anthropic's usage objects by field, the latest of each; read (and clamped)
    /// by `UsageReader.anthropic` once the stream has reported.
    private var anthropicUsage: [String: JSONValue] = [:]
    private var anthropicOneHour: JSONValue?
    /// How many usage-only chunks were removed from the stream.
    public private(set) var strippedChunks = 0

    public init(family: ProxyFamily, stripsUsageChunk: Bool = false) {
        self.family = family
        self.stripsUsageChunk = stripsUsageChunk && family == .openAI
    }

    /// The usage the stream has reported so far; `nil` until a usage block was seen.
    public var reported: ReportedUsage? {
        switch family {
        case .openAI:
            return openAIUsage.map {
                ReportedUsage(model: model, usage: $0.usage, clampedFields: $0.clampedFields, serviceTier: serviceTier)
            }
        case .anthropic:
            guard !anthropicUsage.isEmpty else { return nil }
            var object = anthropicUsage.map { JSONMember(key: $0.key, node: JSONNode($0.value, line: 0)) }
            if let anthropicOneHour {
                object.append(
                    JSONMember(key: "cache_creation", node: JSONNode(.fields([("ephemeral_1h_input_tokens", anthropicOneHour)]), line: 0)))
            }
            let counted = UsageReader.anthropic(.object(object))
            return ReportedUsage(
                model: model, usage: counted.usage, clampedFields: counted.clampedFields,
                serviceTier: ReportedUsage.billedTier(anthropicUsage["service_tier"]))
        }
    }

    /// Scans the next bytes of the stream and says what to forward.
    public mutating func scan(_ bytes: some Collection<UInt8>) -> Forward {
        pending.append(contentsOf: bytes)
        var kept: [UInt8] = []
        var consumed = 0
        while let end = Self.eventEnd(in: pending, from: consumed) {
            let event = pending[consumed..<end]
            if inspect(event), stripsUsageChunk {
                strippedChunks += 1
            } else {
                kept.append(contentsOf: event)
            }
            consumed = end
        }
        if stripsUsageChunk {
            pending.removeFirst(consumed)
            return .replaced(kept)
        }
        pending.removeFirst(consumed)
        return .unchanged
    }

    /// Ends the stream: an unterminated last event is inspected, and returned when bytes were
    /// being held back.
    public mutating func finish() -> [UInt8] {
        guard !pending.isEmpty else { return [] }
        let rest = pending
        pending = []
        let drop = inspect(rest[...]) && stripsUsageChunk
        if drop { strippedChunks += 1 }
        return stripsUsageChunk && !drop ? rest : []
    }

    /// The index just past the blank line that ends the first complete event at or after `start`.
    static func eventEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        let newline = UInt8(ascii: "\n")
        while index < bytes.count {
            if bytes[index] == newline {
                let next = index + 1
                if next < bytes.count, bytes[next] == newline { return next + 1 }
                if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\r"), bytes[next + 1] == newline { return next + 2 }
            }
            index += 1
        }
        return nil
    }

    /// Reads one event's data; returns whether it is the usage-only chunk to strip.
    private mutating func inspect(_ event: ArraySlice<UInt8>) -> Bool {
        var data: [UInt8] = []
        for line in event.split(separator: UInt8(ascii: "\n")) {
            var line = line
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.starts(with: Self.dataPrefix) else { continue }
            var value = line.dropFirst(Self.dataPrefix.count)
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            if !data.isEmpty { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: value)
        }
        guard !data.isEmpty, data.first == UInt8(ascii: "{"), let node = try? JSONParser.parse(data) else { return false }
        let value = node.value
        switch family {
        case .openAI:
            if let name = value["model"]?.stringValue { model = name }
            if let tier = value["service_tier"] ?? value["response"]?["service_tier"], tier != .null {
                serviceTier = ReportedUsage.billedTier(tier)
            }
            if let usage = value["usage"], case .object = usage {
                openAIUsage = UsageReader.openAI(usage)
                if case .array(let choices)? = value["choices"], choices.isEmpty { return true }
            } else if let response = value["response"], let usage = response["usage"], case .object = usage {
                if let name = response["model"]?.stringValue { model = name }
                openAIUsage = UsageReader.openAI(usage)
            }
        case .anthropic:
            let message = value["message"] ?? value
            if let name = message["model"]?.stringValue { model = name }
            if let usage = message["usage"] ?? value["usage"], case .object(let members) = usage {
                // Numbers, and strings or booleans where counts belong (clamped and named later);
                // null leaves an earlier count, and objects are not counts.
                for member in members {
                    switch member.node.value {
                    case .number, .string, .bool: anthropicUsage[member.key] = member.node.value
                    case .null, .array, .object: continue
                    }
                }
                if let oneHour = usage["cache_creation"]?["ephemeral_1h_input_tokens"], oneHour != .null { anthropicOneHour = oneHour }
            }
        }
        return false
    }

    private static let dataPrefix = Array("data:".utf8)
}
