import BurnrateCore
import BurnrateTestSupport
import Testing

@Suite struct OTLPDecoderTests {
    @Test(arguments: OTLPFixtures.all)
    func jsonAndProtobufFixturesDecodeAlike(name: String) throws {
        let fromJSON = try OTLPJSONDecoder.decode(try OTLPFixtures.json(name))
        let fromProtobuf = try OTLPProtobufDecoder.decode(try OTLPFixtures.protobuf(name))
        #expect(fromJSON == fromProtobuf)
        #expect(fromJSON.spanCount > 0)
    }

    @Test func readsIdsTimesStatusAndAttributes() throws {
        let request = try OTLPJSONDecoder.decode(try OTLPFixtures.json(OTLPFixtures.openLLMetryOpenAI))
        let resource = try #require(request.resourceSpans.first)
        #expect(resource.resourceAttributes["service.name"] == .string("support-bot"))
        #expect(resource.spans.count == 3)
        let chat = resource.spans[0]
        #expect(GenAISpanMapper.hex(chat.traceID) == "5b8efff798038103d269b633813fc60c")
        #expect(GenAISpanMapper.hex(chat.spanID) == "eee19b7ec3c1b174")
        #expect(chat.name == "openai.chat")
        #expect(chat.startTimeUnixNano == 1_796_032_800_000_000_000)
        #expect(chat.endTimeUnixNano == 1_796_032_801_250_000_000)
        #expect(chat.attributes["gen_ai.usage.input_tokens"] == .int(1200))
        #expect(chat.attributes["llm.is_streaming"] == .bool(false))
        #expect(chat.status == .ok)
        #expect(resource.spans[1].status == .error)
        #expect(resource.spans[1].statusMessage == "RateLimitError: Error code: 429")
        #expect(resource.spans[2].status == .unset)
    }

    @Test func readsEveryAnyValueKindInBothEncodings() throws {
        let json = """
            {"resource_spans": [{"scope_spans": [{"spans": [{"trace_id": "0102030405060708090a0b0c0d0e0f10", "span_id": "0102030405060708",
              "startTimeUnixNano": 5, "attributes": [
                {"key": "s", "value": {"stringValue": "text"}}, {"key": "b", "value": {"boolValue": true}},
                {"key": "i", "value": {"intValue": "-7"}}, {"key": "d", "value": {"doubleValue": 0.25}},
                {"key": "a", "value": {"arrayValue": {"values": [{"intValue": 1}, {"stringValue": "two"}]}}},
                {"key": "m", "value": {"kvlistValue": {"values": [{"key": "inner", "value": {"boolValue": false}}]}}},
                {"key": "y", "value": {"bytesValue": "AQID"}}, {"key": "empty", "value": {}}],
              "status": {"code": "STATUS_CODE_ERROR"}}]}]}]}
            """
        let expected = OTLPAttributes([
            OTLPKeyValue("s", .string("text")), OTLPKeyValue("b", .bool(true)), OTLPKeyValue("i", .int(-7)),
            OTLPKeyValue("d", .double(0.25)), OTLPKeyValue("a", .array([.int(1), .string("two")])),
            OTLPKeyValue("m", .keyValues(OTLPAttributes([OTLPKeyValue("inner", .bool(false))]))),
            OTLPKeyValue("y", .bytes([1, 2, 3])), OTLPKeyValue("empty", .string("")),
        ])
        let span = OTLPSpan(
            traceID: Array(1...16), spanID: Array(1...8), startTimeUnixNano: 5, attributes: expected, status: .error)
        let request = OTLPTraceRequest(resourceSpans: [OTLPResourceSpans(spans: [span])])
        #expect(try OTLPJSONDecoder.decode(Array(json.utf8)) == request)
        #expect(try OTLPProtobufDecoder.decode(OTLPTestEncoder.encode(request)) == request)
    }

    @Test func skipsFieldsItDoesNotRead() throws {
        var writer = ProtobufWriter()
        writer.messageField(1) { resourceSpans in
            resourceSpans.stringField(3, "https://opentelemetry.io/schemas/1.38.0")  // schema_url
            resourceSpans.messageField(2) { scope in
                scope.messageField(1) { $0.stringField(1, "instrumentation") }  // scope
                scope.messageField(2) { span in
                    span.bytesField(1, Array(repeating: 1, count: 16))
                    span.bytesField(2, Array(repeating: 2, count: 8))
                    span.varintField(6, 3)  // kind
                    span.messageField(11) { $0.stringField(2, "exception") }  // events
                    span.varintField(16, 1)  // flags, as a varint here: skipped whatever its type
                }
            }
        }
        let request = try OTLPProtobufDecoder.decode(writer.bytes)
        #expect(request.spanCount == 1)
        #expect(request.resourceSpans[0].spans[0].spanID == Array(repeating: 2, count: 8))
    }

    @Test(arguments: [
        ("not json", "not valid JSON"),
        ("[]", "must be a JSON object"),
        (#"{"resourceSpans": {}}"#, "resourceSpans must be an array"),
        (#"{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz"}]}]}]}"#, "traceId must be a hex string"),
        (#"{"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "soon"}]}]}]}"#, "startTimeUnixNano must be"),
        (#"{"resourceSpans": [{"resource": {"attributes": [{"key": "k", "value": {"intValue": "x"}}]}}]}"#, "intValue has the wrong type"),
        (#"{"resourceSpans": [{"resource": {"attributes": [{"value": {"intValue": 1}}]}}]}"#, "with a string key"),
    ])
    func badJSONIsAnErrorThatSaysWhere(body: String, message: String) {
        #expect {
            try OTLPJSONDecoder.decode(Array(body.utf8))
        } throws: { error in
            (error as? OTLPDecodingError)?.message.contains(message) == true
        }
    }

    @Test func truncatedProtobufIsAnError() throws {
        let bytes = try OTLPFixtures.protobuf(OTLPFixtures.openLIT)
        #expect(throws: OTLPDecodingError.self) { try OTLPProtobufDecoder.decode(Array(bytes.dropLast(3))) }
    }

    @Test func deeplyNestedValuesAreRefused() {
        var value = OTLPValue.string("leaf")
        for _ in 0..<40 { value = .array([value]) }
        let span = OTLPSpan(traceID: Array(1...16), spanID: Array(1...8), attributes: OTLPAttributes([OTLPKeyValue("deep", value)]))
        let bytes = OTLPTestEncoder.encode(OTLPTraceRequest(resourceSpans: [OTLPResourceSpans(spans: [span])]))
        #expect(throws: OTLPDecodingError.self) { try OTLPProtobufDecoder.decode(bytes) }
        let json =
            #"{"resourceSpans": [{"resource": {"attributes": [{"key": "deep", "value": "#
            + String(repeating: #"{"arrayValue": {"values": ["#, count: 40) + #"{"stringValue": "leaf"}"#
            + String(repeating: "]}}", count: 40) + "}]}}]}"
        #expect(throws: OTLPDecodingError.self) { try OTLPJSONDecoder.decode(Array(json.utf8)) }
    }

    /// Schemathesis found `{"resourceSpans": [1]}` accepted as an empty export.
    @Test(arguments: [
        #"{"resourceSpans": [1]}"#, #"{"resourceSpans": [{"scopeSpans": ["x"]}]}"#, #"{"resourceSpans": [{"scopeSpans": [null]}]}"#,
    ])
    func aResourceOrScopeThatIsNotAnObjectIsAnError(json: String) {
        #expect(throws: OTLPDecodingError.self) { try OTLPJSONDecoder.decode(Array(json.utf8)) }
    }

    @Test func responsesEncodePartialSuccessOnlyWhenThereIsSomethingToSay() throws {
        #expect(OTLPExportResponse().protobuf.isEmpty)
        #expect(OTLPExportResponse().json.serialized() == "{}")
        let response = OTLPExportResponse(rejectedSpans: 2, errorMessage: "no model")
        #expect(response.json.serialized() == #"{"partialSuccess":{"rejectedSpans":"2","errorMessage":"no model"}}"#)
        var outer = ProtobufReader(response.protobuf)
        #expect(try outer.nextField()?.number == 1)
        var partial = try outer.message()
        #expect(try partial.nextField()?.number == 1)
        #expect(try partial.varint() == 2)
        #expect(try partial.nextField()?.number == 2)
        #expect(try partial.string() == "no model")
    }
}

/// Encodes requests the way an OTLP exporter does, for tests (the committed `.pb` fixtures are
/// made by the official encoder instead).
enum OTLPTestEncoder {
    static func encode(_ request: OTLPTraceRequest) -> [UInt8] {
        var writer = ProtobufWriter()
        for resourceSpans in request.resourceSpans {
            writer.messageField(1) { message in
                message.messageField(1) { resource in
                    for pair in resourceSpans.resourceAttributes.pairs { resource.messageField(1) { keyValue(pair, &$0) } }
                }
                message.messageField(2) { scope in
                    for span in resourceSpans.spans { scope.messageField(2) { self.span(span, &$0) } }
                }
            }
        }
        return writer.bytes
    }

    static func span(_ span: OTLPSpan, _ writer: inout ProtobufWriter) {
        writer.bytesField(1, span.traceID)
        writer.bytesField(2, span.spanID)
        if !span.name.isEmpty { writer.stringField(5, span.name) }
        if span.startTimeUnixNano > 0 { writer.fixed64Field(7, span.startTimeUnixNano) }
        if span.endTimeUnixNano > 0 { writer.fixed64Field(8, span.endTimeUnixNano) }
        for pair in span.attributes.pairs { writer.messageField(9) { keyValue(pair, &$0) } }
        if span.status != .unset || !span.statusMessage.isEmpty {
            writer.messageField(15) { status in
                if !span.statusMessage.isEmpty { status.stringField(2, span.statusMessage) }
                status.varintField(3, Int64(span.status.rawValue))
            }
        }
    }

    static func keyValue(_ pair: OTLPKeyValue, _ writer: inout ProtobufWriter) {
        writer.stringField(1, pair.key)
        writer.messageField(2) { anyValue(pair.value, &$0) }
    }

    static func anyValue(_ value: OTLPValue, _ writer: inout ProtobufWriter) {
        switch value {
        case .string(let text): if !text.isEmpty { writer.stringField(1, text) }
        case .bool(let flag): writer.varintField(2, flag ? 1 : 0)
        case .int(let number): writer.varintField(3, number)
        case .double(let number): writer.fixed64Field(4, number.bitPattern)
        case .array(let values):
            writer.messageField(5) { list in for element in values { list.messageField(1) { anyValue(element, &$0) } } }
        case .keyValues(let pairs):
            writer.messageField(6) { list in for pair in pairs.pairs { list.messageField(1) { keyValue(pair, &$0) } } }
        case .bytes(let bytes): writer.bytesField(7, bytes)
        }
    }
}
