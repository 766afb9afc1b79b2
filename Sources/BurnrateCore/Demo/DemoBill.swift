/// A provider bill for the demo ledger, written from what the ledger computed with the drift real
/// bills show, so that a new user can watch reconciliation find and explain it.
///
/// Every day and model is billed at exactly Burnrate's own figure, except:
/// - the fine-tuned model Burnrate has no price for is billed at twice its base model's rates, as
///   OpenAI bills fine-tuned models (Burnrate counts it as unpriced);
/// - four days before the last, the busiest OpenAI model is billed for more traffic than Burnrate
///   recorded: a collector outage lost events;
/// - from six days before the last, Anthropic bills part of Claude Sonnet 4.5's uncached input as
///   cache writes, which the client does not report (cache accounting);
/// - two days before the last, OpenAI bills an embedding re-index job that never went through
///   Burnrate (a day billed with no events).
///
/// The bill depends only on the figures given, so the same ledger gives the same bill.
public enum DemoBill {
    /// OpenAI bills a fine-tuned model at this multiple of its base model's rates.
    static let fineTuneRateMultiple: Int64 = 2
    /// Percent of the outage day's traffic of the busiest OpenAI model that Burnrate never saw.
    static let lostTrafficPercent: Int64 = 15
    /// Percent of Claude Sonnet 4.5's uncached input billed as cache writes after the change.
    static let cacheWritePercent: Int64 = 30
    static let cacheModel = "claude-sonnet-4-5"
    /// The untracked re-index job: its model and the input tokens it sent.
    static let untrackedModel = "text-embedding-3-large"
    static let untrackedInputTokens: Int64 = 40_000_000

    /// The bill's charges, one per provider, model and day of `computed`.
    public static func charges(from computed: [ComputedUsage], catalog: PriceCatalog) -> [ProviderCharge] {
        guard let lastDay = computed.map(\.day).max() else { return [] }
        let outageDay = lastDay.adding(days: -4)
        let cacheChangeDay = lastDay.adding(days: -6)
        let untrackedDay = lastDay.adding(days: -2)
        let outageModel =
            computed.filter { $0.day == outageDay && $0.provider == "openai" && $0.unpricedRequests == 0 }
            .max { ($0.requests, $1.model) < ($1.requests, $0.model) }?.model
        var charges: [ProviderCharge] = []
        for usage in computed.sorted(by: { ($0.day, $0.provider, $0.model) < ($1.day, $1.provider, $1.model) }) {
            var tokens = usage.tokens
            var requests = usage.requests
            var amount = usage.cost
            if usage.unpricedRequests > 0 {
                guard let fineTuned = fineTunedCost(usage, catalog: catalog) else { continue }
                amount = fineTuned
            }
            if usage.day == outageDay, usage.provider == "openai", usage.model == outageModel {
                amount = Money(nanos: amount.nanos * (100 + lostTrafficPercent) / 100)
                tokens = scaled(tokens, percent: 100 + lostTrafficPercent)
                requests = requests * (100 + lostTrafficPercent) / 100
            }
            if usage.day >= cacheChangeDay, usage.provider == "anthropic", usage.model == cacheModel,
                case .priced(let entry) = catalog.lookup(provider: usage.provider, model: usage.model, at: usage.day.start),
                let cacheWrite = entry.rates.cacheWrite
            {
                let moved = tokens.uncachedInputTokens * cacheWritePercent / 100
                tokens.cacheWriteTokens += moved
                amount =
                    amount + CostCalculator.part(moved, cacheWrite, keep: 1_000_000)
                    - CostCalculator.part(moved, entry.rates.input, keep: 1_000_000)
            }
            charges.append(charge(usage.provider, usage.model, usage.day, amount: amount, tokens: tokens, requests: requests))
        }
        if case .priced(let entry) = catalog.lookup(provider: "openai", model: untrackedModel, at: untrackedDay.start) {
            let tokens = TokenUsage(inputTokens: untrackedInputTokens)
            let cost = CostCalculator.price(tokens, serviceTier: nil, batch: false, entry: entry).cost.total
            charges.append(charge("openai", untrackedModel, untrackedDay, amount: cost, tokens: tokens, requests: nil))
        }
        return charges
    }

    /// The cost of a fine-tuned model's tokens (`ft:BASE:org:name:id`) at a multiple of its base
    /// model's price; `nil` when the model is not a fine-tune of a priced model.
    static func fineTunedCost(_ usage: ComputedUsage, catalog: PriceCatalog) -> Money? {
        let parts = usage.model.split(separator: ":")
        guard parts.count >= 2, parts[0] == "ft",
            case .priced(let entry) = catalog.lookup(provider: usage.provider, model: String(parts[1]), at: usage.day.start)
        else { return nil }
        let base = CostCalculator.price(usage.tokens, serviceTier: nil, batch: false, entry: entry).cost.total
        return Money(nanos: base.nanos * fineTuneRateMultiple)
    }

    static func scaled(_ usage: TokenUsage, percent: Int64) -> TokenUsage {
        TokenUsage(
            inputTokens: usage.inputTokens * percent / 100, outputTokens: usage.outputTokens * percent / 100,
            cacheReadTokens: usage.cacheReadTokens * percent / 100, cacheWriteTokens: usage.cacheWriteTokens * percent / 100)
    }

    static func charge(
        _ provider: String, _ model: String, _ day: UTCDay, amount: Money, tokens: TokenUsage, requests: Int64?
    ) -> ProviderCharge {
        ProviderCharge(
            provider: provider, model: model, period: ChargePeriod(day: day), amount: amount, tokens: tokens, requests: requests,
            source: .daily, importID: "demo-bill")
    }
}
