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
}
