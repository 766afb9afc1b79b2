/// Where a request sits in an agent run or conversation: the session it belongs to, the trace that
/// carried it, the step that made it and a name for that step.
///
/// One user action in an agent makes many LLM calls; grouping them by `sessionID` answers what
/// the run cost, and `parentID` and `step` give the shape of the run (its step tree). Every
/// field is optional and limited like an attribution value.
public struct RunPosition: Sendable, Hashable {
    /// The agent run or conversation (`X-Burnrate-Session`, `session_id`,
    /// `gen_ai.conversation.id`).
    public var sessionID: String?
    /// The distributed trace, as the tracer wrote it (32 hex digits for W3C and OpenTelemetry).
    public var traceID: String?
    /// The step this call was made within: the caller's span id, or another event's id.
    public var parentID: String?
    /// A name for the step, such as `plan`, `retrieve` or `answer`.
    public var step: String?

    public init(sessionID: String? = nil, traceID: String? = nil, parentID: String? = nil, step: String? = nil) {
        self.sessionID = sessionID
        self.traceID = traceID
        self.parentID = parentID
        self.step = step
    }

    /// Whether no field is set.
    public var isEmpty: Bool { sessionID == nil && traceID == nil && parentID == nil && step == nil }

    /// The longest trace or parent id, in characters: W3C ids are 32 and 16 hex digits; other
    /// tracers write longer ones, none this long.
    public static let maximumIDLength = 128

    /// The request headers the proxy reads, lower-case.
    public static let headers = ["x-burnrate-session", "x-burnrate-trace", "x-burnrate-parent", "x-burnrate-step", "traceparent"]

    /// Reads a proxied request's run headers through `header` (a lower-case name in, the value
    /// out). `X-Burnrate-Session`, `X-Burnrate-Trace`, `X-Burnrate-Parent` and `X-Burnrate-Step`
    /// set their fields; a W3C `traceparent` (`00-<trace id>-<parent id>-<flags>`) sets the trace
    /// and the parent where those headers do not. Throws the problem with one of the `X-Burnrate`
    /// headers, naming it.
    public static func parse(header: (String) -> String?) throws(AttributionError) -> RunPosition {
        func value(_ name: String, limit: Int) throws(AttributionError) -> String? {
            guard let raw = header(name) else { return nil }
            let text = raw[...].trimmingOptionalWhitespace
            guard !text.isEmpty else { return nil }
            if text.count > limit {
                throw AttributionError(field: name, message: "is \(text.count) characters long; the limit is \(limit)")
            }
            if Limits.hasControlCharacter(text) {
                throw AttributionError(field: name, message: "has a control character (NUL, line break, ...), which is not allowed")
            }
            return String(text)
        }
        var run = RunPosition(
            sessionID: try value("x-burnrate-session", limit: Limits.maximumValueLength),
            traceID: try value("x-burnrate-trace", limit: maximumIDLength),
            parentID: try value("x-burnrate-parent", limit: maximumIDLength),
            step: try value("x-burnrate-step", limit: Limits.maximumValueLength))
        // A `traceparent` that is not a W3C trace context is ignored, as the recommendation asks
        // of its receivers: a tracer's mistake must not fail the call.
        if let context = header("traceparent").flatMap(TraceContext.init(traceparent:)) {
            run.traceID = run.traceID ?? context.traceID
            run.parentID = run.parentID ?? context.parentID
        }
        return run
    }
}

/// A W3C `traceparent` header's trace and parent ids (https://www.w3.org/TR/trace-context/).
struct TraceContext: Hashable {
    var traceID: String
    var parentID: String

    /// Parses `version-traceid-parentid-flags`: lower-case hex, ids not all zeros, version `ff`
    /// invalid; a later version may add fields after the flags.
    init?(traceparent: String) {
        let parts = traceparent[...].trimmingOptionalWhitespace.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2
        else { return nil }
        guard parts[0] != "00" || parts.count == 4 else { return nil }
        func isHex(_ text: Substring) -> Bool { text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } }
        guard parts.prefix(4).allSatisfy(isHex) else { return nil }
        guard parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }) else { return nil }
        traceID = String(parts[1])
        parentID = String(parts[2])
    }
}
