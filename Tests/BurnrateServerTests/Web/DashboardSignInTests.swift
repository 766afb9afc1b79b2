import BurnrateCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import BurnrateServer

/// Sign-in: where it may send the browser back to, how fast keys can be guessed, and when the
/// session cookie is `Secure`.
@Suite struct DashboardSignInTests {
    static let adminKey = "admin-key-0123456789"
    static let configuration = AppConfiguration(adminKeys: [adminKey], logLevel: .error)

    static func login(
        _ client: some TestClientProtocol, key: String, next: String = "/costs", headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        let body = DashboardFormTests.form([("key", key), ("next", next)])
        return try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: [
        "//evil.example", "/\\evil.example", "\\/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
        "\t//evil.example", "https://evil.example", "http:evil.example", "javascript:alert(1)", "evil.example", "",
        "/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%09/evil.example", " /costs", "/ /evil.example",
        "/\u{2028}/evil.example", "/\u{200B}/evil.example", "/costs\\..\\x",
    ])
    func aNextThatCouldLeaveTheServerIsRefused(next: String) {
        #expect(WebController<BasicRequestContext>.safeNext(Substring(next)) == "/")
    }

    @Test(arguments: ["/", "/costs", "/costs?period=7d&tenant=acme", "/requests/abc#top", "/costs?next=//x", "/a%2Fb"])
    func aPathOfThisServerIsKept(next: String) {
        #expect(WebController<BasicRequestContext>.safeNext(Substring(next)) == next)
    }

    @Test func signingInGoesOnlyToAPathOfThisServer() async throws {
        try await TestServer.withClient(configuration: Self.configuration) { client in
            for next in ["/\t/evil.example", "/\\evil.example", "//evil.example", "https://evil.example"] {
                let response = try await Self.login(client, key: Self.adminKey, next: next)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/", "\(next)")
            }
            let kept = try await Self.login(client, key: Self.adminKey, next: "/costs?period=7d")
            #expect(kept.headers[.location] == "/costs?period=7d")
            let form = try await client.get("/login?next=%2F%2Fevil.example")
            #expect(form.text.contains(#"name="next" value="/""#))
        }
    }

    @Test func theSessionCookieIsSecureOverTLS() async throws {
        try await TestServer.withClient(configuration: Self.configuration) { client in
            let plain = try await Self.login(client, key: Self.adminKey)
            let plainCookie = try #require(plain.headers[values: .setCookie].first)
            #expect(plainCookie.hasPrefix("burnrate_session=") && !plainCookie.contains("Secure"))
            let proxied = try await Self.login(
                client, key: Self.adminKey, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            let proxiedCookie = try #require(proxied.headers[values: .setCookie].first)
            #expect(proxiedCookie.contains("; Secure"))
            #expect(proxiedCookie.contains("HttpOnly; SameSite=Strict"))
            let http = try await Self.login(client, key: Self.adminKey, headers: [HTTPField.Name("X-Forwarded-Proto")!: "http"])
            #expect(http.headers[values: .setCookie].first?.contains("Secure") == false)
        }
        // Without keys, the CSRF cookie likewise.
        try await TestServer.withClient { client in
            let page = try await client.execute(uri: "/budgets", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(page.headers[values: .setCookie].first?.contains("; Secure") == true)
            #expect(try await client.get("/budgets").headers[values: .setCookie].first?.contains("Secure") == false)
        }
    }

    @Test func failedSignInsAreLimitedPerClient() async throws {
        // A window of an hour: on a loaded machine, eleven sign-ins may take more than a minute.
        var configuration = Self.configuration
        configuration.signInWindow = .seconds(3_600)
        try await TestServer.withClient(configuration: configuration) { client in
            let attacker: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.7"]
            for attempt in 1...SignInLimiter.Limits().perClient {
                #expect(try await Self.login(client, key: "guess-\(attempt)", headers: attacker).status == .unauthorized)
            }
            let limited = try await Self.login(client, key: "one-more-guess", headers: attacker)
            #expect(limited.status == .tooManyRequests)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...3_600).contains(retryAfter))
            #expect(limited.headers[.contentType] == "text/html; charset=utf-8")
            #expect(limited.text.contains("Too many failed sign-ins"))
            // Even the right key waits: otherwise guessing would go on.
            let right = try await Self.login(client, key: Self.adminKey, headers: attacker)
            #expect(right.status == .tooManyRequests)
            #expect(right.headers[values: .setCookie].isEmpty)
            // Another client is not held back by this one.
            let other = try await Self.login(client, key: Self.adminKey, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"])
            #expect(other.status == .seeOther)
        }
    }

    @Test func theLimiterCountsPerClientAndOverallForAWindow() async {
        let limiter = SignInLimiter(limits: .init(perClient: 3, overall: 5, window: .seconds(60), maximumClients: 100))
        let start = ContinuousClock.now
        for _ in 0..<3 { await limiter.recordFailure(client: "a", now: start) }
        #expect(await limiter.retryAfter(client: "a", now: start + .seconds(10)) == .seconds(50))
        #expect(await limiter.retryAfter(client: "b", now: start + .seconds(10)) == nil)
        #expect(await limiter.retryAfter(client: "a", now: start + .seconds(60)) == nil)
        // Failures spread over clients reach the overall limit, which holds every client back.
        for client in ["b", "c"] { await limiter.recordFailure(client: client, now: start + .seconds(20)) }
        #expect(await limiter.retryAfter(client: "d", now: start + .seconds(30)) == .seconds(30))
        #expect(await limiter.retryAfter(client: "d", now: start + .seconds(61)) == nil)
    }

    @Test func theLimiterForgetsTheOldestClientWhenFull() async {
        let limiter = SignInLimiter(limits: .init(perClient: 2, overall: 1_000_000, window: .seconds(60), maximumClients: 50))
        let start = ContinuousClock.now
        await limiter.recordFailure(client: "first", now: start)
        await limiter.recordFailure(client: "first", now: start)
        for index in 0..<500 { await limiter.recordFailure(client: "client-\(index)", now: start + .milliseconds(index + 1)) }
        #expect(await limiter.trackedClients == 50)
        #expect(await limiter.retryAfter(client: "first", now: start + .seconds(1)) == nil)
    }
}
