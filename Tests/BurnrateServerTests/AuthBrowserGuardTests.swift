import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import BurnrateServer

/// A Burnrate without keys answers only its own names (DNS rebinding) and takes changes only
/// from its own pages or from programs (cross-site requests).
@Suite struct AuthBrowserGuardTests {
    typealias Guard = BrowserGuardMiddleware<BasicRequestContext>

    static let event = #"{"model": "gpt-4o", "input_tokens": 10}"#

    @Test(arguments: [
        ("localhost", true), ("LocalHost:8080", true), ("localhost.:8080", true), ("127.0.0.1", true), ("127.0.0.1:8080", true),
        ("127.1.2.3:1", true), ("[::1]", true), ("[::1]:8080", true), ("evil.example", false), ("evil.example:8080", false),
        ("localhost.evil.example", false), ("127.0.0.1.evil.example", false), ("127.1", false), ("127.0.0.256", false),
        ("0.0.0.0:8080", false), ("192.168.1.10", false), ("localhost:http", false), ("[::1]x", false), ("", false),
        ("[::2]:80", false), ("burnrate.internal", true), ("BURNRATE.internal:443", true),
    ])
    func hostValues(authority: String, accepted: Bool) {
        var configuration = AppConfiguration()
        configuration.allowedHosts = ["burnrate.internal"]
        #expect(Guard(configuration: configuration).accepts(host: authority) == accepted)
    }

    @Test func aForeignHostIsRefusedOnEveryRouteButHealthChecks() async throws {
        try await TestServer.withClient { client in
            for path in ["/api/v1/summary", "/", "/costs", "/metrics", "/openapi.json", "/login"] {
                let response = try await client.execute(uri: path, method: .get, headers: [Guard.hostField: "evil.example:8080"])
                #expect(response.status == .misdirectedRequest, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(path)")
                #expect(response.text.contains("Host 'evil.example:8080' is not this Burnrate"), "\(path)")
                #expect(response.text.contains("DNS rebinding"), "\(path)")
            }
            for path in ["/healthz", "/readyz"] {
                #expect(
                    try await client.execute(uri: path, method: .get, headers: [Guard.hostField: "evil.example"]).status == .ok, "\(path)")
            }
            for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
                #expect(
                    try await client.execute(uri: "/api/v1/summary", method: .get, headers: [Guard.hostField: host]).status == .ok,
                    "\(host)")
            }
            // Without a second Host the test client's own authority, localhost, is the Host.
            #expect(try await client.get("/api/v1/summary").status == .ok)
        }
    }

    @Test func allowedHostsAndTheListenAddressAreAccepted() async throws {
        var configuration = AppConfiguration(host: "127.0.0.2", logLevel: .error)
        configuration.allowedHosts = ["burnrate.corp.example"]
        try await TestServer.withClient(configuration: configuration) { client in
            for host in ["burnrate.corp.example", "burnrate.corp.example:443", "127.0.0.2:8080"] {
                let response = try await client.execute(uri: "/api/v1/summary", method: .get, headers: [Guard.hostField: host])
                #expect(response.status == .ok, "\(host)")
            }
            let other = try await client.execute(uri: "/", method: .get, headers: [Guard.hostField: "corp.example"])
            #expect(other.status == .misdirectedRequest)
        }
    }

    @Test func withKeysTheHostIsNotChecked() async throws {
        let configuration = AppConfiguration(adminKeys: ["admin-key-0123456789"], logLevel: .error)
        try await TestServer.withClient(configuration: configuration) { client in
            let response = try await client.execute(
                uri: "/api/v1/summary", method: .get,
                headers: [Guard.hostField: "burnrate.example", .authorization: "Bearer admin-key-0123456789"])
            #expect(response.status == .ok)
            // Nor the content type: a key is something no web page has.
            #expect(
                try await client.post("/api/v1/events", Self.event, contentType: "text/plain", key: "admin-key-0123456789").status == .ok)
        }
    }

    @Test(arguments: [
        "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "",
    ])
    func aPostABrowserCouldSendFromAnotherSiteIsRefused(contentType: String) async throws {
        try await TestServer.withClient { client in
            var headers: HTTPFields = [:]
            if !contentType.isEmpty { headers[.contentType] = contentType }
            let response = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: headers, body: ByteBuffer(string: Self.event))
            #expect(response.status == .forbidden)
            #expect(response.text.contains("Content-Type: application/json"))
            #expect(try await client.get("/api/v1/summary").json["requests"] as? Int == 0)
        }
    }

    @Test func programsAndTheServersOwnPagesMayChangeThings() async throws {
        try await TestServer.withClient { client in
            for type in ["application/json", "Application/JSON; charset=utf-8", "application/x-ndjson", "application/merge-patch+json"] {
                let response = try await client.post("/api/v1/events", Self.event, contentType: type)
                #expect(response.status == .ok, "\(type): \(response.text)")
            }
            for origin in ["http://localhost", "http://localhost:80"] {
                let response = try await client.execute(
                    uri: "/api/v1/events", method: .post, headers: [.contentType: "text/plain", .origin: origin],
                    body: ByteBuffer(string: Self.event))
                #expect(response.status == .ok, "\(origin)")
            }
            let csv = try await client.post(
                "/api/v1/costs/import", "category,service,amount_usd,period_start,period_end\ntools,Sentry,10,2026-11-01,2026-12-01\n",
                contentType: "text/csv")
            #expect(csv.status == .created, "\(csv.text)")
            // DELETE has no body; browsers cannot send it across sites without a preflight.
            let deleted = try await client.execute(uri: "/api/v1/budgets/none", method: .delete)
            #expect(deleted.status == .notFound)
        }
    }

    @Test(arguments: ["http://evil.example", "null", "http://localhost:3000", "https://localhost.evil.example", "file://"])
    func aForeignOriginIsRefusedWhateverTheContentType(origin: String) async throws {
        try await TestServer.withClient { client in
            for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
                let response = try await client.execute(
                    uri: "/api/v1/budgets/b", method: method, headers: [.contentType: "application/json", .origin: origin],
                    body: ByteBuffer(string: "{}"))
                #expect(response.status == .forbidden, "\(method) \(origin)")
                #expect(response.text.contains("came from a page on another site"), "\(method) \(origin)")
            }
            // Reading is not refused: the Host check covers what a foreign page could read.
            let read = try await client.execute(uri: "/api/v1/summary", method: .get, headers: [.origin: origin])
            #expect(read.status == .ok)
        }
    }

    @Test(arguments: [
        ("http://localhost", "localhost", true), ("http://localhost:8080", "localhost:8080", true),
        ("https://localhost:443", "localhost", true), ("http://LOCALHOST:8080", "localhost:8080", true),
        ("http://localhost:8081", "localhost:8080", false), ("http://localhost", "localhost:8080", false),
        ("http://evil.example", "localhost", false), ("null", "localhost", false), ("http://localhost/x", "localhost", false),
        ("ftp://localhost", "localhost", false),
    ])
    func sameOrigin(origin: String, authority: String, same: Bool) {
        #expect(Guard.isSameOrigin(origin, authority: authority) == same)
    }
}
