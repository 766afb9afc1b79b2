import BurnrateServer
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

@Suite struct AuthTests {
    static let configuration = AppConfiguration(adminKeys: ["admin-secret"], ingestKeys: ["ingest-secret"], logLevel: .error)

    @Test func everyAPIRouteNeedsAKey() async throws {
        try await TestServer.withClient(configuration: Self.configuration) { client in
            let missing = try await client.get("/api/v1/summary")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] != nil)
            #expect(try await client.get("/api/v1/summary", key: "admin-secreT").status == .unauthorized)
            #expect(try await client.get("/api/v1/summary", key: "admin-secret-and-more").status == .unauthorized)
            #expect(try await client.get("/api/v1/summary", key: "admin-secret").status == .ok)
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test func ingestKeysMayOnlySendEvents() async throws {
        try await TestServer.withClient(configuration: Self.configuration) { client in
            #expect(try await client.post("/api/v1/events", #"{"model": "gpt-4o"}"#, key: "ingest-secret").status == .ok)
            let forbidden = try await client.get("/api/v1/summary", key: "ingest-secret")
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.text.contains("may only send events"))
            #expect(try await client.post("/api/v1/reprice", "{}", key: "ingest-secret").status == .forbidden)
            #expect(try await client.post("/api/v1/events", #"{"model": "gpt-4o"}"#, key: "admin-secret").status == .ok)
        }
    }

    @Test func configurationKnowsWhenItIsOpen() {
        #expect(AppConfiguration().requiresAuthentication == false)
        #expect(AppConfiguration().isLoopbackOnly)
        #expect(AppConfiguration(host: "0.0.0.0").isLoopbackOnly == false)
    }
}
