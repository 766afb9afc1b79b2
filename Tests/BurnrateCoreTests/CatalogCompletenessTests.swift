import BurnrateCatalog
import BurnrateCore
import Foundation
import Testing

/// The shipped catalog bills what each provider bills: no entry lacks a rate its provider
/// charges, every alias reaches its own entry, and the ids clients really send resolve to the
/// entry that prices them.
@Suite struct CatalogCompletenessTests {
    let catalog: PriceCatalog
    let today = Timestamp.now()

    init() throws {
        catalog = try BuiltinCatalog.catalog()
    }

    /// Providers that discount cached input on every chat model they sell today; an entry of
    /// theirs without a cache-read rate would leave cache reads unbilled.
    static let cachingProviders: Set<String> = ["anthropic", "deepseek"]

    @Test func cachingProvidersHaveCacheRatesOnEveryChatModel() {
        for entry in catalog.entries where Self.cachingProviders.contains(entry.provider) && entry.kind == .chat {
            #expect(entry.rates.cacheRead != nil, "\(entry.id) has no cache-read rate")
        }
        for entry in catalog.entries where entry.provider == "anthropic" {
            #expect(entry.rates.cacheWrite != nil && entry.rates.cacheWrite1h != nil, "\(entry.id) lacks a cache-write rate")
        }
    }

    /// Claude on Bedrock caches (all but the first Claude 3.5 Sonnet and Claude 3 Haiku); its
    /// cache reads must not fall to the input rate, ten times the price.
    @Test func bedrockClaudeModelsHaveCacheReadRates() {
        let uncached: Set<String> = ["anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"]
        for entry in catalog.entries where entry.provider == "bedrock" && entry.model.hasPrefix("anthropic.claude") {
            guard !uncached.contains(entry.model) else { continue }
            #expect(entry.rates.cacheRead != nil, "\(entry.id) has no cache-read rate")
        }
    }

    /// Entries whose provider publishes no long-context cache rate; cache reads above the
    /// threshold are flagged as partially priced rather than billed at a guess.
    static let unpublishedLongContextCacheRates: Set<String> = ["xai/grok-4-0709@2025-07-09"]

    /// A rate the standard tier has is also in the long-context and rate tiers: a cache rate
    /// that stops above 200k tokens or in the priority tier leaves that usage unbilled.
    @Test func longContextAndTierRatesKeepEveryRateTheStandardRatesHave() {
        func kinds(_ rates: RateSet) -> Set<String> {
            var kinds: Set<String> = []
            if rates.cacheRead != nil { kinds.insert("cache_read") }
            if rates.cacheWrite != nil { kinds.insert("cache_write") }
            if rates.cacheWrite1h != nil { kinds.insert("cache_write_1h") }
            return kinds
        }
        for entry in catalog.entries {
            let standard = kinds(entry.rates)
            if let long = entry.longContext, !Self.unpublishedLongContextCacheRates.contains(entry.id) {
                #expect(
                    standard.isSubset(of: kinds(long.rates)),
                    "\(entry.id): long-context rates lack \(standard.subtracting(kinds(long.rates)))")
            }
            for (name, tier) in entry.tiers {
                guard case .rates(let rates, let long) = tier else { continue }
                #expect(
                    kinds(entry.rates).subtracting(["cache_write", "cache_write_1h"]).isSubset(of: kinds(rates)),
                    "\(entry.id): tier \(name) lacks a cache-read rate")
                if let long {
                    #expect(kinds(rates).isSubset(of: kinds(long.rates)), "\(entry.id): tier \(name)'s long-context rates lack some")
                }
            }
        }
    }

    /// Dated entries of one model follow each other: one price at any instant, and each alias
    /// of each entry resolves to its own model at that entry's date.
    @Test func everyAliasResolvesToItsOwnModel() {
        for entry in catalog.entries {
            for alias in entry.aliases {
                guard case .priced(let found) = catalog.lookup(provider: entry.provider, model: alias, at: Timestamp(entry.effectiveFrom))
                else {
                    Issue.record("\(entry.provider)/\(alias) does not resolve")
                    continue
                }
                #expect(found.model == entry.model, "\(entry.provider)/\(alias) resolves to \(found.id), not \(entry.id)")
            }
        }
    }

    @Test func everyEntryIsInEffectFromItsDateUntilTheNext() {
        let byModel = Dictionary(grouping: catalog.entries) { "\($0.provider)/\($0.model)" }
        for (model, entries) in byModel {
            let dates = entries.map(\.effectiveFrom)
            #expect(Set(dates).count == dates.count, "\(model) has two prices from the same date")
            for entry in entries {
                guard
                    case .priced(let found) = catalog.lookup(
                        provider: entry.provider, model: entry.model, at: Timestamp(entry.effectiveFrom))
                else {
                    Issue.record("\(entry.id) is not in effect at its own date")
                    continue
                }
                #expect(found == entry)
            }
        }
    }

    /// Bedrock bills the newer models' geographic profiles and in-Region calls 10% above the
    /// global profile; older models have one rate everywhere.
    @Test(
        arguments: [
            ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", 300_000_000),
            ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", 330_000_000),
            ("anthropic.claude-sonnet-4-5-20250929-v1:0", 330_000_000), ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", 330_000_000),
            ("us.anthropic.claude-sonnet-4-20250514-v1:0", 300_000_000), ("anthropic.claude-sonnet-4-20250514-v1:0", 300_000_000),
        ] as [(String, Int64)])
    func bedrockRegionalProfilesCostWhatAWSBills(model: String, nanos: Int64) {
        let event = UsageEvent(
            id: "r", timestamp: Timestamp(rfc3339: "2026-01-15T00:00:00Z")!, provider: "bedrock", model: model,
            usage: TokenUsage(inputTokens: 100_000))
        #expect(Pricer.price(event, catalog: catalog).cost.total == Money(nanos: nanos))
    }

    /// The ids clients send, in every form seen in the wild, and the entry each must resolve to.
    @Test(
        arguments: [
            // Dated snapshots, and a snapshot priced apart from its family.
            ("openai", "gpt-4o-2024-08-06", "openai/gpt-4o"),
            ("openai", "gpt-4o-2024-05-13", "openai/gpt-4o-2024-05-13"),
            ("openai", "gpt-3.5-turbo-0125", "openai/gpt-3.5-turbo-0125"),
            (nil, "gpt-4-turbo", "openai/gpt-4-turbo-2024-04-09"),
            (nil, "text-embedding-ada-002", "openai/text-embedding-ada-002"),
            ("anthropic", "claude-3-7-sonnet-latest", "anthropic/claude-3-7-sonnet-20250219"),
            ("anthropic", "claude-3-opus-20240229", "anthropic/claude-3-opus-20240229"),
            // Vertex AI's `@date`.
            ("google", "claude-sonnet-4@20250514", "anthropic/claude-sonnet-4-20250514"),
            (nil, "claude-opus-4-1@20250805", "anthropic/claude-opus-4-1-20250805"),
            // Bedrock ids with a region, a vendor and a version.
            ("bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "bedrock/anthropic.claude-3-5-haiku-20241022-v1:0"),
            ("bedrock", "anthropic.claude-opus-4-20250514-v1:0", "bedrock/anthropic.claude-opus-4-20250514-v1:0"),
            ("bedrock", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0"),
            ("bedrock", "us.amazon.nova-premier-v1:0", "bedrock/amazon.nova-premier-v1:0"),
            // A Bedrock id sent without the provider still finds Anthropic's own snapshot.
            (nil, "anthropic.claude-3-5-haiku-20241022-v1:0", "bedrock/anthropic.claude-3-5-haiku-20241022-v1:0"),
            // Azure deployments report the model name.
            ("azure", "gpt-4.1-mini", "azure/gpt-4.1-mini"),
            ("azure", "gpt-5.4", "azure/gpt-5.4"),
            // OpenRouter and LiteLLM style `provider/model`.
            (nil, "openai/gpt-4o-mini", "openai/gpt-4o-mini"),
            (nil, "anthropic/claude-haiku-4-5", "anthropic/claude-haiku-4-5-20251001"),
            (nil, "google/gemini-2.5-flash", "google/gemini-2.5-flash"),
            // `-latest` and dated previews.
            ("google", "gemini-flash-latest", "google/gemini-3.8-flash"),
            ("google", "gemini-2.5-flash-preview-09-2025", "google/gemini-2.5-flash"),
            ("mistral", "magistral-medium-latest", "mistral/mistral-medium-2604"),
            ("mistral", "devstral-small-latest", "mistral/devstral-small-2512"),
            // Hosts of open models.
            ("groq", "meta-llama/llama-4-scout-17b-16e-instruct", "groq/meta-llama/llama-4-scout-17b-16e-instruct"),
            ("xai", "grok-code-fast-1", "xai/grok-code-fast-1"),
            (
                "fireworks", "accounts/fireworks/models/llama-v3p1-70b-instruct",
                "fireworks/accounts/fireworks/models/llama-v3p1-70b-instruct"
            ),
        ] as [(String?, String, String)])
    func resolvesRealWorldIds(provider: String?, model: String, expected: String) {
        guard case .priced(let entry) = catalog.lookup(provider: provider, model: model, at: today) else {
            Issue.record("\(provider ?? "-")/\(model) has no price")
            return
        }
        #expect("\(entry.provider)/\(entry.model)" == expected)
    }
}
