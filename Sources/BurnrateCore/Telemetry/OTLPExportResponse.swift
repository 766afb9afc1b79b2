/// An OTLP `ExportTraceServiceResponse`: empty when every span was accepted, else a
/// `partial_success` with the number of rejected spans and a message.
///
/// The OTLP specification lets a server that accepted everything still send `partial_success`
/// with `rejected_spans` 0 and a message, as a warning; Burnrate does so for ignored spans.
public struct OTLPExportResponse: Sendable, Hashable {
    public var rejectedSpans: Int64
    public var errorMessage: String?

    public init(rejectedSpans: Int64 = 0, errorMessage: String? = nil) {
        self.rejectedSpans = rejectedSpans
        self.errorMessage = errorMessage
    }

    /// The response for a mapped export.
    public init(_ result: GenAISpanMapper.Result) {
        self.init(rejectedSpans: Int64(result.rejected.count), errorMessage: result.message)
    }

    var hasPartialSuccess: Bool { rejectedSpans != 0 || errorMessage != nil }

    /// The protobuf encoding: partial_success = 1 { rejected_spans = 1, error_message = 2 }.
    public var protobuf: [UInt8] {
        guard hasPartialSuccess else { return [] }
        var writer = ProtobufWriter()
        writer.messageField(1) { partial in
            if rejectedSpans != 0 { partial.varintField(1, rejectedSpans) }
            if let errorMessage { partial.stringField(2, errorMessage) }
        }
        return writer.bytes
    }

    /// The JSON encoding (int64 as a string, as proto3 JSON writes it).
    public var json: JSONValue {
        guard hasPartialSuccess else { return .object([]) }
        return .fields([
            (
                "partialSuccess",
                .fields([("rejectedSpans", .string(String(rejectedSpans))), ("errorMessage", errorMessage.map(JSONValue.string))])
            )
        ])
    }
}
