import BurnrateCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A provider on a free loopback port answering like OpenAI and Anthropic do, with fixed usage:
/// JSON for plain requests, server-sent events for `"stream": true`. OpenAI streams carry the
/// usage chunk only when the request set `stream_options.include_usage`, as OpenAI's do.
///
/// A model named `fail-400` gets a 400 error body, and a body with `"user": "huge-usage"` an
/// answer whose usage is out of any sane range (`hugeOpenAIUsage`, `hugeAnthropicUsage`); every
/// answer waits `delay` first.
enum FakeUpstream {
    /// OpenAI usage of every answer: 20 prompt tokens (4 cached), 10 completion tokens (3 reasoning).
    static let openAIUsage =
        #"{"prompt_tokens":20,"completion_tokens":10,"total_tokens":30,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":3}}"#
    /// The same usage in Burnrate's convention.
    static let openAITokens = TokenUsage(inputTokens: 20, outputTokens: 10, cacheReadTokens: 4, reasoningTokens: 3)
    /// Anthropic usage: 10 uncached input tokens, 100 read from cache, 40 written, 20 output.
    static let anthropicUsage = #"{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":40,"output_tokens":20}"#
    static let anthropicTokens = TokenUsage(inputTokens: 150, outputTokens: 20, cacheReadTokens: 100, cacheWriteTokens: 40)
    /// Counts an upstream must not be trusted with: Int64.max, negative, fractional.
    static let hugeOpenAIUsage =
        #"{"prompt_tokens":9223372036854775807,"completion_tokens":-7,"total_tokens":1,"prompt_tokens_details":{"cached_tokens":1.5}}"#
    static let hugeAnthropicUsage =
        #"{"input_tokens":9223372036854775807,"cache_read_input_tokens":9223372036854775807,"cache_creation_input_tokens":9223372036854775807,"output_tokens":9223372036854775807}"#
    static let errorBody = #"{"error":{"message":"Invalid model","type":"invalid_request_error","code":"model_not_found"}}"#
    static let unparsableBody = #"{"error":{"message":"We could not parse the JSON body of your request.","type":"invalid_request_error"}}"#

    /// What the upstream was sent.
    actor Log {
        private(set) var requests: [(path: String, headers: HTTPFields, body: String)] = []
        func append(_ path: String, _ headers: HTTPFields, _ body: String) { requests.append((path, headers, body)) }
    }

    /// Runs `body` with the upstream's port and request log.
    static func with<T: Sendable>(delay: Duration = .zero, _ body: @Sendable (_ port: Int, _ log: Log) async throws -> T) async throws -> T
    {
        let log = Log()
        let router = Router()
        for path in ["v1/chat/completions", "v1/completions", "v1/embeddings", "v1/responses", "v1/messages"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let received = try await request.body.collect(upTo: 1 << 22)
                await log.append(path, request.headers, String(buffer: received))
                if delay > .zero { try await Task.sleep(for: delay) }
                return answer(path: path, body: Array(received.readableBytesView))
            }
        }
        router.post("openai/deployments/{deployment}/chat/completions") { request, context -> Response in
            let received = try await request.body.collect(upTo: 1 << 22)
            let path = request.uri.path + "?" + (request.uri.query ?? "")
            await log.append(path, request.headers, String(buffer: received))
            guard var body = (try? JSONSerialization.jsonObject(with: Data(received.readableBytesView))) as? [String: Any] else {
                return answer(path: "v1/chat/completions", body: Array(received.readableBytesView))
            }
            body["model"] = try context.parameters.require("deployment")
            return answer(path: "v1/chat/completions", body: Array(try JSONSerialization.data(withJSONObject: body)))
        }
        return try await LoopbackServer.run(router, label: "fake-upstream") { port in try await body(port, log) }
    }

    static func answer(path: String, body: [UInt8]) -> Response {
        // Like the providers, refuse a body that is not a JSON object.
        guard let request = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return Response(
                status: .badRequest, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: unparsableBody)))
        }
        let model = request["model"] as? String ?? "unknown"
        if model == "fail-400" {
            return Response(
                status: .badRequest, headers: [.contentType: "application/json", HTTPField.Name("x-request-id")!: "req_fake"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: errorBody)))
        }
        let stream = request["stream"] as? Bool ?? false
        let (openAIUsage, anthropicUsage) =
            request["user"] as? String == "huge-usage"
            ? (Self.hugeOpenAIUsage, Self.hugeAnthropicUsage) : (Self.openAIUsage, Self.anthropicUsage)
        let includeUsage = (request["stream_options"] as? [String: Any])?["include_usage"] as? Bool ?? false
        let text: String
        switch (path, stream) {
        case ("v1/messages", false):
            text =
                #"{"id":"msg_fake","type":"message","role":"assistant","model":"\#(model)","content":[{"type":"text","text":"Hello"}],"stop_reason":"end_turn","stop_sequence":null,"usage":\#(anthropicUsage)}"#
        case ("v1/messages", true):
            text = [
                #"event: message_start\#ndata: {"type":"message_start","message":{"id":"msg_fake","type":"message","role":"assistant","model":"\#(model)","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":40,"output_tokens":1}}}"#,
                #"event: content_block_start\#ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
                #"event: content_block_delta\#ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
                #"event: content_block_stop\#ndata: {"type":"content_block_stop","index":0}"#,
                #"event: message_delta\#ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":20}}"#,
                #"event: message_stop\#ndata: {"type":"message_stop"}"#,
            ].map { $0 + "\n\n" }.joined()
        case ("v1/embeddings", _):
            text =
                #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"\#(model)","usage":{"prompt_tokens":20,"total_tokens":20}}"#
        case ("v1/responses", _):
            text =
                #"{"id":"resp_fake","object":"response","created_at":1,"status":"completed","model":"\#(model)","output":[],"usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":4},"output_tokens":10,"output_tokens_details":{"reasoning_tokens":3},"total_tokens":30}}"#
        case (_, false):
            let choice =
                path == "v1/completions"
                ? #"{"index":0,"text":"Hello","finish_reason":"stop","logprobs":null}"#
                : #"{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop","logprobs":null}"#
            let object = path == "v1/completions" ? "text_completion" : "chat.completion"
            text =
                #"{"id":"chatcmpl-fake","object":"\#(object)","created":1,"model":"\#(model)","choices":[\#(choice)],"usage":\#(openAIUsage)}"#
        case (_, true):
            let head = #"{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"\#(model)","#
            var events = [
                head + #""choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]"#
                    + (includeUsage ? #","usage":null}"# : "}"),
                head + #""choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]"#
                    + (includeUsage ? #","usage":null}"# : "}"),
            ]
            if includeUsage { events.append(head + #""choices":[],"usage":\#(openAIUsage)}"#) }
            events.append("[DONE]")
            text = events.map { "data: " + $0 + "\n\n" }.joined()
        }
        let contentType = stream ? "text/event-stream" : "application/json"
        if stream {
            // Several chunks, as a real stream arrives.
            let parts = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { ByteBuffer(string: $0 + "\n\n") }
            return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(contentsOf: parts))
        }
        return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
