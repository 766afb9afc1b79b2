import BurnrateCatalog
import BurnrateCore
import Foundation
import Testing

/// The shipped catalog: complete enough to price real traffic, and every entry sourced.
@Suite struct BuiltinCatalogTests {
    let catalog: PriceCatalog
    let today = Timestamp.now()

    init() throws {
        catalog = try BuiltinCatalog.catalog()
    }

    func priced(_ provider: String?, _ model: String) -> PriceEntry? {
        if case .priced(let entry) = catalog.lookup(provider: provider, model: model, at: today) { return entry }
        return nil
    }

    @Test func coversTheMainProvidersAndHosts() {
        let models = Set(catalog.entries.map { "\($0.provider)/\($0.model)" })
        #expect(models.count >= 60)
        let providers = Set(catalog.entries.map(\.provider))
        for provider in ["openai", "anthropic", "google", "mistral", "deepseek", "xai", "cohere", "groq", "together", "bedrock", "azure"] {
            #expect(providers.contains(provider), "no \(provider) prices")
        }
        #expect(catalog.entries.contains { $0.kind == .embedding })
    }

    @Test func everyEntryNamesItsSource() {
        for entry in catalog.entries {
            #expect(entry.source?.isEmpty == false, "\(entry.id) has no source")
        }
    }

    @Test func pricesEveryDemoModel() {
        for feature in DemoProfile.standard.features {
            for choice in feature.models {
                #expect(priced(choice.provider, choice.model) != nil, "\(choice.provider)/\(choice.model) is not priced")
            }
        }
    }

    @Test(
        arguments: [
            ("openai", "gpt-4o-2024-08-06"), (nil, "openai/gpt-4o"), (nil, "gpt-4o-mini-2024-07-18"),
            ("anthropic", "claude-sonnet-4-5-20250929"), (nil, "anthropic/claude-haiku-4-5"),
            ("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("google", "gemini-2.5-pro"),
            (nil, "text-embedding-3-small"), ("deepseek", "deepseek-chat"),
        ] as [(String?, String)])
    func resolvesCommonModelIds(provider: String?, model: String) {
        #expect(priced(provider, model) != nil)
    }

    @Test func longContextAndBatchTiersArePresentWhereProvidersHaveThem() throws {
        let gemini = try #require(priced("google", "gemini-2.5-pro"))
        #expect(gemini.longContext?.thresholdInputTokens == 200_000)
        #expect(priced("openai", "gpt-4o")?.tiers["batch"] != nil)
        #expect(priced("anthropic", "claude-sonnet-4-5")?.rates.cacheWrite != nil)
    }
}
