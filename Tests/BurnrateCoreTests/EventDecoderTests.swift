import BurnrateCore
import Testing

@Suite struct EventDecoderTests {
    let now = Timestamp(rfc3339: "2026-11-23T10:00:00Z")!

    func decode(_ json: String) throws(EventDecoder.Failure) -> [UsageEvent] {
        var counter = 0
        return try EventDecoder.decodeJSON(Array(json.utf8), now: now) {
            counter += 1
            return "generated-\(counter)"
        }
    }

    func issues(_ json: String) -> [FieldIssue] {
        do {
            _ = try decode(json)
            return []
        } catch {
            if case .invalid(let issues) = error { return issues }
            return [FieldIssue(message: "\(error)")]
        }
    }

    @Test func decodesAFullEvent() throws {
        let events = try decode(
            """
            {"id": "req-1", "timestamp": "2026-11-23T09:30:00.250+01:00", "provider": "OpenAI", "model": "gpt-4o",
             "input_tokens": 1200, "output_tokens": 300, "cache_read_tokens": 1000, "cache_write_tokens": 0,
             "reasoning_tokens": 100, "batch": false, "service_tier": "Flex", "latency_ms": 840, "status": "error",
             "tenant": "acme", "user": "u1", "feature": "search", "team": "core", "environment": "prod",
             "tags": {"region": "eu", "名前": "テスト"}, "prompt_hash": "abc", "gpu_seconds": 1.5,
             "original_input_tokens": 2000}
            """)
        let event = try #require(events.first)
        #expect(event.id == "req-1")
        #expect(event.timestamp.rfc3339 == "2026-11-23T08:30:00.25Z")
        #expect(event.provider == "openai")
        #expect(event.serviceTier == "flex")
        #expect(event.usage == TokenUsage(inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1000, reasoningTokens: 100))
        #expect(event.status == .error)
        #expect(event.tags["名前"] == "テスト")
        #expect(event.gpuSeconds == 1.5)
        #expect(event.originalInputTokens == 2000)
    }

    @Test func fillsIdAndTimestampWhenAbsent() throws {
        let events = try decode(#"[{"model": "gpt-4o"}, {"model": "gpt-4o"}]"#)
        #expect(events.map(\.id) == ["generated-1", "generated-2"])
        #expect(events.allSatisfy { $0.timestamp == now })
    }

    @Test(arguments: [
        (#"{"model": "m", "input_tokens": -5}"#, "input_tokens", "must not be negative"),
        (#"{"model": "m", "input_tokens": "12"}"#, "input_tokens", "must be a whole number, found a string"),
        (#"{"model": "m", "input_tokens": 1.5}"#, "input_tokens", "must be a whole number"),
        (#"{"model": "m", "input_tokens": 99999999999999999999999}"#, "input_tokens", "out of range"),
        (#"{"model": "m", "output_tokens": 1000000001}"#, "output_tokens", "between 0 and 1000000000"),
        (#"{"model": "m", "input_tokens": 10, "cache_read_tokens": 20}"#, "cache_read_tokens", "exceed input_tokens"),
        (#"{"model": "m", "output_tokens": 10, "reasoning_tokens": 20}"#, "reasoning_tokens", "exceed output_tokens"),
        (
            #"{"model": "m", "input_tokens": 10, "cache_write_tokens": 5, "cache_write_1h_tokens": 6}"#, "cache_write_1h_tokens",
            "exceed cache_write_tokens"
        ),
        (#"{"input_tokens": 1}"#, "model", "is required"),
        (#"{"model": ""}"#, "model", "must not be empty"),
        (#"{"model": "m", "timestamp": "yesterday"}"#, "timestamp", "RFC 3339"),
        (#"{"model": "m", "timestamp": "2026-11-25T10:00:00Z"}"#, "timestamp", "future"),
        (#"{"model": "m", "status": "maybe"}"#, "status", "must be \"ok\" or \"error\""),
        (#"{"model": "m", "batch": "yes"}"#, "batch", "true or false"),
        (#"{"model": "m", "colour": "red"}"#, "colour", "not a known field"),
        (#"{"model": "m", "tags": ["a"]}"#, "tags", "must be an object"),
        (#"{"model": "m", "tags": {"k": 1}}"#, "tags.k", "must be a string"),
        (#"{"model": "m", "tenant": 7}"#, "tenant", "must be a string"),
        (#"{"model": "m", "model": "n"}"#, "model", "more than once"),
    ])
    func rejectsBadFields(json: String, field: String, message: String) {
        let found = issues(json)
        #expect(found.contains { $0.field == field && $0.message.contains(message) }, "\(found)")
    }

    @Test func rejectsVeryLongTagValuesAndTooManyTags() {
        let long = String(repeating: "é", count: 257)
        #expect(
            issues(#"{"model": "m", "tags": {"k": "\#(long)"}}"#).contains { $0.field == "tags.k" && $0.message.contains("257 characters") }
        )
        let many = (0..<33).map { "\"k\($0)\": \"v\"" }.joined(separator: ", ")
        #expect(issues(#"{"model": "m", "tags": {\#(many)}}"#).contains { $0.field == "tags" && $0.message.contains("33 keys") })
    }

    @Test func reportsEveryBadEventWithItsIndex() {
        let found = issues(#"[{"model": "ok"}, {"model": "m", "input_tokens": -1}, {"model": "ok"}, {"output_tokens": "x"}]"#)
        #expect(Set(found.compactMap(\.index)) == [1, 3])
        #expect(found.count == 3)
    }

    @Test func rejectsMalformedJSONAndEmptyBodies() {
        #expect(throws: EventDecoder.Failure.self) { try decode(#"{"model": "m""#) }
        #expect(throws: EventDecoder.Failure.empty) { try decode("[]") }
        #expect(throws: EventDecoder.Failure.self) { try decode("not json") }
    }

    @Test func limitsTheNumberOfEvents() {
        let body = "[" + Array(repeating: #"{"model":"m"}"#, count: EventDecoder.maximumEvents + 1).joined(separator: ",") + "]"
        #expect(throws: EventDecoder.Failure.tooManyEvents(count: EventDecoder.maximumEvents + 1)) { try decode(body) }
    }

    @Test func decodesNDJSONAndNamesBadLines() throws {
        let good = "{\"model\": \"a\"}\n\n{\"model\": \"b\"}\n"
        let events = try EventDecoder.decodeNDJSON(Array(good.utf8), now: now) { "x" }
        #expect(events.map(\.model) == ["a", "b"])
        #expect {
            try EventDecoder.decodeNDJSON(Array("{\"model\": \"a\"}\n{oops}\n".utf8), now: now) { "x" }
        } throws: { error in
            guard case EventDecoder.Failure.invalid(let issues) = error else { return false }
            return issues.first?.line == 2
        }
    }

    @Test func ndjsonFieldProblemsNameTheLineOfTheBody() throws {
        let body = "{\"model\": \"a\"}\n\n{\"model\": \"b\", \"input_tokens\": -1}\n"
        #expect {
            try EventDecoder.decodeNDJSON(Array(body.utf8), now: now) { "x" }
        } throws: { error in
            guard case EventDecoder.Failure.invalid(let issues) = error else { return false }
            return issues.map(\.line) == [3] && issues.map(\.index) == [1]
        }
    }
}
