import Foundation
import Testing

@testable import BurnrateCore

/// LiteLLM's price map is read exactly, what it cannot express is left out with a reason, and
/// Burnrate's prices written in its format read back unchanged.
@Suite struct LiteLLMPriceMapTests {
    static let map = """
        {
          "sample_spec": {"input_cost_per_token": 0, "litellm_provider": "openai", "mode": "chat"},
          "gpt-4o": {
            "litellm_provider": "openai", "mode": "chat",
            "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
            "input_cost_per_token_batches": 1.25e-06, "output_cost_per_token_batches": 5e-06,
            "input_cost_per_token_priority": 4.25e-06, "output_cost_per_token_priority": 1.7e-05,
            "cache_read_input_token_cost_priority": 2.125e-06
          },
          "claude-sonnet-4-5": {
            "litellm_provider": "anthropic", "mode": "chat",
            "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
            "cache_read_input_token_cost": 3e-07, "cache_creation_input_token_cost": 3.75e-06,
            "cache_creation_input_token_cost_above_1hr": 6e-06,
            "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token_above_200k_tokens": 2.25e-05,
            "cache_read_input_token_cost_above_200k_tokens": 6e-07
          },
          "groq/llama-3.3-70b-versatile": {"litellm_provider": "groq", "mode": "chat", "input_cost_per_token": 5.9e-07, "output_cost_per_token": 7.9e-07},
          "bedrock/us-east-1/anthropic.claude-3-haiku-20240307-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "input_cost_per_token": 2.6e-07, "output_cost_per_token": 1.3e-06},
          "anthropic.claude-3-haiku-20240307-v1:0": {"litellm_provider": "bedrock", "mode": "chat", "input_cost_per_token": 2.5e-07, "output_cost_per_token": 1.25e-06},
          "text-embedding-3-small": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08},
          "gpt-image-1": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_image": 0.04},
          "my-chat-without-output": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 0.000001},
          "0.30000000000000004-priced": {"litellm_provider": "custom_llm", "mode": "chat", "input_cost_per_token": 3.0000000000000004e-07, "output_cost_per_token": 0.0000006}
        }
        """
    static let date = CalendarDate.parse("2026-12-07")!

    @Test func readsRatesExactlyWithTheirTiersAndLongContext() throws {
        let (entries, skipped) = try LiteLLMPriceMap.parse(Array(Self.map.utf8), effectiveFrom: Self.date)
        let byID = Dictionary(uniqueKeysWithValues: entries.map { ("\($0.provider)/\($0.model)", $0) })
        let gpt = try #require(byID["openai/gpt-4o"])
        #expect(gpt.rates == RateSet(input: .perMillion("2.50"), output: .perMillion("10.00"), cacheRead: .perMillion("1.25")))
        #expect(gpt.tiers["batch"] == .rates(RateSet(input: .perMillion("1.25"), output: .perMillion("5.00"))))
        #expect(
            gpt.tiers["priority"]
                == .rates(RateSet(input: .perMillion("4.25"), output: .perMillion("17.00"), cacheRead: .perMillion("2.125"))))
        let claude = try #require(byID["anthropic/claude-sonnet-4-5"])
        #expect(claude.rates.cacheWrite1h == .perMillion("6.00"))
        #expect(claude.longContext?.thresholdInputTokens == 200_000)
        #expect(
            claude.longContext?.rates == RateSet(input: .perMillion("6.00"), output: .perMillion("22.50"), cacheRead: .perMillion("0.60")))
        #expect(byID["groq/llama-3.3-70b-versatile"]?.rates.input == .perMillion("0.59"))
        // The plain Bedrock key wins over its regional variant.
        #expect(byID["bedrock/anthropic.claude-3-haiku-20240307-v1:0"]?.rates.input == .perMillion("0.25"))
        #expect(byID["openai/text-embedding-3-small"]?.kind == .embedding)
        #expect(byID["openai/text-embedding-3-small"]?.rates.output == TokenRate(picoUSDPerToken: 0))
        // Float noise in the map rounds to the pico-dollar.
        #expect(byID["custom_llm/0.30000000000000004-priced"]?.rates.input == .perMillion("0.30"))
        #expect(entries.allSatisfy { $0.effectiveFrom == Self.date && $0.origin == .override })
        let reasons = Dictionary(uniqueKeysWithValues: skipped.map { ($0.key, $0.reason) })
        #expect(reasons["gpt-image-1"] == "mode image_generation is not billed by tokens")
        #expect(reasons["my-chat-without-output"] == "no input or no output price")
        #expect(reasons["bedrock/us-east-1/anthropic.claude-3-haiku-20240307-v1:0"]?.contains("same model") == true)
        #expect(reasons["sample_spec"] == nil)
    }

    @Test func burnratePricesRoundTripThroughTheFormat() throws {
        let (entries, _) = try LiteLLMPriceMap.parse(Array(Self.map.utf8), effectiveFrom: Self.date)
        let again = try LiteLLMPriceMap.parse(Array(LiteLLMPriceMap.serialize(entries).utf8), effectiveFrom: Self.date).entries
        #expect(again.map(\.rates) == entries.map(\.rates))
        #expect(again.map(\.longContext) == entries.map(\.longContext))
        #expect(again.map(\.tiers) == entries.map(\.tiers))
        #expect(again.map { "\($0.provider)/\($0.model)" } == entries.map { "\($0.provider)/\($0.model)" })
    }

    @Test(
        arguments: [
            ("2.5e-06", 2_500_000), ("1e-05", 10_000_000), ("0.000001", 1_000_000), ("3.0000000000000004e-07", 300_000),
            ("0", 0), ("1.25E-7", 125_000), ("12", 12_000_000_000_000), ("4.4e-13", 0), ("5e-13", 1),
        ] as [(String, Int64)])
    func scalesDecimalTextExactly(text: String, pico: Int64) {
        #expect(LiteLLMPriceMap.scaled(text, by: 12) == pico)
    }

    @Test(arguments: ["-1e-06", "1e999", "abc", "1e-06x", "99999999999"])
    func refusesWhatIsNotAPrice(text: String) {
        #expect(LiteLLMPriceMap.scaled(text, by: 12) == nil)
    }

    /// What the map holds becomes an override that reads back: names with control characters are
    /// skipped, and a long source is cut to what a price file allows.
    @Test func hostileKeysAndSourcesCannotPoisonTheStoredPrices() throws {
        let long = String(repeating: "s", count: 2_000)
        let map = """
            {"bad\\u0000name": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06},
             "\(String(repeating: "m", count: 250))": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06,
                "output_cost_per_token": 1e-06, "source": "\(long)"},
             "exp": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-9223372036854775808, "output_cost_per_token": 1e-06}}
            """
        #expect(throws: PriceDocument.Invalid.self) { try LiteLLMPriceMap.parse(Array(map.utf8), effectiveFrom: Self.date) }
        let withoutExponent = map.replacingOccurrences(of: "1e-9223372036854775808", with: "1e-06")
        let (entries, skipped) = try LiteLLMPriceMap.parse(Array(withoutExponent.utf8), effectiveFrom: Self.date)
        #expect(skipped.map(\.key) == ["bad\u{0}name"])
        #expect(entries.allSatisfy { ($0.source?.count ?? 0) <= 500 })
        #expect(try PriceDocument.parse(Array(PriceDocument.serialize(entries).utf8), origin: .override).count == entries.count)
    }

    @Test func aBadRateNamesItsKeyAndLine() {
        let map = """
            {"m": {"litellm_provider": "openai", "mode": "chat",
                   "input_cost_per_token": "cheap", "output_cost_per_token": 1e-06}}
            """
        #expect {
            try LiteLLMPriceMap.parse(Array(map.utf8), effectiveFrom: Self.date)
        } throws: { error in
            let issues = (error as? PriceDocument.Invalid)?.issues ?? []
            return issues.count == 1 && issues[0].line == 2 && issues[0].field == "m.input_cost_per_token"
        }
    }

    /// An import compares each model with the price Burnrate would use: the same prices change
    /// nothing, a new rate or model is added from the given date, and by default the rates the
    /// file does not give are kept.
    @Test func anImportAddsOnlyWhatChanges() throws {
        let builtin = try PriceDocument.parse(
            Array(
                """
                [{"provider": "openai", "model": "gpt-4o", "effective_from": "2024-10-01", "input": "2.50", "output": "10.00",
                  "cache_read": "1.25", "tiers": {"batch": {"discount": "0.50"}, "flex": {"discount": "0.50"}}},
                 {"provider": "anthropic", "model": "claude-sonnet-4-5", "effective_from": "2025-09-29", "input": "3.00", "output": "15.00",
                  "cache_read": "0.30", "cache_write": "3.75", "cache_write_1h": "6.00",
                  "long_context": {"threshold_input_tokens": 200000, "input": "6.00", "output": "22.50", "cache_read": "0.60"}}]
                """.utf8), origin: .builtin)
        let catalog = PriceCatalog(entries: builtin)
        let (incoming, _) = try LiteLLMPriceMap.parse(Array(Self.map.utf8), effectiveFrom: Self.date)
        let plan = PriceImport.plan(incoming, over: catalog, effectiveFrom: nil, replace: false)
        let byModel = Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.entry.model, $0) })
        #expect(byModel["claude-sonnet-4-5"] == nil)
        let gpt = try #require(byModel["gpt-4o"])
        #expect(gpt.replaces == "openai/gpt-4o@2024-10-01")
        #expect(gpt.fields.map(\.field) == ["tiers.priority.cache_read", "tiers.priority.input", "tiers.priority.output"])
        #expect(gpt.entry.tiers["flex"] != nil, "a tier the file does not give is kept")
        #expect(gpt.entry.effectiveFrom == Self.date)
        #expect(byModel["llama-3.3-70b-versatile"]?.isNew == true)
        #expect(plan.unchanged == 1)
        let replacing = PriceImport.plan(incoming, over: catalog, effectiveFrom: nil, replace: true)
        let removed = replacing.changes.first { $0.entry.model == "gpt-4o" }?.fields.filter { $0.new == nil }.map(\.field) ?? []
        #expect(removed.contains("tiers.flex.input"))
    }
}

extension TokenRate {
    static func perMillion(_ text: String) -> TokenRate { TokenRate(perMillion: text)! }
}
