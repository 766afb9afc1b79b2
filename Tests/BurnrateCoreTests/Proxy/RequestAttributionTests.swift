import BurnrateCore
import Testing

@Suite struct RequestAttributionTests {
    static func parse(_ headers: [String: String]) throws(AttributionError) -> RequestAttribution {
        try RequestAttribution.parse { headers[$0] }
    }

    @Test func headersAreTrimmedAndTagsSplit() throws {
        let parsed = try Self.parse([
            "x-burnrate-tenant": "  acme ", "x-burnrate-feature": "search", "x-burnrate-tags": "region=eu, tier = free",
            "x-burnrate-user": "",
        ])
        #expect(parsed.attribution == Attribution(tenant: "acme", feature: "search"))
        #expect(parsed.tags == ["region": "eu", "tier": "free"])
    }

    @Test(arguments: [
        ("acme", "acme"), ("\t acme corp \t", "acme corp"), ("  ", ""), ("", ""), ("é ", "é"), ("\u{A0}acme", "\u{A0}acme"),
    ])
    func optionalWhitespaceIsSpacesAndTabsAround(_ text: String, _ trimmed: String) {
        #expect(text[...].trimmingOptionalWhitespace == trimmed)
    }

    @Test func aHeaderRepeatedWithTheSameValueIsOneValue() throws {
        #expect(try Self.parse(["x-burnrate-tenant": "acme,acme"]).attribution.tenant == "acme")
        #expect(throws: AttributionError.self) { try Self.parse(["x-burnrate-tenant": "acme,other"]) }
    }

    @Test(arguments: ["region", "=eu", "region=eu,region=us"])
    func malformedTagsAreRefused(_ value: String) {
        #expect(throws: AttributionError.self) { try Self.parse(["x-burnrate-tags": value]) }
    }

    @Test func aVirtualKeysAttributionWinsOverHeaders() throws {
        let headers = try Self.parse(["x-burnrate-tenant": "other", "x-burnrate-feature": "chat", "x-burnrate-tags": "region=us"])
        let key = RequestAttribution(attribution: Attribution(tenant: "acme"), tags: ["region": "eu"])
        let merged = headers.overridden(by: key)
        #expect(merged.attribution == Attribution(tenant: "acme", feature: "chat"))
        #expect(merged.tags == ["region": "eu"])
    }
}
