import BurnrateCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import BurnrateServer

/// `Request.jsonBody`, the one way an endpoint reads a JSON body or answers 400.
@Suite struct JSONBodyTests {
    /// A router with one endpoint that answers with the number of members of the object it was
    /// sent, behind the API's problem middleware.
    static func withClient(
        empty: JSONNode? = nil, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.post("echo") { request, _ -> JSONResponse in
            var request = request
            let node = try await request.jsonBody(upTo: 64, empty: empty)
            guard case .object(let members) = node.value else { return JSONResponse(value: .int(-1)) }
            return JSONResponse(value: .int(members.count))
        }
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    @Test func aJSONObjectIsRead() async throws {
        try await Self.withClient { client in
            let response = try await client.post("/echo", #"{"a": 1, "b": 2}"#)
            #expect(response.status == .ok)
            #expect(response.text.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        }
    }

    @Test(arguments: [#"{"a": 1"#, "not json", #"{"a": 1} {"b": 2}"#])
    func aBodyThatIsNotJSONIsA400SayingWhere(_ text: String) async throws {
        try await Self.withClient { client in
            let response = try await client.post("/echo", text)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            let detail = try #require(response.json["detail"] as? String)
            #expect(detail.hasPrefix("The body is not valid JSON: "))
            #expect(detail.contains("line 1"))
            #expect(response.json["title"] as? String == "Invalid request")
        }
    }

    @Test func anEmptyBodyIsInvalidUnlessTheEndpointSaysWhatItMeans() async throws {
        try await Self.withClient { client in
            let response = try await client.post("/echo", "")
            #expect(response.status == .badRequest)
        }
        try await Self.withClient(empty: .emptyObject) { client in
            let response = try await client.post("/echo", "")
            #expect(response.status == .ok)
            #expect(response.text.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }
    }

    @Test func aBodyOverTheLimitIsA413() async throws {
        try await Self.withClient { client in
            let response = try await client.post("/echo", #"{"text": ""# + String(repeating: "x", count: 100) + #""}"#)
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func parsingAloneGivesTheSameProblem() {
        #expect(throws: Problem.self) { try Request.parseJSON(ByteBuffer(string: "[1,")) }
        #expect((try? Request.parseJSON(ByteBuffer(string: "[1, 2]")))?.line == 1)
    }
}
