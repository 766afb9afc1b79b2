import BurnrateServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A served path asked with a method it does not serve gets 405 with `Allow`; an unknown path
/// keeps 404.
@Suite struct MethodNotAllowedTests {
    @Test(arguments: [
        (HTTPRequest.Method.trace, "/healthz", "GET"),
        (.delete, "/api/v1/events", "GET, POST"),
        (.put, "/api/v1/events/some-id", "GET"),
        // The literal path wins over {id}, as the router resolves it.
        (.delete, "/api/v1/costs/import", "POST"),
        (.get, "/api/v1/costs/some-id", "DELETE"),
        (.patch, "/api/v1/budgets/some-id", "DELETE, GET, PUT"),
        (.get, "/v1/chat/completions", "POST"),
        // An extension method the router has never heard of.
        (HTTPRequest.Method("QUERY")!, "/api/v1/summary", "GET"),
    ])
    func aServedPathWithAnotherMethodIs405WithAllow(method: HTTPRequest.Method, path: String, allow: String) async throws {
        try await TestServer.withClient { client in
            // With the JSON content type an API client sends: without it, in no-key mode, the
            // browser guard refuses a PUT or PATCH before any route is looked at (403).
            let response = try await client.execute(uri: path, method: method, headers: [.contentType: "application/json"])
            #expect(response.status == .methodNotAllowed, "\(method) \(path)")
            #expect(response.headers[.allow] == allow, "\(method) \(path)")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.json["status"] as? Int == 405)
        }
    }

    @Test func anUnknownPathStays404() async throws {
        try await TestServer.withClient { client in
            let get = try await client.execute(uri: "/api/v1/no-such-thing", method: .get)
            let trace = try await client.execute(uri: "/api/v1/no-such-thing", method: .trace)
            #expect(get.status == .notFound)
            #expect(trace.status == .notFound)
        }
    }

    @Test func theKeyIsCheckedBeforeTheMethod() async throws {
        let configuration = AppConfiguration(adminKeys: ["admin-secret"], logLevel: .error)
        try await TestServer.withClient(configuration: configuration) { client in
            let anonymous = try await client.execute(uri: "/api/v1/events", method: .delete)
            #expect(anonymous.status == .unauthorized)
            let response = try await client.execute(
                uri: "/api/v1/events", method: .delete, headers: [.authorization: "Bearer admin-secret"])
            #expect(response.status == .methodNotAllowed)
        }
    }
}
