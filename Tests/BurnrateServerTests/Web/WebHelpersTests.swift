import BurnrateCore
import BurnrateStore
import Hummingbird
import Testing

@testable import BurnrateServer

/// The dashboard's small helpers: the recommendation cache, form decoding, sign-in redirects.
@Suite struct WebHelpersTests {
    @Test func aTimedCacheKeepsItsValueForItsLifetimeOnly() {
        let cache = TimedCache<Int>(lifetime: 300)
        let start = Timestamp(microseconds: 1_000_000_000_000)
        #expect(cache.value(at: start) == nil)
        cache.store(7, at: start)
        #expect(cache.value(at: start.adding(seconds: 299)) == 7)
        #expect(cache.value(at: start.adding(seconds: 300)) == nil)
        #expect(cache.value(at: start.adding(seconds: -1)) == nil)
    }

    @Test(arguments: [
        ("name=Acme+monthly&amount_usd=1%2C500", "name", "Acme monthly"), ("a=%E2%82%AC", "a", "€"),
        ("scope.tenant=+acme+", "scope.tenant", "acme"),
    ])
    func formFieldsDecode(body: String, key: String, value: String) {
        #expect(FormBody.parse(body)[key] == value)
    }

    @Test(arguments: [
        ("/costs?tenant=acme", "/costs?tenant=acme"), ("https://evil.example/", "/"), ("//evil.example", "/"), ("/\\evil", "/"),
    ])
    func signInReturnsOnlyToLocalPaths(next: String, expected: String) {
        #expect(WebController<BasicRequestContext>.safeNext(Substring(next)) == expected)
    }

    @Test func webQueryTurnsATagFieldIntoATagFilterAndDropsEmptyFields() throws {
        let parameters: Parameters = ["tag": "region=eu", "tenant": "", "period": "7d"]
        let query = try WebQuery.parse(parameters, calendar: .utc, defaultPeriod: "30d")
        #expect(query.scope.filter.tags == ["region": ["eu"]])
        #expect(query.scope.filter.dimensions.isEmpty)
        #expect(query.link("/costs", [("tenant", "a b")]) == "/costs?period=7d&tag.region=eu&tenant=a%20b")
    }
}
