import BurnrateCore
import Foundation
import Testing

@Suite struct ProxyRequestBodyTests {
    @Test func readsModelStreamLimitAndHashesThePrompt() {
        let body = #"{"model": "gpt-4o", "stream": true, "max_completion_tokens": 256, "messages": [{"role": "user", "content": "Hi"}]}"#
        let read = ProxyRequestBody(Array(body.utf8), api: .chatCompletions)
        #expect(read.model == "gpt-4o")
        #expect(read.stream)
        #expect(!read.includesUsage)
        #expect(read.maxOutputTokens == 256)
        #expect(read.promptHash?.count == 64)
        let sameMessages = #"{"messages": [{"role": "user", "content": "Hi"}], "model": "gpt-4o-mini", "temperature": 0.2}"#
        #expect(ProxyRequestBody(Array(sameMessages.utf8), api: .chatCompletions).promptHash == read.promptHash)
        let other = #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}"#
        #expect(ProxyRequestBody(Array(other.utf8), api: .chatCompletions).promptHash != read.promptHash)
    }

    @Test func anthropicPromptIncludesTheSystemPrompt() {
        let a = #"{"model": "claude-haiku-4-5", "max_tokens": 100, "system": "Be brief", "messages": [{"role": "user", "content": "Hi"}]}"#
        let b = #"{"model": "claude-haiku-4-5", "max_tokens": 100, "system": "Be long", "messages": [{"role": "user", "content": "Hi"}]}"#
        let first = ProxyRequestBody(Array(a.utf8), api: .messages)
        #expect(first.maxOutputTokens == 100)
        #expect(first.promptHash != ProxyRequestBody(Array(b.utf8), api: .messages).promptHash)
    }

    @Test func includeUsageIsInsertedKeepingEveryOtherByte() throws {
        let body = #"{ "model": "gpt-4o",  "stream": true, "messages": [{"role": "user", "content": "Ünïcode \"quoted\""}] }"#
        let changed = String(decoding: ProxyRequestBody.addingIncludeUsage(to: Array(body.utf8)), as: UTF8.self)
        #expect(
            changed
                == #"{"stream_options":{"include_usage":true}, "model": "gpt-4o",  "stream": true, "messages": [{"role": "user", "content": "Ünïcode \"quoted\""}] }"#
        )
        #expect(ProxyRequestBody(Array(changed.utf8), api: .chatCompletions).includesUsage)
    }

    @Test func existingStreamOptionsAreKeptAndTheFlagSet() throws {
        let body = #"{"model": "gpt-4o", "stream": true, "stream_options": {"include_usage": false, "include_obfuscation": false}}"#
        let changed = ProxyRequestBody.addingIncludeUsage(to: Array(body.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(changed)) as? [String: Any])
        let options = try #require(object["stream_options"] as? [String: Bool])
        #expect(options == ["include_usage": true, "include_obfuscation": false])
        #expect(object["model"] as? String == "gpt-4o")
    }

    @Test func emptyObjectAndNonObjectBodies() {
        #expect(
            String(decoding: ProxyRequestBody.addingIncludeUsage(to: Array("{}".utf8)), as: UTF8.self)
                == #"{"stream_options":{"include_usage":true}}"#)
        #expect(ProxyRequestBody.addingIncludeUsage(to: Array("[1]".utf8)) == Array("[1]".utf8))
        #expect(ProxyRequestBody(Array("nonsense".utf8), api: .chatCompletions) == ProxyRequestBody())
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256MatchesKnownDigests(_ input: String, _ digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }
}
