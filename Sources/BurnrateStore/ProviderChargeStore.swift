import BurnrateCore

/// Durable storage for what providers billed, read from their exports and invoices, to reconcile
/// with the ledger.
///
/// A charge is keyed by provider, model, period and source (the kind of file it came from), so
/// importing the same file again, or a newer export of the same kind that overlaps an older one,
/// replaces the charges it repeats instead of adding them twice.
public protocol ProviderChargeStore: Sendable {
    /// Stores the charges in one transaction, each replacing a stored charge with the same
    /// provider, model, period and source.
    func saveCharges(_ charges: [ProviderCharge]) async throws -> ChargeSaveReport

    /// The stored charges whose period overlaps `[from, to)` (open ends when `nil`), of one
    /// provider or of all, ordered by provider, period start, model and source.
    func charges(from: UTCDay?, to: UTCDay?, provider: String?) async throws -> [ProviderCharge]

    /// Deletes the charges an import wrote that no later import has replaced; returns how many.
    func deleteChargeImport(_ importID: String) async throws -> Int
}

/// What saving one import's charges did.
public struct ChargeSaveReport: Sendable, Hashable {
    /// Charges with a key not stored before.
    public var inserted: Int
    /// Charges that replaced a stored one with the same key.
    public var replaced: Int

    public init(inserted: Int, replaced: Int) {
        self.inserted = inserted
        self.replaced = replaced
    }
}

/// The columns of a stored charge, shared by every backend.
enum ChargeColumns {
    static let names = [
        "provider", "model", "period_start", "period_end", "source", "import_id", "amount", "input_tokens", "output_tokens",
        "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens", "requests", "imported_at",
    ]
    static let key = ["provider", "model", "period_start", "period_end", "source"]
    static let select = names.dropLast().joined(separator: ", ")

    /// The stored model: empty for a charge that covers every model.
    static func model(_ charge: ProviderCharge) -> String { charge.model ?? "" }

    /// A charge from the columns of `select`, in order; `nil` when the source is not known.
    static func charge(
        provider: String, model: String, periodStart: Int64, periodEnd: Int64, source: String, importID: String, amount: Int64?,
        tokens: [Int64?], requests: Int64?
    ) -> ProviderCharge? {
        guard let source = ChargeSource(rawValue: source), periodStart < periodEnd, tokens.count == 5 else { return nil }
        var usage: TokenUsage?
        if let input = tokens[0] {
            usage = TokenUsage(
                inputTokens: input, outputTokens: tokens[1] ?? 0, cacheReadTokens: tokens[2] ?? 0, cacheWriteTokens: tokens[3] ?? 0,
                cacheWrite1hTokens: tokens[4] ?? 0)
        }
        return ProviderCharge(
            provider: provider, model: model.isEmpty ? nil : model,
            period: ChargePeriod(start: UTCDay(daysSinceEpoch: Int(periodStart)), end: UTCDay(daysSinceEpoch: Int(periodEnd))),
            amount: amount.map(Money.init(nanos:)), tokens: usage, requests: requests, source: source, importID: importID)
    }

    /// The token columns of a charge, `nil` when it has no token counts.
    static func tokens(_ charge: ProviderCharge) -> [Int64?] {
        guard let usage = charge.tokens else { return Array(repeating: nil, count: 5) }
        return [usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens, usage.cacheWrite1hTokens]
    }
}
