/// What a provider says it charged (or counted) for one model over one period, as read from its
/// bill: a cost or usage export row per day and model, or an invoice total for a period.
public struct ProviderCharge: Sendable, Hashable {
    /// Lower-case provider name, as events name it (`openai`, `anthropic`, ...).
    public var provider: String
    /// The model as the bill names it; `nil` when the bill gives one figure for all the provider's
    /// models (an invoice total, or an export not grouped by model).
    public var model: String?
    public var period: ChargePeriod
    /// The amount billed, exact; `nil` for a usage export that counts tokens but not money.
    public var amount: Money?
    /// The tokens billed, in Burnrate's convention (input includes cache reads and writes), when
    /// the export has them.
    public var tokens: TokenUsage?
    /// The requests the provider counted, when the export has them.
    public var requests: Int64?
    /// Which kind of file the charge came from; a newer import of the same kind replaces it.
    public var source: ChargeSource
    /// The import that last wrote the charge, derived from the file's content.
    public var importID: String

    public init(
        provider: String, model: String?, period: ChargePeriod, amount: Money?, tokens: TokenUsage? = nil,
        requests: Int64? = nil, source: ChargeSource, importID: String
    ) {
        self.provider = provider
        self.model = model
        self.period = period
        self.amount = amount
        self.tokens = tokens
        self.requests = requests
        self.source = source
        self.importID = importID
    }

    /// Whether the charge is an invoice total to compare with the sum over its period rather than
    /// day by day.
    public var isPeriodTotal: Bool { source == .invoice || !period.isSingleDay }
}

/// The kinds of bill file Burnrate reads. Charges are keyed by provider, model, period and
/// source, so importing a newer export of the same kind replaces what an older one said.
public enum ChargeSource: String, Sendable, Hashable, CaseIterable {
    /// OpenAI usage dashboard, Cost view, exported as CSV (`amount_value`, `line_item`, ...).
    case openaiCosts = "openai-costs"
    /// OpenAI usage dashboard, Activity view, exported as CSV (`num_model_requests`, tokens).
    case openaiUsage = "openai-usage"
    /// Claude Console cost export (`usage_date_utc`, `model`, `token_type`, `cost_usd`).
    case anthropicCosts = "anthropic-costs"
    /// Claude Console usage export (`usage_date_utc`, `model_version`, `usage_*_tokens`).
    case anthropicUsage = "anthropic-usage"
    /// Burnrate's documented daily CSV: `date,provider,model,cost_usd[,tokens...]`.
    case daily
    /// Burnrate's documented invoice CSV: `period_start,period_end,provider,amount_usd`.
    case invoice
}
