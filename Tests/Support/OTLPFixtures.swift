public import Foundation

/// OTLP trace exports shaped like real instrumentations send them, in `Tests/Fixtures/otel`:
/// each as OTLP/JSON (`NAME.json`) and as protobuf (`NAME.pb`, made from the JSON by
/// `scripts/otel-fixtures-to-protobuf.py` with the official opentelemetry-proto classes).
public enum OTLPFixtures {
    /// OpenLLMetry (Traceloop) OpenAI instrumentation: a chat span with cached tokens, a failed
    /// streamed chat span, and the workflow span around them.
    public static let openLLMetryOpenAI = "openllmetry-openai"
    /// OpenLLMetry Anthropic instrumentation: a chat span with cache reads and writes.
    public static let openLLMetryAnthropic = "openllmetry-anthropic"
    /// OpenLIT: an OpenAI chat span and a vector database span.
    public static let openLIT = "openlit"
    /// The current GenAI semantic conventions (`gen_ai.provider.name`, `cache_read.input_tokens`)
    /// from an instrumentation that reports Anthropic's uncached input, under an agent span.
    public static let semconvAnthropicAgent = "semconv-anthropic-agent"

    public static let all = [openLLMetryOpenAI, openLLMetryAnthropic, openLIT, semconvAnthropicAgent]

    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/otel")

    /// The JSON encoding of fixture `name`.
    public static func json(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name + ".json")))
    }

    /// Any file of the fixtures' directory, such as `openlit.pb.gz` (the gzip of `openlit.pb`).
    public static func file(_ filename: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(filename)))
    }

    /// The protobuf encoding of fixture `name`.
    public static func protobuf(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name + ".pb")))
    }
}
