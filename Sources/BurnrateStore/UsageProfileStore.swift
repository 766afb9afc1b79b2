import BurnrateCore

/// Per-feature figures read from the raw events that the rollups do not keep: how often prompts
/// repeat and how much traffic goes through a batch API. The recommendations read them.
///
/// Both read the events table over the filter's range (priced events only), so they cost a scan
/// of that range; the recommendations ask for 30 days at most.
public protocol UsageProfileStore: Sendable {
    /// Priced events with a `prompt_hash`, per feature, provider and model: how many distinct
    /// prompts, how many requests, and the part of them whose prompt was sent more than once in
    /// the range (to the same model: a cached answer is only valid for the model that gave it).
    func promptRepetition(_ filter: EventFilter) async throws -> [PromptRepetition]

    /// Priced events per feature, provider and model: requests, how many went through a batch
    /// API, and the cost of the others.
    func batchProfile(_ filter: EventFilter) async throws -> [BatchProfile]

    /// Priced events that report `original_input_tokens`, per value of `key` (all together for
    /// `nil`), price entry, tier and context length: requests, input tokens sent and before
    /// compression.
    func compressionUsage(_ filter: EventFilter, by key: GroupKey?) async throws -> [CompressionUsage]
}
