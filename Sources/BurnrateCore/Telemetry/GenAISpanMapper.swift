/// Turns the spans of an OTLP trace export into usage events: one event per span that records a
/// model call with GenAI semantic-convention attributes.
///
/// - The event id is `otel-TRACEID-SPANID` (hex), so a span sent again (an exporter retry) is
///   stored once.
/// - The timestamp is the span's end, the latency its duration, the status `error` when the span's
///   status is ERROR or it carries `error.type`.
/// - Tokens follow the semantic conventions, whose convention is ours: input includes cache reads
///   and writes, output includes reasoning. An instrumentation that reports a provider's
///   uncached input (Anthropic's `input_tokens`) shows cache counts larger than its input; then
///   the cache counts are added to the input, the only reading under which the numbers agree.
///   Reasoning larger than output is added to the output the same way.
/// - Spans without a model or token attribute are ignored, and so are agent, tool and workflow
///   spans (see `GenAIAttributeNames.aggregateOperations`); both are counted. A GenAI span
///   whose numbers cannot be used is rejected with a reason.
public struct GenAISpanMapper: Sendable {
    public var rule: DimensionRule

    public init(rule: DimensionRule = .default) {
        self.rule = rule
    }

    /// What became of the spans of one export.
    public struct Result: Sendable, Hashable {
        public var events: [UsageEvent] = []
        /// Spans that are not GenAI model calls.
        public var ignoredSpans = 0
        public var rejected: [Rejection] = []

        public init(events: [UsageEvent] = [], ignoredSpans: Int = 0, rejected: [Rejection] = []) {
            self.events = events
            self.ignoredSpans = ignoredSpans
            self.rejected = rejected
        }

        /// The OTLP `partial_success.error_message`: why spans were rejected, and how many were
        /// ignored; `nil` when every span became an event.
        public var message: String? {
            var parts: [String] = []
            if !rejected.isEmpty {
                let shown = rejected.prefix(5).map { "span \($0.spanID) (\($0.name)): \($0.reason)" }
                parts.append(
                    "\(rejected.count) GenAI span\(rejected.count == 1 ? " was" : "s were") rejected: " + shown.joined(separator: "; ")
                        + (rejected.count > 5 ? "; ..." : ""))
            }
            if ignoredSpans > 0 {
                parts.append(
                    "\(ignoredSpans) span\(ignoredSpans == 1 ? " has" : "s have") no GenAI model-call attributes (gen_ai.request.model, gen_ai.usage.*) and \(ignoredSpans == 1 ? "was" : "were") ignored"
                )
            }
            return parts.isEmpty ? nil : parts.joined(separator: ". ")
        }
    }

    /// A GenAI span that was not recorded, and why.
    public struct Rejection: Sendable, Hashable {
        public var spanID: String
        public var name: String
        public var reason: String

        public init(spanID: String, name: String, reason: String) {
            self.spanID = spanID
            self.name = name
            self.reason = reason
        }
    }

    /// Maps every span of `request`; `now` bounds timestamps (at most a day ahead, as for
    /// `POST /api/v1/events`).
    public func map(_ request: OTLPTraceRequest, now: Timestamp) -> Result {
        var result = Result()
        for resourceSpans in request.resourceSpans {
            for span in resourceSpans.spans {
                switch event(span, resource: resourceSpans.resourceAttributes, now: now) {
                case .event(let event): result.events.append(event)
                case .ignored: result.ignoredSpans += 1
                case .rejected(let reason):
                    result.rejected.append(Rejection(spanID: Self.hex(span.spanID), name: span.name, reason: reason))
                }
            }
        }
        return result
    }

    /// What one span becomes.
    public enum Outcome: Sendable, Hashable {
        case event(UsageEvent)
        case ignored
        case rejected(String)
    }

    /// Maps one span of a resource with `resource` attributes.
    public func event(_ span: OTLPSpan, resource: OTLPAttributes, now: Timestamp) -> Outcome {
        typealias Names = GenAIAttributeNames
        let attributes = span.attributes
        let model = Self.text(attributes, Names.responseModel) ?? Self.text(attributes, Names.requestModel)
        let hasTokens = Names.tokenAttributes.contains { attributes[$0] != nil }
        guard model != nil || hasTokens else { return .ignored }
        if let operation = attributes[Names.operation]?.text?.lowercased(), Names.aggregateOperations.contains(operation) {
            return .ignored
        }
        guard let model else {
            return .rejected("it has GenAI token counts but no model (gen_ai.request.model or gen_ai.response.model)")
        }
        guard model.count <= Limits.maximumValueLength, !Limits.hasControlCharacter(model) else {
            return .rejected("its model name is longer than \(Limits.maximumValueLength) characters or holds control characters")
        }
        guard span.traceID.count == 16, span.spanID.count == 8 else {
            return .rejected("its trace id must be 16 bytes and its span id 8 bytes")
        }
        var usage = TokenUsage()
        do {
            usage.inputTokens = try Self.tokens(attributes, Names.inputTokens)
            usage.outputTokens = try Self.tokens(attributes, Names.outputTokens)
            usage.cacheReadTokens = try Self.tokens(attributes, Names.cacheReadTokens)
            usage.cacheWriteTokens = try Self.tokens(attributes, Names.cacheWriteTokens)
            usage.reasoningTokens = try Self.tokens(attributes, Names.reasoningTokens)
        } catch {
            return .rejected(error.message)
        }
        if usage.cacheReadTokens + usage.cacheWriteTokens > usage.inputTokens {
            usage.inputTokens += usage.cacheReadTokens + usage.cacheWriteTokens
        }
        if usage.reasoningTokens > usage.outputTokens { usage.outputTokens += usage.reasoningTokens }
        guard usage.inputTokens <= Limits.maximumTokens, usage.outputTokens <= Limits.maximumTokens else {
            return .rejected("its token counts exceed \(Limits.maximumTokens)")
        }
        let endNanos = span.endTimeUnixNano > 0 ? span.endTimeUnixNano : span.startTimeUnixNano
        guard endNanos > 0 else { return .rejected("it has neither an end nor a start time") }
        let timestamp = Timestamp(microseconds: Int64(endNanos / 1_000))
        guard timestamp <= now.adding(seconds: 86_400) else {
            return .rejected("it ends more than 24 hours in the future (\(timestamp.rfc3339)); check the sender's clock")
        }
        var latency: Int64?
        if span.startTimeUnixNano > 0, span.endTimeUnixNano >= span.startTimeUnixNano {
            let milliseconds = (span.endTimeUnixNano - span.startTimeUnixNano) / 1_000_000
            if milliseconds <= 86_400_000 { latency = Int64(milliseconds) }
        }
        let session = Self.text(attributes, Names.conversation) ?? Self.text(resource, Names.conversation)
        let step = Self.text(attributes, Names.step)
        for (name, value) in [("gen_ai.conversation.id", session), ("burnrate.step", step)] {
            if let value, value.count > Limits.maximumValueLength || Limits.hasControlCharacter(value) {
                return .rejected("its \(name) is longer than \(Limits.maximumValueLength) characters or holds control characters")
            }
        }
        let run = RunPosition(
            sessionID: session, traceID: Self.hex(span.traceID), parentID: span.parentSpanID.count == 8 ? Self.hex(span.parentSpanID) : nil,
            step: step)
        let failed = span.status == .error || attributes["error.type"] != nil
        let (attribution, tags) = rule.apply(span: attributes, resource: resource)
        let provider = Self.text(attributes, Names.provider).map(Names.providerID) ?? ""
        return .event(
            UsageEvent(
                id: "otel-\(Self.hex(span.traceID))-\(Self.hex(span.spanID))", timestamp: timestamp,
                provider: provider.count <= 64 ? provider : "", model: model, usage: usage,
                serviceTier: Self.text(attributes, Names.serviceTier).flatMap { $0.count <= 32 ? $0.lowercased() : nil },
                latencyMs: latency,
                status: failed ? .error : .ok, attribution: attribution, tags: tags, run: run))
    }

    /// The first non-empty text value among `names`.
    static func text(_ attributes: OTLPAttributes, _ names: [String]) -> String? {
        for name in names {
            if let text = attributes[name]?.text?.trimmingWhitespace(), !text.isEmpty { return text }
        }
        return nil
    }

    /// The first token count among `names`, 0 when none is present. Counts arrive as integers,
    /// and from some instrumentations as whole doubles or digit strings.
    static func tokens(_ attributes: OTLPAttributes, _ names: [String]) throws(OTLPDecodingError) -> Int64 {
        for name in names {
            guard let value = attributes[name] else { continue }
            let count: Int64?
            switch value {
            case .int(let number): count = number
            case .double(let number): count = number.rounded() == number && abs(number) < 1e15 ? Int64(number) : nil
            case .string(let text): count = Int64(text.trimmingWhitespace())
            default: count = nil
            }
            guard let count, (0...Limits.maximumTokens).contains(count) else {
                throw OTLPDecodingError("\(name) must be a whole number from 0 to \(Limits.maximumTokens)")
            }
            return count
        }
        return 0
    }

    /// Lower-case hex, as OTLP/JSON writes ids.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
