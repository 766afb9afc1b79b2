import BurnrateCore
import BurnrateStore
import Hummingbird
import Synchronization
import Testing

@testable import BurnrateServer

/// The dashboard's small helpers: the savings opportunities kept ready, form decoding, sign-in redirects.
@Suite struct WebHelpersTests {
    @Test func aRefreshingValueIsComputedOnceThenServedAtOnceWhileItRefreshes() async throws {
        let computations = Mutex(0)
        let release = AsyncStream<Void>.makeStream()
        let value = RefreshingValue<Int>(lifetime: .seconds(300)) { _ in
            let count = computations.withLock { count in
                count += 1
                return count
            }
            if count > 1 { for await _ in release.stream { break } }
            return count
        }
        let start = Timestamp(microseconds: 1_000_000_000_000)
        // The first readers wait for one computation and share it.
        async let first = value.value(now: start)
        async let second = value.value(now: start)
        #expect(try await [first, second] == [1, 1])
        #expect(try await value.value(now: start.adding(seconds: 299)) == 1)
        #expect(computations.withLock { $0 } == 1)
        // Once old, the value is still served at once while a refresh runs, and only one runs.
        #expect(try await value.value(now: start.adding(seconds: 300)) == 1)
        #expect(try await value.value(now: start.adding(seconds: 301)) == 1)
        release.continuation.yield()
        while try await value.value(now: start.adding(seconds: 302)) == 1 { await Task.yield() }
        #expect(try await value.value(now: start.adding(seconds: 302)) == 2)
        #expect(computations.withLock { $0 } == 2)
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
