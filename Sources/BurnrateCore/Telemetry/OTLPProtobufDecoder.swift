/// Decodes the protobuf encoding of an OTLP `ExportTraceServiceRequest`
/// (`Content-Type: application/x-protobuf`).
///
/// Field numbers follow opentelemetry-proto (`collector/trace/v1/trace_service.proto`,
/// `trace/v1/trace.proto`, `common/v1/common.proto`, `resource/v1/resource.proto`); fields
/// Burnrate does not read are skipped, as protobuf allows, so newer exporters stay compatible.
public enum OTLPProtobufDecoder {
    /// How deep attribute values may nest (arrays of maps of arrays...), so that a hostile body
    /// cannot exhaust the stack.
    public static let maximumValueDepth = 32

    /// Decodes a whole request body.
    public static func decode(_ bytes: [UInt8]) throws(OTLPDecodingError) -> OTLPTraceRequest {
        var reader = ProtobufReader(bytes)
        var request = OTLPTraceRequest()
        while let field = try reader.nextField() {
            if field.number == 1 {  // ExportTraceServiceRequest.resource_spans
                try reader.expect(field, .lengthDelimited)
                var nested = try reader.message()
                request.resourceSpans.append(try resourceSpans(&nested))
            } else {
                try reader.skip(field)
            }
        }
        return request
    }

    /// `ResourceSpans`: resource = 1, scope_spans = 2.
    static func resourceSpans(_ reader: inout ProtobufReader) throws(OTLPDecodingError) -> OTLPResourceSpans {
        var result = OTLPResourceSpans()
        while let field = try reader.nextField() {
            switch field.number {
            case 1:
                try reader.expect(field, .lengthDelimited)
                var resource = try reader.message()
                while let inner = try resource.nextField() {
                    if inner.number == 1 {  // Resource.attributes
                        try resource.expect(inner, .lengthDelimited)
                        var pair = try resource.message()
                        result.resourceAttributes.pairs.append(try keyValue(&pair, depth: 0))
                    } else {
                        try resource.skip(inner)
                    }
                }
            case 2:
                try reader.expect(field, .lengthDelimited)
                var scope = try reader.message()
                while let inner = try scope.nextField() {
                    if inner.number == 2 {  // ScopeSpans.spans
                        try scope.expect(inner, .lengthDelimited)
                        var span = try scope.message()
                        result.spans.append(try self.span(&span))
                    } else {
                        try scope.skip(inner)
                    }
                }
            default:
                try reader.skip(field)
            }
        }
        return result
    }

    /// `Span`: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, start_time_unix_nano = 7 (fixed64),
    /// end_time_unix_nano = 8 (fixed64), attributes = 9, status = 15.
    static func span(_ reader: inout ProtobufReader) throws(OTLPDecodingError) -> OTLPSpan {
        var span = OTLPSpan(traceID: [], spanID: [])
        while let field = try reader.nextField() {
            switch field.number {
            case 1:
                try reader.expect(field, .lengthDelimited)
                span.traceID = try reader.bytesValue()
            case 2:
                try reader.expect(field, .lengthDelimited)
                span.spanID = try reader.bytesValue()
            case 4:
                try reader.expect(field, .lengthDelimited)
                span.parentSpanID = try reader.bytesValue()
            case 5:
                try reader.expect(field, .lengthDelimited)
                span.name = try reader.string()
            case 7:
                try reader.expect(field, .fixed64)
                span.startTimeUnixNano = try reader.fixed64()
            case 8:
                try reader.expect(field, .fixed64)
                span.endTimeUnixNano = try reader.fixed64()
            case 9:
                try reader.expect(field, .lengthDelimited)
                var pair = try reader.message()
                span.attributes.pairs.append(try keyValue(&pair, depth: 0))
            case 15:
                try reader.expect(field, .lengthDelimited)
                var status = try reader.message()
                while let inner = try status.nextField() {
                    switch inner.number {
                    case 2:  // Status.message
                        try status.expect(inner, .lengthDelimited)
                        span.statusMessage = try status.string()
                    case 3:  // Status.code
                        try status.expect(inner, .varint)
                        span.status = OTLPStatusCode(rawValue: Int(truncatingIfNeeded: try status.varint())) ?? .unset
                    default:
                        try status.skip(inner)
                    }
                }
            default:
                try reader.skip(field)
            }
        }
        return span
    }

    /// `KeyValue`: key = 1, value = 2.
    static func keyValue(_ reader: inout ProtobufReader, depth: Int) throws(OTLPDecodingError) -> OTLPKeyValue {
        var key = ""
        var value = OTLPValue.string("")
        while let field = try reader.nextField() {
            switch field.number {
            case 1:
                try reader.expect(field, .lengthDelimited)
                key = try reader.string()
            case 2:
                try reader.expect(field, .lengthDelimited)
                var nested = try reader.message()
                value = try anyValue(&nested, depth: depth + 1)
            default:
                try reader.skip(field)
            }
        }
        return OTLPKeyValue(key, value)
    }

    /// `AnyValue`: string_value = 1, bool_value = 2, int_value = 3, double_value = 4,
    /// array_value = 5, kvlist_value = 6, bytes_value = 7. An empty `AnyValue` reads as "".
    static func anyValue(_ reader: inout ProtobufReader, depth: Int) throws(OTLPDecodingError) -> OTLPValue {
        guard depth <= maximumValueDepth else {
            throw OTLPDecodingError("attribute values nest deeper than \(maximumValueDepth) levels")
        }
        var value = OTLPValue.string("")
        while let field = try reader.nextField() {
            switch field.number {
            case 1:
                try reader.expect(field, .lengthDelimited)
                value = .string(try reader.string())
            case 2:
                try reader.expect(field, .varint)
                value = .bool(try reader.varint() != 0)
            case 3:
                try reader.expect(field, .varint)
                value = .int(Int64(bitPattern: try reader.varint()))
            case 4:
                try reader.expect(field, .fixed64)
                value = .double(Double(bitPattern: try reader.fixed64()))
            case 5, 6:
                try reader.expect(field, .lengthDelimited)
                var list = try reader.message()
                var values: [OTLPValue] = []
                var pairs: [OTLPKeyValue] = []
                while let inner = try list.nextField() {
                    guard inner.number == 1 else {
                        try list.skip(inner)
                        continue
                    }
                    try list.expect(inner, .lengthDelimited)
                    var element = try list.message()
                    if field.number == 5 {
                        values.append(try anyValue(&element, depth: depth + 1))
                    } else {
                        pairs.append(try keyValue(&element, depth: depth + 1))
                    }
                }
                value = field.number == 5 ? .array(values) : .keyValues(OTLPAttributes(pairs))
            case 7:
                try reader.expect(field, .lengthDelimited)
                value = .bytes(try reader.bytesValue())
            default:
                try reader.skip(field)
            }
        }
        return value
    }
}
