import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The dashboard's forms (budgets, alert acknowledgement) and sign-in: a form needs the
/// session's CSRF token, a viewer may only read, and with keys configured every page needs a
/// signed-in session.
@Suite struct DashboardFormTests {
    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\(WebFormEncoding.encode($0.1))" }.joined(separator: "&")
    }

    /// The cookie a response sets, as `name=value`.
    static func cookie(_ response: TestResponse, _ name: String) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }.map { String($0.split(separator: ";")[0]) }
    }

    static func csrf(_ page: TestResponse) -> String? {
        PageText(html: page.text).first(#"name="csrf" value="([0-9a-f]{64})""#)
    }

    @Test func budgetFormsCreateEditAndDeleteWithTheToken() async throws {
        try await TestServer.withClient { client in
            let page = try await client.get("/budgets")
            let cookie = try #require(Self.cookie(page, "burnrate_csrf"))
            #expect(page.headers[values: .setCookie].first?.contains("HttpOnly; SameSite=Strict") == true)
            let token = try #require(Self.csrf(page))
            #expect(cookie == "burnrate_csrf=\(token)")

            let created = try await client.postForm(
                "/budgets",
                Self.form([
                    ("csrf", token), ("name", "Acme monthly"), ("amount_usd", "1500"), ("period", "monthly"), ("thresholds", "50, 90"),
                    ("scope.tenant", "acme-corp"),
                ]), cookie: cookie)
            #expect(created.status == .seeOther)
            let stored = try await client.get("/api/v1/budgets/acme-monthly").json
            #expect(stored["amount_usd"] as? String == "1500.000000000")
            #expect(stored[path: "scope.tenant"] as? String == "acme-corp" || (stored[path: "scope.tenant"] as? [String]) == ["acme-corp"])
            #expect(stored["thresholds"] as? [Int] == [50, 90])
            #expect(try await client.get("/budgets").text.contains("Acme monthly"))

            let edited = try await client.postForm(
                "/budgets/acme-monthly",
                Self.form([("csrf", token), ("name", "Acme monthly"), ("amount_usd", "2000.50"), ("period", "monthly")]), cookie: cookie)
            #expect(edited.status == .seeOther)
            #expect(try await client.get("/api/v1/budgets/acme-monthly").json["amount_usd"] as? String == "2000.500000000")

            let invalid = try await client.postForm(
                "/budgets", Self.form([("csrf", token), ("name", "Broken"), ("amount_usd", "lots"), ("period", "yearly")]),
                cookie: cookie)
            #expect(invalid.status == .badRequest)
            #expect(invalid.text.contains("<code>amount_usd</code>"))
            #expect(invalid.text.contains("<code>period</code>"))
            #expect(invalid.text.contains(#"value="Broken""#))

            let deleted = try await client.postForm("/budgets/acme-monthly/delete", Self.form([("csrf", token)]), cookie: cookie)
            #expect(deleted.status == .seeOther)
            #expect(try await client.get("/api/v1/budgets/acme-monthly").status == .notFound)
        }
    }

    @Test func anUnpricedModelLinksToAPriceFormThatPricesItsStoredRequests() async throws {
        let event =
            #"{"id": "x1", "timestamp": "2026-10-01T00:00:00Z", "provider": "vllm", "model": "acme-llama-70b", "input_tokens": 2000000, "output_tokens": 1000000}"#
        try await TestServer.withEvents([event]) { client in
            let operations = try await client.get("/operations?from=2026-09-01&to=2026-11-01")
            #expect(operations.text.contains(#"href="/prices/new?provider=vllm&amp;model=acme-llama-70b""#), "\(operations.text)")
            let page = try await client.get("/prices/new?provider=vllm&model=acme-llama-70b")
            #expect(page.status == .ok)
            #expect(page.text.contains("1 stored requests of vllm/acme-llama-70b have no price"))
            let cookie = try #require(Self.cookie(page, "burnrate_csrf"))
            let token = try #require(Self.csrf(page))

            let invalid = try await client.postForm(
                "/prices", Self.form([("csrf", token), ("provider", "vllm"), ("model", "acme-llama-70b"), ("input", "cheap")]),
                cookie: cookie)
            #expect(invalid.status == .badRequest)
            #expect(invalid.text.contains("<code>input</code>"))
            #expect(invalid.text.contains("<code>output</code>"))
            #expect(try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json[path: "unpriced.requests"] as? Int == 1)

            let saved = try await client.postForm(
                "/prices",
                Self.form([
                    ("csrf", token), ("provider", "vllm"), ("model", "acme-llama-70b"), ("input", "0.20"), ("output", "0.60"),
                    ("reprice", "1"),
                ]), cookie: cookie)
            #expect(saved.status == .seeOther)
            let priced = try await client.get("/api/v1/events/x1").json
            #expect(priced[path: "price.id"] as? String == "vllm/acme-llama-70b@1970-01-01")
            #expect(priced[path: "cost.total_usd"] as? String == "1.000000000")
            #expect(try await client.get("/api/v1/summary?from=2026-01-01&to=2027-01-01").json[path: "unpriced.requests"] as? Int == 0)
        }
    }

    @Test func aFormWithoutTheRightTokenIsRefused() async throws {
        try await TestServer.withClient { client in
            let fields = [("name", "Sneaky"), ("amount_usd", "10"), ("period", "monthly")]
            let noCookie = try await client.postForm("/budgets", Self.form([("csrf", String(repeating: "a", count: 64))] + fields))
            #expect(noCookie.status == .forbidden)
            let page = try await client.get("/budgets")
            let cookie = try #require(Self.cookie(page, "burnrate_csrf"))
            let wrong = try await client.postForm(
                "/budgets", Self.form([("csrf", String(repeating: "b", count: 64))] + fields), cookie: cookie)
            #expect(wrong.status == .forbidden)
            let missing = try await client.postForm("/budgets", Self.form(fields), cookie: cookie)
            #expect(missing.status == .forbidden)
            #expect(try await client.get("/api/v1/budgets").json["count"] as? Int == 0)
        }
    }

    @Test func withKeysEveryPageNeedsASignInAndAViewerOnlyReads() async throws {
        var configuration = AppConfiguration(adminKeys: ["admin-secret"], logLevel: .error)
        configuration.viewerKeys = ["viewer-secret"]
        try await TestServer.withClient(configuration: configuration) { client in
            for path in ["/", "/costs", "/operations", "/budgets", "/roi", "/requests/x"] {
                let response = try await client.get(path)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
            }
            #expect(try await client.get("/assets/app.css").status == .ok)
            #expect(try await client.get("/login").status == .ok)

            let refused = try await client.postForm("/login", Self.form([("key", "guess"), ("next", "/costs")]))
            #expect(refused.status == .unauthorized)
            #expect(Self.cookie(refused, "burnrate_session") == nil)

            let viewer = try await client.postForm("/login", Self.form([("key", "viewer-secret"), ("next", "/costs")]))
            #expect(viewer.status == .seeOther)
            #expect(viewer.headers[.location] == "/costs")
            #expect(viewer.headers[values: .setCookie].first?.contains("HttpOnly; SameSite=Strict") == true)
            let viewerCookie = try #require(Self.cookie(viewer, "burnrate_session"))
            let costs = try await client.get("/costs", cookie: viewerCookie)
            #expect(costs.status == .ok)
            let budgets = try await client.get("/budgets", cookie: viewerCookie)
            #expect(!budgets.text.contains("Create budget"))
            let token = try #require(Self.csrf(budgets))
            let viewerPost = try await client.postForm(
                "/budgets", Self.form([("csrf", token), ("name", "V"), ("amount_usd", "1"), ("period", "monthly")]), cookie: viewerCookie)
            #expect(viewerPost.status == .forbidden)
            let priceForm = try await client.get("/prices/new?provider=vllm&model=m", cookie: viewerCookie)
            #expect(priceForm.status == .ok && !priceForm.text.contains("Save price"))
            let viewerPrice = try await client.postForm(
                "/prices", Self.form([("csrf", token), ("provider", "vllm"), ("model", "m"), ("input", "1"), ("output", "1")]),
                cookie: viewerCookie)
            #expect(viewerPrice.status == .forbidden)

            let admin = try await client.postForm("/login", Self.form([("key", "admin-secret"), ("next", "https://evil.example/")]))
            #expect(admin.headers[.location] == "/")
            let adminCookie = try #require(Self.cookie(admin, "burnrate_session"))
            let adminPage = try await client.get("/budgets", cookie: adminCookie)
            let adminToken = try #require(Self.csrf(adminPage))
            let created = try await client.postForm(
                "/budgets", Self.form([("csrf", adminToken), ("name", "A"), ("amount_usd", "1"), ("period", "monthly")]),
                cookie: adminCookie)
            #expect(created.status == .seeOther)
            // One session's token does not open another's forms.
            let crossed = try await client.postForm(
                "/budgets", Self.form([("csrf", token), ("name", "B"), ("amount_usd", "1"), ("period", "monthly")]), cookie: adminCookie)
            #expect(crossed.status == .forbidden)

            let out = try await client.postForm("/logout", Self.form([("csrf", adminToken)]), cookie: adminCookie)
            #expect(out.status == .seeOther)
            #expect(try await client.get("/budgets", cookie: adminCookie).status == .seeOther)
        }
    }
}

/// Form encoding for the tests' posts.
enum WebFormEncoding {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? text
    }
}

extension TestClientProtocol {
    func postForm(_ uri: String, _ body: String, cookie: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func get(_ uri: String, cookie: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }
}
