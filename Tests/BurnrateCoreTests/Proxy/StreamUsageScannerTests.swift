import BurnrateCore
import Foundation
import Testing

@Suite struct StreamUsageScannerTests {
    static let openAIStream = [
        #"data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}"#,
        #"data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}"#,
        #"data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,"prompt_tokens_details":{"cached_tokens":0}}}"#,
        "data: [DONE]",
    ].map { $0 + "\n\n" }.joined()

    /// Feeds `text` in pieces of `size` bytes and collects what would be forwarded.
    static func run(_ text: String, scanner: inout StreamUsageScanner, size: Int) -> String {
        let bytes = Array(text.utf8)
        var forwarded: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            let piece = bytes[start..<min(start + size, bytes.count)]
            switch scanner.scan(piece) {
            case .unchanged: forwarded += piece
            case .replaced(let bytes): forwarded += bytes
            }
        }
        forwarded += scanner.finish()
        return String(decoding: forwarded, as: UTF8.self)
    }

    @Test(arguments: [1, 7, 64, 100_000])
    func openAIUsageChunkIsReadAndPassedThroughWhenTheClientAskedForIt(size: Int) throws {
        var scanner = StreamUsageScanner(family: .openAI)
        #expect(Self.run(Self.openAIStream, scanner: &scanner, size: size) == Self.openAIStream)
        let reported = try #require(scanner.reported)
        #expect(reported.model == "gpt-4o-2024-08-06")
        #expect(reported.usage == TokenUsage(inputTokens: 12, outputTokens: 5))
    }

    @Test(arguments: [1, 7, 64, 100_000])
    func theUsageChunkTheProxyAskedForIsStripped(size: Int) throws {
        var scanner = StreamUsageScanner(family: .openAI, stripsUsageChunk: true)
        let forwarded = Self.run(Self.openAIStream, scanner: &scanner, size: size)
        #expect(!forwarded.contains("usage\":{"))
        #expect(forwarded.contains("\"delta\":{\"content\":\"Hi\"}"))
        #expect(forwarded.hasSuffix("data: [DONE]\n\n"))
        #expect(scanner.strippedChunks == 1)
        #expect(scanner.reported?.usage == TokenUsage(inputTokens: 12, outputTokens: 5))
        let withoutUsage = Self.openAIStream.components(separatedBy: "\n\n").filter { !$0.contains("\"choices\":[]") }
        #expect(forwarded == withoutUsage.joined(separator: "\n\n"))
    }

    @Test func aStreamsServiceTierIsRead() throws {
        var scanner = StreamUsageScanner(family: .openAI)
        let flex = Self.openAIStream.replacingOccurrences(
            of: #""model":"gpt-4o-2024-08-06","#, with: #""model":"gpt-5","service_tier":"flex","#)
        _ = Self.run(flex, scanner: &scanner, size: 64)
        #expect(try #require(scanner.reported).serviceTier == "flex")
        var anthropic = StreamUsageScanner(family: .anthropic)
        let events = [
            #"event: message_start\#ndata: {"type":"message_start","message":{"model":"claude-sonnet-4-5","usage":{"input_tokens":10,"output_tokens":1,"service_tier":"priority"}}}"#,
            #"event: message_delta\#ndata: {"type":"message_delta","usage":{"output_tokens":5}}"#,
        ].map { $0 + "\n\n" }.joined()
        _ = Self.run(events, scanner: &anthropic, size: 100_000)
        #expect(try #require(anthropic.reported).serviceTier == "priority")
    }

    @Test func crlfSeparatedEventsAreReadToo() {
        var scanner = StreamUsageScanner(family: .openAI, stripsUsageChunk: true)
        let text = Self.openAIStream.replacingOccurrences(of: "\n", with: "\r\n")
        let forwarded = Self.run(text, scanner: &scanner, size: 5)
        #expect(scanner.reported?.usage.inputTokens == 12)
        #expect(!forwarded.contains("prompt_tokens"))
    }

    @Test(arguments: [1, 13, 100_000])
    func anthropicStreamsCombineMessageStartAndTheLastMessageDelta(size: Int) throws {
        let stream = [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":1000,\"output_tokens\":1}}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":15}}",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}",
        ].map { $0 + "\n\n" }.joined()
        var scanner = StreamUsageScanner(family: .anthropic, stripsUsageChunk: true)
        #expect(Self.run(stream, scanner: &scanner, size: size) == stream)
        let reported = try #require(scanner.reported)
        #expect(reported.model == "claude-haiku-4-5")
        #expect(reported.usage == TokenUsage(inputTokens: 1125, outputTokens: 15, cacheReadTokens: 1000, cacheWriteTokens: 100))
    }

    @Test func responsesAPIStreamsReportUsageInResponseCompleted() {
        let stream = """
            event: response.output_text.delta
            data: {"type":"response.output_text.delta","delta":"Hi"}

            event: response.completed
            data: {"type":"response.completed","response":{"model":"gpt-4.1","usage":{"input_tokens":9,"output_tokens":4,"input_tokens_details":{"cached_tokens":0},"output_tokens_details":{"reasoning_tokens":0}}}}


            """
        var scanner = StreamUsageScanner(family: .openAI)
        _ = Self.run(stream, scanner: &scanner, size: 10)
        #expect(scanner.reported == ReportedUsage(model: "gpt-4.1", usage: TokenUsage(inputTokens: 9, outputTokens: 4)))
    }

    @Test func aStreamWithoutUsageReportsNone() {
        var scanner = StreamUsageScanner(family: .openAI)
        _ = Self.run("data: {\"choices\":[{\"delta\":{}}]}\n\ndata: [DONE]\n\n", scanner: &scanner, size: 3)
        #expect(scanner.reported == nil)
    }

    /// An Anthropic stream whose counts are absurd (summed, they would overflow Int64) reports
    /// them clamped and named; a later null keeps the earlier count.
    @Test func anthropicStreamsClampOutOfRangeCounts() throws {
        let stream = [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":9223372036854775807,\"cache_creation_input_tokens\":9223372036854775807,\"cache_read_input_tokens\":7,\"output_tokens\":1}}}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":-3,\"cache_read_input_tokens\":null}}",
        ].map { $0 + "\n\n" }.joined()
        var scanner = StreamUsageScanner(family: .anthropic)
        _ = Self.run(stream, scanner: &scanner, size: 17)
        let reported = try #require(scanner.reported)
        let max = Limits.maximumTokens
        #expect(reported.usage == TokenUsage(inputTokens: 2 * max + 7, outputTokens: 0, cacheReadTokens: 7, cacheWriteTokens: max))
        #expect(Set(reported.clampedFields) == ["input_tokens", "cache_creation_input_tokens", "output_tokens"])
    }
}
