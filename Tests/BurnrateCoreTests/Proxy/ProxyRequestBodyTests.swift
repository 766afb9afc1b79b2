import BurnrateCore
import Foundation
import Testing

@Suite struct ProxyRequestBodyTests {
    @Test func readsModelStreamLimitAndHashesThePrompt() throws {
        let body = #"{"model": "gpt-4o", "stream": true, "max_completion_tokens": 256, "messages": [{"role": "user", "content": "Hi"}]}"#
        let read = try ProxyRequestBody(Array(body.utf8), api: .chatCompletions)
        #expect(read.model == "gpt-4o")
        #expect(read.stream)
        #expect(!read.includesUsage)
        #expect(read.maxOutputTokens == 256)
        #expect(read.promptHash?.count == 64)
        let sameMessages = #"{"messages": [{"role": "user", "content": "Hi"}], "model": "gpt-4o-mini", "temperature": 0.2}"#
        #expect(try ProxyRequestBody(Array(sameMessages.utf8), api: .chatCompletions).promptHash == read.promptHash)
        let other = #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}"#
        #expect(try ProxyRequestBody(Array(other.utf8), api: .chatCompletions).promptHash != read.promptHash)
    }

    @Test func anthropicPromptIncludesTheSystemPrompt() throws {
        let a = #"{"model": "claude-haiku-4-5", "max_tokens": 100, "system": "Be brief", "messages": [{"role": "user", "content": "Hi"}]}"#
        let b = #"{"model": "claude-haiku-4-5", "max_tokens": 100, "system": "Be long", "messages": [{"role": "user", "content": "Hi"}]}"#
        let first = try ProxyRequestBody(Array(a.utf8), api: .messages)
        #expect(first.maxOutputTokens == 100)
        let second = try ProxyRequestBody(Array(b.utf8), api: .messages)
        #expect(first.promptHash != second.promptHash)
    }

    @Test func includeUsageIsInsertedKeepingEveryOtherByte() throws {
        let body = #"{ "model": "gpt-4o",  "stream": true, "messages": [{"role": "user", "content": "Ünïcode \"quoted\""}] }"#
        let changed = String(decoding: ProxyRequestBody.addingIncludeUsage(to: Array(body.utf8)), as: UTF8.self)
        #expect(
            changed
                == #"{"stream_options":{"include_usage":true}, "model": "gpt-4o",  "stream": true, "messages": [{"role": "user", "content": "Ünïcode \"quoted\""}] }"#
        )
        #expect(try ProxyRequestBody(Array(changed.utf8), api: .chatCompletions).includesUsage)
    }

    @Test func existingStreamOptionsAreKeptAndTheFlagSet() throws {
        let body = #"{"model": "gpt-4o", "stream": true, "stream_options": {"include_usage": false, "include_obfuscation": false}}"#
        let changed = ProxyRequestBody.addingIncludeUsage(to: Array(body.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(changed)) as? [String: Any])
        let options = try #require(object["stream_options"] as? [String: Bool])
        #expect(options == ["include_usage": true, "include_obfuscation": false])
        #expect(object["model"] as? String == "gpt-4o")
    }

    @Test func emptyObjectAndNonObjectBodies() throws {
        #expect(
            String(decoding: ProxyRequestBody.addingIncludeUsage(to: Array("{}".utf8)), as: UTF8.self)
                == #"{"stream_options":{"include_usage":true}}"#)
        #expect(ProxyRequestBody.addingIncludeUsage(to: Array("[1]".utf8)) == Array("[1]".utf8))
        #expect(try ProxyRequestBody(Array("{}".utf8), api: .chatCompletions) == ProxyRequestBody())
    }

    static let tooDeep: String =
        #"{"model": "gpt-4o", "messages": "# + String(repeating: "[", count: 80) + String(repeating: "]", count: 80) + "}"
    static let longModel: String = #"{"model": ""# + String(repeating: "m", count: 257) + #""}"#

    /// Bodies the proxy could not read as the upstream would are refused, never read as empty
    /// (which would forward them unpriced), naming the field when there is one.
    @Test(
        arguments: [
            ("nonsense", nil),
            ("[1]", nil),
            (#"{"model": "gpt-4o", "model": "gpt-4o-mini"}"#, nil),
            (#"{"model": "gpt-4o", "messages": [{"role": "user", "content": "a", "content": "b"}]}"#, nil),
            (ProxyRequestBodyTests.tooDeep, nil),
            (#"{"model": 4}"#, "model"),
            (#"{"model": "gpt\u0000-4o"}"#, "model"),
            (ProxyRequestBodyTests.longModel, "model"),
            (#"{"model": "gpt-4o", "max_tokens": -1}"#, "max_tokens"),
            (#"{"model": "gpt-4o", "max_tokens": 9223372036854775807}"#, "max_tokens"),
            (#"{"model": "gpt-4o", "max_tokens": 99999999999999999999999}"#, "max_tokens"),
            (#"{"model": "gpt-4o", "max_tokens": 100000001}"#, "max_tokens"),
            (#"{"model": "gpt-4o", "max_tokens": 1.5}"#, "max_tokens"),
            (#"{"model": "gpt-4o", "max_tokens": 1e3}"#, "max_tokens"),
            (#"{"model": "gpt-4o", "max_tokens": "10"}"#, "max_tokens"),
            (#"{"model": "gpt-4o", "max_completion_tokens": -5}"#, "max_completion_tokens"),
            (#"{"model": "o4-mini", "max_output_tokens": 1e300}"#, "max_output_tokens"),
        ] as [(String, String?)])
    func unreadableBodiesAreRefused(_ body: String, _ field: String?) {
        let error = #expect(throws: ProxyBodyError.self) { try ProxyRequestBody(Array(body.utf8), api: .chatCompletions) }
        #expect(error?.field == field)
        if let field { #expect(error?.detail.contains(field) == true) }
    }

    @Test func theLargestLimitAndNullAreAccepted() throws {
        let limit = ProxyRequestBody.maximumOutputTokens
        let body = #"{"model": "gpt-4o", "max_tokens": null, "max_completion_tokens": \#(limit), "max_output_tokens": 5}"#
        #expect(try ProxyRequestBody(Array(body.utf8), api: .chatCompletions).maxOutputTokens == limit)
        #expect(try ProxyRequestBody(Array(#"{"max_tokens": 0}"#.utf8), api: .messages).maxOutputTokens == 0)
        let name = String(repeating: "m", count: ProxyRequestBody.maximumModelBytes)
        #expect(try ProxyRequestBody(Array(#"{"model": "\#(name)"}"#.utf8), api: .chatCompletions).model == name)
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
