import BurnrateCore
import Testing

@Suite struct UsageReaderTests {
    @Test func openAIChatUsageKeepsCachedAndReasoningInsideTheTotals() throws {
        let body = """
            {"id": "chatcmpl-1", "model": "gpt-4o-2024-08-06", "choices": [],
             "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500,
                       "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
                       "completion_tokens_details": {"reasoning_tokens": 200}}}
            """
        let reported = try #require(UsageReader.response(Array(body.utf8), family: .openAI))
        #expect(reported.model == "gpt-4o-2024-08-06")
        #expect(reported.usage == TokenUsage(inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1024, reasoningTokens: 200))
        #expect(reported.usage.inconsistencies.isEmpty)
    }

    /// The tier the provider billed prices the request: OpenAI names it at the top of the
    /// response, Anthropic in its usage; the standard tier's names mean no tier.
    @Test func theBilledServiceTierIsRead() throws {
        func openAI(_ tier: String) -> String? {
            UsageReader.response(
                Array(#"{"model": "gpt-5", "service_tier": \#(tier), "usage": {"prompt_tokens": 10, "completion_tokens": 2}}"#.utf8),
                family: .openAI)?.serviceTier
        }
        #expect(openAI(#""flex""#) == "flex")
        #expect(openAI(#""PRIORITY""#) == "priority")
        #expect(openAI(#""default""#) == nil)
        #expect(openAI("null") == nil)
        #expect(openAI(#""<script>alert(1)</script>""#) == nil)
        #expect(openAI("\"" + String(repeating: "x", count: 10_000) + "\"") == nil)
        let anthropic = #"{"model": "claude-sonnet-4-5", "usage": {"input_tokens": 10, "output_tokens": 2, "service_tier": "priority"}}"#
        #expect(UsageReader.response(Array(anthropic.utf8), family: .anthropic)?.serviceTier == "priority")
        let standard = #"{"model": "claude-sonnet-4-5", "usage": {"input_tokens": 10, "output_tokens": 2, "service_tier": "standard"}}"#
        #expect(UsageReader.response(Array(standard.utf8), family: .anthropic)?.serviceTier == nil)
    }

    @Test func responsesAPIAndEmbeddingsUsage() throws {
        let responses = """
            {"model": "o4-mini", "usage": {"input_tokens": 50, "input_tokens_details": {"cached_tokens": 10},
             "output_tokens": 40, "output_tokens_details": {"reasoning_tokens": 30}, "total_tokens": 90}}
            """
        #expect(
            UsageReader.response(Array(responses.utf8), family: .openAI)?.usage
                == TokenUsage(inputTokens: 50, outputTokens: 40, cacheReadTokens: 10, reasoningTokens: 30))
        let embeddings = #"{"model": "text-embedding-3-small", "usage": {"prompt_tokens": 8, "total_tokens": 8}}"#
        #expect(UsageReader.response(Array(embeddings.utf8), family: .openAI)?.usage == TokenUsage(inputTokens: 8))
    }

    @Test func anthropicCacheTokensAreAddedToTheInput() throws {
        let body = """
            {"id": "msg_1", "type": "message", "model": "claude-haiku-4-5",
             "usage": {"input_tokens": 100, "cache_read_input_tokens": 2000, "cache_creation_input_tokens": 500,
                       "cache_creation": {"ephemeral_5m_input_tokens": 200, "ephemeral_1h_input_tokens": 300},
                       "output_tokens": 70}}
            """
        let reported = try #require(UsageReader.response(Array(body.utf8), family: .anthropic))
        #expect(
            reported.usage
                == TokenUsage(inputTokens: 2600, outputTokens: 70, cacheReadTokens: 2000, cacheWriteTokens: 500, cacheWrite1hTokens: 300))
        #expect(reported.usage.uncachedInputTokens == 100)
    }

    @Test(arguments: ["not json", "[1, 2]", #"{"model": "gpt-4o"}"#, #"{"usage": null}"#])
    func bodiesWithoutUsageReadAsNone(_ body: String) {
        #expect(UsageReader.response(Array(body.utf8), family: .openAI) == nil)
    }

    /// Counts out of range are clamped into 0...Limits.maximumTokens before any arithmetic (Anthropic's
    /// input is a sum, which Int64.max parts would overflow) and named.
    @Test func outOfRangeCountsAreClampedAndNamed() throws {
        let max = Limits.maximumTokens
        let anthropic = """
            {"model": "claude-haiku-4-5", "usage": {"input_tokens": 9223372036854775807, "cache_read_input_tokens": 9223372036854775807,
             "cache_creation_input_tokens": -5, "output_tokens": 1e30}}
            """
        let reported = try #require(UsageReader.response(Array(anthropic.utf8), family: .anthropic))
        #expect(reported.usage == TokenUsage(inputTokens: 2 * max, outputTokens: max, cacheReadTokens: max))
        #expect(reported.clampedFields == ["input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "output_tokens"])
        let openAI = """
            {"model": "gpt-4o", "usage": {"prompt_tokens": 99999999999999999999999, "completion_tokens": "ten",
             "prompt_tokens_details": {"cached_tokens": 2.5}, "completion_tokens_details": {"reasoning_tokens": null}}}
            """
        let read = try #require(UsageReader.response(Array(openAI.utf8), family: .openAI))
        #expect(read.usage == TokenUsage(inputTokens: max, outputTokens: 0, cacheReadTokens: 2))
        #expect(read.clampedFields == ["prompt_tokens", "completion_tokens", "cached_tokens"])
    }

    @Test func countsInRangeAreNotFlagged() throws {
        let body = #"{"usage": {"prompt_tokens": 1000000000, "completion_tokens": 0, "prompt_tokens_details": null}}"#
        let reported = try #require(UsageReader.response(Array(body.utf8), family: .openAI))
        #expect(reported.usage == TokenUsage(inputTokens: Limits.maximumTokens))
        #expect(reported.clampedFields.isEmpty)
    }

    @Test(
        arguments: [
            ("-1", 0, false), ("0", 0, true), ("12", 12, true), ("1000000001", 1_000_000_000, false), ("-99999999999999999999", 0, false),
            ("3.9", 3, false), ("-0.5", 0, false), ("1e400", 0, false),
        ] as [(String, Int64, Bool)])
    func clampedCounts(_ text: String, _ count: Int64, _ exact: Bool) {
        let result = UsageReader.clampedCount(.number(text))
        #expect(result.count == count)
        #expect(result.exact == exact)
    }
}
