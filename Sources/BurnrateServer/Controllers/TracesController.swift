import BurnrateCore
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /v1/traces`: OTLP/HTTP trace export, in protobuf or JSON, optionally gzip-compressed.
/// Spans with GenAI semantic-convention attributes become usage events; the rest are ignored
/// and counted. The response is an `ExportTraceServiceResponse` in the request's encoding.
struct TracesController<Context: RequestContext> {
    /// The largest body accepted, compressed or not, and the most a gzip body may inflate to.
    static var maximumBodyBytes: Int { 10 * 1024 * 1024 }
    static var maximumInflatedBytes: Int { 64 * 1024 * 1024 }

    let ledger: Ledger
    let mapper: GenAISpanMapper
    let metrics: TelemetryMetrics
    let logger: Logger

    init(ledger: Ledger, configuration: AppConfiguration, metrics: TelemetryMetrics) {
        self.ledger = ledger
        self.mapper = GenAISpanMapper(rule: configuration.otelDimensions)
        self.metrics = metrics
        var logger = Logger(label: "burnrate.otel")
        logger.logLevel = configuration.logLevel
        self.logger = logger
    }

    func addRoutes(to router: Router<Context>) {
        router.post("v1/traces", use: export)
    }

    /// The two encodings OTLP/HTTP defines.
    enum Encoding {
        case protobuf, json

        init(contentType: String?) throws {
            let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            switch mediaType {
            case "application/x-protobuf", "application/protobuf": self = .protobuf
            case "application/json": self = .json
            default:
                throw Problem(
                    .unsupportedMediaType,
                    detail:
                        "POST /v1/traces takes OTLP/HTTP with Content-Type application/x-protobuf or application/json (got \(contentType.map { "'\($0)'" } ?? "none"))."
                )
            }
        }

        var contentType: String { self == .protobuf ? "application/x-protobuf" : "application/json" }
    }

    @Sendable func export(request: Request, context: Context) async throws -> Response {
        let encoding = try Encoding(contentType: request.headers[.contentType])
        var request = request
        var body = Array(
            try await request.collectBody(
                upTo: Self.maximumBodyBytes, tooLarge: "The request body is larger than 10 MB; export smaller batches."
            ).readableBytesView)
        body = try Self.decompress(body, contentEncoding: request.headers[.contentEncoding])
        let traces: OTLPTraceRequest
        do {
            traces = encoding == .protobuf ? try OTLPProtobufDecoder.decode(body) : try OTLPJSONDecoder.decode(body)
        } catch {
            throw Problem.badRequest("The body is not a valid OTLP ExportTraceServiceRequest: \(error.message).")
        }
        let result = mapper.map(traces, now: .now())
        let outcomes = result.events.isEmpty ? [] : try await ledger.ingest(result.events)
        let duplicates = outcomes.filter(\.duplicate).count
        metrics.record(
            recorded: outcomes.count - duplicates, duplicates: duplicates, ignored: result.ignoredSpans, rejected: result.rejected.count)
        logger.debug(
            "OTLP trace export",
            metadata: [
                "spans": "\(traces.spanCount)", "recorded": "\(outcomes.count - duplicates)", "duplicates": "\(duplicates)",
                "ignored": "\(result.ignoredSpans)", "rejected": "\(result.rejected.count)",
            ])
        if !result.rejected.isEmpty {
            logger.warning("OTLP spans rejected", metadata: ["rejected": "\(result.rejected.count)", "reason": "\(result.message ?? "")"])
        }
        let response = OTLPExportResponse(result)
        let bytes = encoding == .protobuf ? response.protobuf : Array((response.json.serialized() + "\n").utf8)
        return Response(
            status: .ok, headers: [.contentType: encoding.contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The body without its content coding: identity or gzip, as OTLP/HTTP exporters send.
    static func decompress(_ body: [UInt8], contentEncoding: String?) throws -> [UInt8] {
        switch contentEncoding?.trimmingCharacters(in: .whitespaces).lowercased() ?? "identity" {
        case "", "identity": return body
        case "gzip", "x-gzip":
            do {
                return try Gzip.inflate(body, limit: maximumInflatedBytes)
            } catch .tooLarge {
                throw Problem(.contentTooLarge, detail: "The gzip body inflates to more than 64 MB; export smaller batches.")
            } catch .corrupt(let message) {
                throw Problem.badRequest("The gzip body cannot be inflated: \(message).")
            }
        default:
            throw Problem(
                .unsupportedMediaType,
                detail: "POST /v1/traces takes Content-Encoding gzip or none (got '\(contentEncoding ?? "")').")
        }
    }
}
