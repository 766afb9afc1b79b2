import BurnrateCore
import Foundation
import Testing

@Suite struct PriceCatalogTests {
    @Test(
        arguments: [
            ("openai", "gpt-4o", "openai/gpt-4o@2024-10-01"),
            (nil, "gpt-4o-2024-08-06", "openai/gpt-4o@2024-10-01"),
            (nil, "gpt-4o-2024-11-20", "openai/gpt-4o@2024-10-01"),
            (nil, "GPT-4o", "openai/gpt-4o@2024-10-01"),
            (nil, "openai/gpt-4o", "openai/gpt-4o@2024-10-01"),
            (nil, "openai/gpt-4o-mini-2024-07-18", "openai/gpt-4o-mini@2024-07-18"),
            ("openai", "gpt-4o-2024-05-13", "openai/gpt-4o-2024-05-13@2024-05-13"),
            (nil, "anthropic/claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5@2025-09-29"),
            (nil, "claude-sonnet-4-5@20250929", "anthropic/claude-sonnet-4-5@2025-09-29"),
            ("bedrock", "anthropic.claude-haiku-4-5-20251001-v1:0", "bedrock/anthropic.claude-haiku-4-5-20251001-v1:0@2025-10-15"),
            ("bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0", "bedrock/anthropic.claude-haiku-4-5-20251001-v1:0@2025-10-15"),
            (nil, "anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic/claude-sonnet-4-5@2025-09-29"),
            ("azure", "gpt-4o-mini", "openai/gpt-4o-mini@2024-07-18"),
            (nil, "models/gemini-2.5-pro", "google/gemini-2.5-pro@2025-06-17"),
            (nil, "gemini-2.0-flash-lite-001", "google/gemini-2.0-flash-lite@2025-02-25"),
            (nil, "mistral-small-2503", "mistral/mistral-small@2025-03-17"),
            (nil, "mistral-small-latest", "mistral/mistral-small@2025-03-17"),
            ("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "together/meta-llama/llama-3.3-70b-instruct-turbo@2025-01-01"),
        ] as [(String?, String, String)])
    func resolvesModelNames(provider: String?, model: String, expected: String) {
        guard case .priced(let entry) = Fixtures.catalog.lookup(provider: provider, model: model, at: Fixtures.now) else {
            Issue.record("\(model) did not resolve")
            return
        }
        #expect(entry.id == expected)
    }

    @Test(arguments: ["gpt-4o-audio-preview", "llama3.1:8b", "ft:gpt-4o-mini-2024-07-18:acme::9xk2", "deepseek-v3", "gpt"])
    func leavesUnknownModelsUnpriced(model: String) {
        #expect(Fixtures.catalog.lookup(provider: nil, model: model, at: Fixtures.now) == .unknownModel)
    }

    @Test func pricesEachEventWithTheEntryInEffectAtItsTime() throws {
        let entries = try PriceDocument.parse(
            Array(
                """
                [{"provider": "acme", "model": "m", "effective_from": "2025-01-01", "input": "2", "output": "2"},
                 {"provider": "acme", "model": "m", "effective_from": "2025-06-01", "input": "1", "output": "1"}]
                """.utf8), origin: .builtin)
        let catalog = PriceCatalog(entries: entries)
        func inputRate(_ time: String) -> Int64? {
            guard case .priced(let entry) = catalog.lookup(provider: "acme", model: "m", at: Timestamp(rfc3339: time)!) else { return nil }
            return entry.rates.input.picoUSDPerToken
        }
        #expect(inputRate("2025-03-01T00:00:00Z") == 2_000_000)
        #expect(inputRate("2025-05-31T23:59:59.999999Z") == 2_000_000)
        #expect(inputRate("2025-06-01T00:00:00Z") == 1_000_000)
        #expect(inputRate("2024-12-31T23:59:59Z") == nil)
    }

    @Test func addingANewerPriceLeavesEarlierEventsAlone() throws {
        let event = UsageEvent(
            id: "e", timestamp: Timestamp(rfc3339: "2025-10-01T00:00:00Z")!, provider: "openai", model: "gpt-4o",
            usage: TokenUsage(inputTokens: 1_000_000))
        let before = Pricer.price(event, catalog: Fixtures.catalog)
        let cut = try PriceDocument.parse(
            Array(
                """
                [{"provider": "openai", "model": "gpt-4o", "effective_from": "2025-10-15", "input": "1.00", "output": "4.00"}]
                """.utf8), origin: .builtin)
        let after = Pricer.price(event, catalog: PriceCatalog(entries: Fixtures.entries + cut))
        #expect(before == after)
        #expect(after.cost.total == Money(nanos: 2_500_000_000))
    }

    @Test func overridesWinOverTheBuiltInCatalog() throws {
        let negotiated = try PriceDocument.parse(
            Array(
                """
                [{"provider": "openai", "model": "gpt-4o", "effective_from": "2025-01-01", "input": "2.00", "output": "8.00"}]
                """.utf8), origin: .override)
        let catalog = Fixtures.catalog.adding(negotiated)
        guard case .priced(let entry) = catalog.lookup(provider: "openai", model: "gpt-4o-2024-08-06", at: Fixtures.now) else {
            Issue.record("not priced")
            return
        }
        #expect(entry.origin == .override)
        #expect(entry.rates.input.picoUSDPerToken == 2_000_000)
        guard case .priced(let old) = catalog.lookup(provider: "openai", model: "gpt-4o", at: Timestamp(rfc3339: "2024-12-01T00:00:00Z")!)
        else {
            Issue.record("not priced")
            return
        }
        #expect(old.origin == .builtin)
    }

    @Test func pricesFileRoundTrips() throws {
        let text = PriceDocument.serialize(Fixtures.entries)
        let reread = try PriceDocument.parse(Array(text.utf8), origin: .builtin)
        #expect(reread == Fixtures.entries)
    }

    @Test func pricesFileErrorsNameTheirLines() {
        let text = """
            {"models": [
              {"provider": "openai", "model": "a", "effective_from": "2025-01-01", "input": "1", "output": "1"},
              {"provider": "openai", "model": "b", "effective_from": "2025-13-01",
               "input": "1.5x", "output": 2, "colour": "red"}
            ]}
            """
        #expect {
            try PriceDocument.parse(Array(text.utf8), origin: .file)
        } throws: { error in
            guard let invalid = error as? PriceDocument.Invalid else { return false }
            let byField = Dictionary(invalid.issues.map { ($0.field ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            return byField["effective_from"]?.line == 3 && byField["input"]?.line == 4 && byField["colour"]?.line == 4
                && invalid.issues.allSatisfy { $0.index == 1 }
        }
    }

    @Test func pricesFileSyntaxErrorsNameTheirLine() {
        #expect {
            try PriceDocument.parse(Array("{\"models\": [\n  {\"provider\": \"x\",\n  }\n]}".utf8), origin: .file)
        } throws: { error in
            (error as? PriceDocument.Invalid)?.issues.first?.line == 3
        }
    }
}
