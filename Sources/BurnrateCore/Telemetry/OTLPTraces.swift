/// The part of an OTLP `ExportTraceServiceRequest` Burnrate reads, decoded alike from the
/// protobuf and the JSON encoding: resources with their attributes, and their spans' ids, names,
/// times, attributes and status. Everything else (events, links, scopes) is skipped.
public struct OTLPTraceRequest: Sendable, Hashable {
    public var resourceSpans: [OTLPResourceSpans]

    public init(resourceSpans: [OTLPResourceSpans] = []) {
        self.resourceSpans = resourceSpans
    }

    /// Every span of the request.
    public var spanCount: Int { resourceSpans.reduce(0) { $0 + $1.spans.count } }
}

/// The spans one resource (one process, one service) sent, with the resource's attributes.
public struct OTLPResourceSpans: Sendable, Hashable {
    public var resourceAttributes: OTLPAttributes
    /// The spans of every instrumentation scope of the resource, in order.
    public var spans: [OTLPSpan]

    public init(resourceAttributes: OTLPAttributes = OTLPAttributes(), spans: [OTLPSpan] = []) {
        self.resourceAttributes = resourceAttributes
        self.spans = spans
    }
}

/// One span, as far as Burnrate reads it.
public struct OTLPSpan: Sendable, Hashable {
    /// 16 bytes in a valid span.
    public var traceID: [UInt8]
    /// 8 bytes in a valid span.
    public var spanID: [UInt8]
    /// The span this one was started within: 8 bytes, or empty for a root span.
    public var parentSpanID: [UInt8]
    public var name: String
    public var startTimeUnixNano: UInt64
    public var endTimeUnixNano: UInt64
    public var attributes: OTLPAttributes
    public var status: OTLPStatusCode
    public var statusMessage: String

    public init(
        traceID: [UInt8], spanID: [UInt8], parentSpanID: [UInt8] = [], name: String = "", startTimeUnixNano: UInt64 = 0,
        endTimeUnixNano: UInt64 = 0,
        attributes: OTLPAttributes = OTLPAttributes(), status: OTLPStatusCode = .unset, statusMessage: String = ""
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.startTimeUnixNano = startTimeUnixNano
        self.endTimeUnixNano = endTimeUnixNano
        self.attributes = attributes
        self.status = status
        self.statusMessage = statusMessage
    }
}

/// A span's status code (`Status.code` in trace.proto).
public enum OTLPStatusCode: Int, Sendable, Hashable {
    case unset = 0
    case ok = 1
    case error = 2
}

/// An attribute value (`AnyValue` in common.proto).
public indirect enum OTLPValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case array([OTLPValue])
    case keyValues(OTLPAttributes)
    case bytes([UInt8])

    /// The value as text for a dimension or tag: strings as they are, numbers and booleans
    /// written out; `nil` for arrays, maps and bytes, which name no single dimension value.
    public var text: String? {
        switch self {
        case .string(let value): value
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .array, .keyValues, .bytes: nil
        }
    }
}

/// A list of attributes in the order they were sent (`repeated KeyValue`); a key sent twice
/// reads as its first value.
public struct OTLPAttributes: Sendable, Hashable {
    public var pairs: [OTLPKeyValue]

    public init(_ pairs: [OTLPKeyValue] = []) {
        self.pairs = pairs
    }

    /// The value of `key`, if present.
    public subscript(key: String) -> OTLPValue? {
        pairs.first { $0.key == key }?.value
    }

    /// Whether any attribute's key satisfies `predicate`.
    public func containsKey(where predicate: (String) -> Bool) -> Bool {
        pairs.contains { predicate($0.key) }
    }
}

/// One attribute.
public struct OTLPKeyValue: Sendable, Hashable {
    public var key: String
    public var value: OTLPValue

    public init(_ key: String, _ value: OTLPValue) {
        self.key = key
        self.value = value
    }
}

/// Why an OTLP body could not be decoded; `message` says where.
public struct OTLPDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
