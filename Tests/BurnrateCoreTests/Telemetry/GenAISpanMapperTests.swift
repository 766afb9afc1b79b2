import BurnrateCore
import BurnrateTestSupport
import Testing

@Suite struct GenAISpanMapperTests {
    let now = Timestamp(rfc3339: "2026-12-01T00:00:00Z")!
    let mapper = GenAISpanMapper()

    func map(fixture name: String) throws -> GenAISpanMapper.Result {
        mapper.map(try OTLPJSONDecoder.decode(try OTLPFixtures.json(name)), now: now)
    }

    /// A span with the given attributes, ending 1.5 s after it started.
    func span(_ attributes: [String: OTLPValue], status: OTLPStatusCode = .unset) -> OTLPSpan {
        OTLPSpan(
            traceID: Array(1...16), spanID: Array(1...8), name: "chat", startTimeUnixNano: 1_796_032_800_000_000_000,
            endTimeUnixNano: 1_796_032_801_500_000_000,
            attributes: OTLPAttributes(attributes.sorted { $0.key < $1.key }.map { OTLPKeyValue($0.key, $0.value) }), status: status)
    }

    func outcome(_ attributes: [String: OTLPValue], resource: [String: OTLPValue] = [:]) -> GenAISpanMapper.Outcome {
        mapper.event(
            span(attributes), resource: OTLPAttributes(resource.map { OTLPKeyValue($0.key, $0.value) }), now: now)
    }

    func event(_ attributes: [String: OTLPValue], resource: [String: OTLPValue] = [:]) throws -> UsageEvent {
        guard case .event(let event) = outcome(attributes, resource: resource) else {
            Issue.record("expected an event, got \(outcome(attributes, resource: resource))")
            throw OTLPDecodingError("no event")
        }
        return event
    }

    @Test func aSpanKeepsItsTraceParentAndConversation() throws {
        let attributes: [String: OTLPValue] = [
            "gen_ai.request.model": .string("gpt-4o"), "gen_ai.usage.input_tokens": .int(10), "gen_ai.conversation.id": .string("conv-7"),
            "burnrate.step": .string("answer"),
        ]
        var withParent = span(attributes)
        withParent.parentSpanID = Array(9...16)
        guard case .event(let event) = mapper.event(withParent, resource: OTLPAttributes([]), now: now) else {
            Issue.record("expected an event")
            return
        }
        #expect(
            event.run
                == RunPosition(
                    sessionID: "conv-7", traceID: "0102030405060708090a0b0c0d0e0f10", parentID: "090a0b0c0d0e0f10", step: "answer"))
        let fromResource = try self.event(
            ["gen_ai.request.model": .string("gpt-4o"), "gen_ai.usage.input_tokens": .int(10)], resource: ["session.id": .string("s-1")])
        #expect(fromResource.run.sessionID == "s-1")
        #expect(fromResource.run.parentID == nil)
        guard
            case .rejected(let reason) = outcome([
                "gen_ai.request.model": .string("gpt-4o"), "gen_ai.usage.input_tokens": .int(10),
                "gen_ai.conversation.id": .string(String(repeating: "c", count: 257)),
            ])
        else {
            Issue.record("a 257-character conversation id must be rejected")
            return
        }
        #expect(reason.contains("gen_ai.conversation.id"))
    }

    @Test func openLLMetryOpenAI() throws {
        let result = try map(fixture: OTLPFixtures.openLLMetryOpenAI)
        #expect(result.ignoredSpans == 1)
        #expect(result.rejected.isEmpty)
        try #require(result.events.count == 2)
        let chat = result.events[0]
        #expect(chat.id == "otel-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174")
        #expect(chat.provider == "openai")
        #expect(chat.model == "gpt-4o-2024-08-06")
        #expect(chat.usage == TokenUsage(inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1024))
        #expect(chat.timestamp.rfc3339 == Timestamp(microseconds: 1_796_032_801_250_000).rfc3339)
        #expect(chat.latencyMs == 1250)
        #expect(chat.status == .ok)
        #expect(
            chat.attribution
                == Attribution(tenant: "acme", user: "u-42", feature: "answer_ticket", environment: "production"))
        let failed = result.events[1]
        #expect(failed.status == .error)
        #expect(failed.model == "gpt-4o")
        #expect(failed.usage == TokenUsage())
        #expect(failed.latencyMs == 400)
    }

    @Test func openLLMetryAnthropicInputAlreadyIncludesTheCache() throws {
        let result = try map(fixture: OTLPFixtures.openLLMetryAnthropic)
        let event = try #require(result.events.first)
        #expect(event.provider == "anthropic")
        #expect(event.model == "claude-haiku-4-5-20251001")
        #expect(event.usage == TokenUsage(inputTokens: 2503, outputTokens: 150, cacheReadTokens: 2000, cacheWriteTokens: 500))
        #expect(event.usage.uncachedInputTokens == 3)
        #expect(
            event.attribution
                == Attribution(tenant: "globex", feature: "docs-search", team: "platform", environment: "staging"))
        #expect(event.latencyMs == 3500)
    }

    @Test func openLIT() throws {
        let result = try map(fixture: OTLPFixtures.openLIT)
        #expect(result.ignoredSpans == 1)
        let event = try #require(result.events.first)
        #expect(event.usage == TokenUsage(inputTokens: 500, outputTokens: 120))
        #expect(event.attribution == Attribution(user: "user-7", feature: "rag-api", environment: "production"))
        #expect(event.latencyMs == 820)
    }

    @Test func agentSpansAreIgnoredAndUncachedAnthropicInputIsCompleted() throws {
        let result = try map(fixture: OTLPFixtures.semconvAnthropicAgent)
        #expect(result.ignoredSpans == 1)
        try #require(result.events.count == 1)
        let event = result.events[0]
        #expect(event.usage == TokenUsage(inputTokens: 812, outputTokens: 64, cacheReadTokens: 800))
        #expect(event.attribution == Attribution(tenant: "initech", user: "traveller-9", feature: "itinerary", environment: "production"))
        #expect(event.tags == ["cost_center": "cc-17"])
    }

    @Test(arguments: OTLPFixtures.all)
    func protobufFixturesMapToTheSameEvents(name: String) throws {
        let fromProtobuf = mapper.map(try OTLPProtobufDecoder.decode(try OTLPFixtures.protobuf(name)), now: now)
        #expect(fromProtobuf == (try map(fixture: name)))
    }

    @Test func theResponseModelWinsOverTheRequestedOne() throws {
        #expect(try event(["gen_ai.request.model": .string("gpt-4o")]).model == "gpt-4o")
        #expect(
            try event(["gen_ai.request.model": .string("gpt-4o"), "gen_ai.response.model": .string("gpt-4o-2024-11-20")]).model
                == "gpt-4o-2024-11-20")
        #expect(try event(["llm.request.model": .string("gpt-4o"), "gen_ai.response.model": .string("")]).model == "gpt-4o")
    }

    @Test(arguments: [
        (
            ["gen_ai.usage.prompt_tokens": OTLPValue.int(10), "gen_ai.usage.completion_tokens": .int(5)],
            TokenUsage(inputTokens: 10, outputTokens: 5)
        ),
        (["llm.usage.prompt_tokens": .int(10), "llm.usage.completion_tokens": .int(5)], TokenUsage(inputTokens: 10, outputTokens: 5)),
        (
            ["gen_ai.usage.input_tokens": .double(10), "gen_ai.usage.output_tokens": .string("5")],
            TokenUsage(inputTokens: 10, outputTokens: 5)
        ),
        (
            [
                "gen_ai.usage.input_tokens": .int(100), "gen_ai.usage.cache_creation.input_tokens": .int(40),
                "gen_ai.usage.output_tokens": .int(50),
                "gen_ai.usage.reasoning.output_tokens": .int(30),
            ],
            TokenUsage(inputTokens: 100, outputTokens: 50, cacheWriteTokens: 40, reasoningTokens: 30)
        ),
        (
            ["gen_ai.usage.output_tokens": .int(20), "gen_ai.usage.reasoning_tokens": .int(30)],
            TokenUsage(outputTokens: 50, reasoningTokens: 30)
        ),
        (
            [
                "gen_ai.usage.input_tokens": .int(5), "gen_ai.usage.cache_read_input_tokens": .int(100),
                "gen_ai.usage.cache_creation_input_tokens": .int(20),
            ],
            TokenUsage(inputTokens: 125, cacheReadTokens: 100, cacheWriteTokens: 20)
        ),
    ])
    func tokenNamesOfEveryConventionReadAsOurs(attributes: [String: OTLPValue], usage: TokenUsage) throws {
        var attributes = attributes
        attributes["gen_ai.request.model"] = .string("gpt-4o")
        #expect(try event(attributes).usage == usage)
    }

    @Test(arguments: [
        ("openai", "openai"), ("Anthropic", "anthropic"), ("aws.bedrock", "bedrock"), ("AWS", "bedrock"),
        ("azure.ai.openai", "azure"), ("az.ai.openai", "azure"), ("gcp.vertex_ai", "google"), ("gcp.gemini", "google"),
        ("mistral_ai", "mistral"), ("x_ai", "xai"), ("ollama", "ollama"),
    ])
    func providerNamesMapToCatalogProviders(name: String, provider: String) throws {
        #expect(try event(["gen_ai.request.model": .string("m"), "gen_ai.system": .string(name)]).provider == provider)
    }

    @Test func providerNameWinsOverTheOlderSystemAttribute() throws {
        let attributes: [String: OTLPValue] = [
            "gen_ai.request.model": .string("gpt-4o"), "gen_ai.system": .string("openai"),
            "gen_ai.provider.name": .string("azure.ai.openai"),
        ]
        #expect(try event(attributes).provider == "azure")
    }

    @Test func errorsComeFromTheStatusOrErrorType() throws {
        let model: [String: OTLPValue] = ["gen_ai.request.model": .string("gpt-4o")]
        let failed = mapper.event(span(model, status: .error), resource: OTLPAttributes(), now: now)
        guard case .event(let failedEvent) = failed else {
            Issue.record("no event")
            return
        }
        #expect(failedEvent.status == .error)
        #expect(try event(model.merging(["error.type": .string("timeout")]) { $1 }).status == .error)
        #expect(try event(model).status == .ok)
    }

    @Test func spansWithoutGenAIAttributesAreIgnored() {
        #expect(outcome(["http.method": .string("POST"), "gen_ai.operation.name": .string("chat")]) == .ignored)
        #expect(outcome(["gen_ai.operation.name": .string("execute_tool"), "gen_ai.request.model": .string("gpt-4o")]) == .ignored)
    }

    @Test(arguments: [
        (["gen_ai.usage.input_tokens": OTLPValue.int(10)], "no model"),
        (
            ["gen_ai.request.model": .string("gpt-4o"), "gen_ai.usage.input_tokens": .int(-1)],
            "gen_ai.usage.input_tokens must be a whole number"
        ),
        (["gen_ai.request.model": .string("gpt-4o"), "gen_ai.usage.output_tokens": .string("many")], "gen_ai.usage.output_tokens must be"),
        (["gen_ai.request.model": .string("gpt-4o"), "gen_ai.usage.input_tokens": .double(1.5)], "must be a whole number"),
        (["gen_ai.request.model": .string(String(repeating: "m", count: 257))], "longer than 256"),
        (["gen_ai.request.model": .string("gpt-4o\u{0}")], "control characters"),
    ])
    func unusableGenAISpansAreRejectedWithAReason(attributes: [String: OTLPValue], reason: String) {
        guard case .rejected(let message) = outcome(attributes) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(message.contains(reason))
    }

    @Test func timesIdsAndLatencyAreChecked() {
        let model = OTLPAttributes([OTLPKeyValue("gen_ai.request.model", .string("gpt-4o"))])
        var future = span([:])
        future.attributes = model
        future.endTimeUnixNano = UInt64(now.adding(seconds: 2 * 86_400).microseconds) * 1_000
        guard case .rejected(let reason) = mapper.event(future, resource: OTLPAttributes(), now: now) else {
            Issue.record("a span ending two days ahead must be rejected")
            return
        }
        #expect(reason.contains("24 hours in the future"))
        var noTimes = future
        noTimes.startTimeUnixNano = 0
        noTimes.endTimeUnixNano = 0
        #expect(mapper.event(noTimes, resource: OTLPAttributes(), now: now) == .rejected("it has neither an end nor a start time"))
        var badID = span([:])
        badID.attributes = model
        badID.spanID = [1, 2]
        #expect(
            mapper.event(badID, resource: OTLPAttributes(), now: now) == .rejected("its trace id must be 16 bytes and its span id 8 bytes"))
        var onlyStart = span([:])
        onlyStart.attributes = model
        onlyStart.endTimeUnixNano = 0
        guard case .event(let event) = mapper.event(onlyStart, resource: OTLPAttributes(), now: now) else {
            Issue.record("a span with only a start time is recorded at its start")
            return
        }
        #expect(event.latencyMs == nil)
        #expect(event.timestamp == Timestamp(microseconds: 1_796_032_800_000_000))
    }

    @Test func theServiceTierIsReadFromTheResponseFirst() throws {
        let model: [String: OTLPValue] = ["gen_ai.request.model": .string("gpt-4o")]
        #expect(try event(model).serviceTier == nil)
        let tiers: [String: OTLPValue] = [
            "gen_ai.openai.request.service_tier": .string("auto"), "gen_ai.openai.response.service_tier": .string("Flex"),
        ]
        #expect(try event(model.merging(tiers) { $1 }).serviceTier == "flex")
        #expect(
            try event(model.merging(["gen_ai.response.service_tier": .string(String(repeating: "x", count: 33))]) { $1 }).serviceTier == nil
        )
    }

    @Test func theSameSpanAlwaysGetsTheSameID() throws {
        let first = try event(["gen_ai.request.model": .string("gpt-4o")])
        let again = try event(["gen_ai.request.model": .string("gpt-4o"), "gen_ai.usage.input_tokens": .int(3)])
        #expect(first.id == again.id)
        #expect(first.id == "otel-0102030405060708090a0b0c0d0e0f10-0102030405060708")
    }

    @Test func theMessageCountsRejectedAndIgnoredSpans() throws {
        var result = GenAISpanMapper.Result()
        #expect(result.message == nil)
        result.ignoredSpans = 3
        #expect(result.message == "3 spans have no GenAI model-call attributes (gen_ai.request.model, gen_ai.usage.*) and were ignored")
        result.rejected = [GenAISpanMapper.Rejection(spanID: "ab", name: "chat", reason: "it has no model")]
        #expect(result.message?.hasPrefix("1 GenAI span was rejected: span ab (chat): it has no model. 3 spans") == true)
    }
}

@Suite struct DimensionRuleTests {
    func attributes(_ values: [String: String]) -> OTLPAttributes {
        OTLPAttributes(values.sorted { $0.key < $1.key }.map { OTLPKeyValue($0.key, .string($0.value)) })
    }

    @Test func theSpanWinsOverTheResourceForTheSameName() {
        let (attribution, _) = DimensionRule.default.apply(
            span: attributes(["tenant.id": "from-span"]), resource: attributes(["tenant.id": "from-resource"]))
        #expect(attribution.tenant == "from-span")
    }

    @Test func earlierNamesWinOverLaterOnesWhereverTheyAre() {
        let (attribution, _) = DimensionRule.default.apply(
            span: attributes(["deployment.environment": "old-name"]), resource: attributes(["deployment.environment.name": "new-name"]))
        #expect(attribution.environment == "new-name")
    }

    @Test func placeholderEmptyAndOverlongValuesAreSkipped() {
        let (attribution, _) = DimensionRule.default.apply(
            span: attributes(["feature": ""]),
            resource: attributes(["service.name": "unknown_service:python", "tenant.id": String(repeating: "t", count: 257)]))
        #expect(attribution == Attribution())
    }

    @Test func configuredNamesAndTagsReplaceTheDefaults() {
        var rule = DimensionRule.default
        rule.feature = []
        rule.tenant = ["customer"]
        rule.tags = ["workflow": ["traceloop.workflow.name"], "region": ["cloud.region"]]
        rule.tagPrefix = nil
        let (attribution, tags) = rule.apply(
            span: attributes(["traceloop.workflow.name": "answer", "burnrate.tag.x": "y"]),
            resource: attributes(["customer": "acme", "tenant.id": "ignored", "service.name": "svc", "cloud.region": "eu-west-1"]))
        #expect(attribution.tenant == "acme")
        #expect(attribution.feature == nil)
        #expect(tags == ["workflow": "answer", "region": "eu-west-1"])
    }

    @Test func prefixedAttributesBecomeTagsWithTheSpanWinning() {
        let (_, tags) = DimensionRule.default.apply(
            span: OTLPAttributes([OTLPKeyValue("burnrate.tag.ticket", .int(42))]),
            resource: attributes(["burnrate.tag.ticket": "1", "burnrate.tag.region": "eu"]))
        #expect(tags == ["ticket": "42", "region": "eu"])
    }
}
