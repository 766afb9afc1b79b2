import BurnrateCore
import Foundation

/// Price entries for tests, written in the price-file format so the parser is exercised too. The
/// numbers are fixtures: expected costs in the tests are computed by hand from them.
enum Fixtures {
    static let pricesJSON = """
        {"models": [
          {"provider": "openai", "model": "gpt-4o", "aliases": ["gpt-4o-2024-08-06"], "effective_from": "2024-10-01",
           "input": "2.50", "output": "10.00", "cache_read": "1.25", "tiers": {"batch": {"discount": "0.5"}}},
          {"provider": "openai", "model": "gpt-4o-2024-05-13", "effective_from": "2024-05-13", "input": "5.00", "output": "15.00"},
          {"provider": "openai", "model": "gpt-4o-mini", "effective_from": "2024-07-18", "input": "0.15", "output": "0.60", "cache_read": "0.075"},
          {"provider": "openai", "model": "o4-mini", "effective_from": "2025-04-16", "input": "1.10", "output": "4.40", "cache_read": "0.275"},
          {"provider": "openai", "model": "gpt-5", "effective_from": "2025-08-07", "input": "1.25", "output": "10.00", "cache_read": "0.125",
           "tiers": {"flex": {"discount": "0.5"}, "priority": {"input": "2.50", "output": "20.00", "cache_read": "0.25"}}},
          {"provider": "openai", "model": "text-embedding-3-small", "kind": "embedding", "effective_from": "2024-01-25", "input": "0.02", "output": "0"},
          {"provider": "anthropic", "model": "claude-sonnet-4-5", "effective_from": "2025-09-29", "input": "3.00", "output": "15.00",
           "cache_read": "0.30", "cache_write": "3.75", "cache_write_1h": "6.00",
           "long_context": {"threshold_input_tokens": 200000, "input": "6.00", "output": "22.50", "cache_read": "0.60", "cache_write": "7.50"},
           "tiers": {"batch": {"discount": "0.50"}}},
          {"provider": "anthropic", "model": "claude-haiku-4-5", "aliases": ["claude-haiku-4-5-20251001"], "effective_from": "2025-10-15",
           "input": "1.00", "output": "5.00", "cache_read": "0.10", "cache_write": "1.25"},
          {"provider": "bedrock", "model": "anthropic.claude-haiku-4-5-20251001-v1:0", "effective_from": "2025-10-15",
           "input": "1.10", "output": "5.50"},
          {"provider": "google", "model": "gemini-2.5-pro", "effective_from": "2025-06-17", "input": "1.25", "output": "10.00",
           "long_context": {"threshold_input_tokens": 200000, "input": "2.50", "output": "15.00"}, "tiers": {"batch": {"discount": "0.5"}}},
          {"provider": "google", "model": "gemini-2.0-flash-lite", "effective_from": "2025-02-25", "input": "0.075", "output": "0.30"},
          {"provider": "deepseek", "model": "deepseek-chat", "effective_from": "2025-09-05", "input": "0.27", "output": "1.10", "cache_read": "0.07"},
          {"provider": "mistral", "model": "mistral-small", "effective_from": "2025-03-17", "input": "0.10", "output": "0.30"},
          {"provider": "groq", "model": "llama-3.3-70b-versatile", "effective_from": "2025-01-01", "input": "0.59", "output": "0.79"},
          {"provider": "together", "model": "meta-llama/llama-3.3-70b-instruct-turbo", "effective_from": "2025-01-01", "input": "0.88", "output": "0.88"},
          {"provider": "xai", "model": "cheap-model", "effective_from": "2025-01-01", "input": "0.0375", "output": "0.0375"}
        ]}
        """

    static let entries: [PriceEntry] = try! PriceDocument.parse(Array(pricesJSON.utf8), origin: .builtin)
    static let catalog = PriceCatalog(entries: entries)

    /// 2025-11-01T12:00:00Z, after every fixture's effective date.
    static let now = Timestamp(rfc3339: "2025-11-01T12:00:00Z")!

    static func entry(_ provider: String, _ model: String) -> PriceEntry {
        guard case .priced(let entry) = catalog.lookup(provider: provider, model: model, at: now) else {
            fatalError("fixture \(provider)/\(model) missing")
        }
        return entry
    }
}
