/// Reads a provider bill: the CSV exports of OpenAI's and Anthropic's consoles, Burnrate's daily
/// CSV, or an invoice-total CSV, recognized by their header.
///
/// Rows of one file that fall on the same provider, model and period are added up (an export has
/// one row per line item, token type, project or key); the whole file is checked before anything
/// is returned, and every problem comes back with its line and column.
public enum BillFile {
    /// A bill read and validated.
    public struct Parsed: Sendable, Hashable {
        public var source: ChargeSource
        /// A stable id of the file's content: importing the same file again gives the same id.
        public var importID: String
        public var charges: [ProviderCharge]
    }

    /// Why a file could not be read; nothing of it is to be stored.
    public enum Failure: Error, Sendable, Hashable {
        /// The file has no rows after its header.
        case empty
        /// The header matches none of the known formats; carries the header as read.
        case unrecognized(columns: [String])
        /// Rows with problems, each with its line and column.
        case invalid([FieldIssue])
    }

    /// What each format's header must hold, for error messages and the docs.
    public static let formats: [(source: ChargeSource, columns: String)] = [
        (.openaiCosts, "start_time_iso, end_time_iso, amount_value, amount_currency, line_item"),
        (.openaiUsage, "start_time_iso, end_time_iso, model, num_model_requests, input_tokens, output_tokens, input_cached_tokens"),
        (.anthropicCosts, "usage_date_utc, cost_usd[, model, token_type, ...]"),
        (.anthropicUsage, "usage_date_utc, model_version, usage_input_tokens_no_cache, usage_input_tokens_cache_read, usage_output_tokens"),
        (.daily, "date, provider, model, cost_usd[, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, requests]"),
        (.invoice, "period_start, period_end, provider, amount_usd"),
    ]

    /// Parses and validates a whole bill file.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> Parsed {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .invalid([FieldIssue(message: "a quoted field is never closed", line: error.line)])
        }
        guard !records.isEmpty else { throw .empty }
        var table = BillTable(records: records)
        guard let source = detect(table) else { throw .unrecognized(columns: table.columns) }
        guard !table.rows.isEmpty else { throw .empty }
        let importID = "bill-\(EventFile.fnv1a(bytes))"
        var lines: [BillLine]
        switch source {
        case .openaiCosts: lines = OpenAIExport.costs(&table)
        case .openaiUsage: lines = OpenAIExport.usage(&table)
        case .anthropicCosts: lines = AnthropicExport.costs(&table)
        case .anthropicUsage: lines = AnthropicExport.usage(&table)
        case .daily: lines = SimpleBill.daily(&table)
        case .invoice: lines = SimpleBill.invoice(&table)
        }
        guard table.issues.isEmpty else { throw .invalid(table.issues) }
        lines.sort { ($0.provider, $0.model ?? "", $0.period) < ($1.provider, $1.model ?? "", $1.period) }
        return Parsed(source: source, importID: importID, charges: combine(lines, source: source, importID: importID))
    }

    static func detect(_ table: BillTable) -> ChargeSource? {
        if table.has("amount_value", "amount_currency") { return .openaiCosts }
        if table.has("num_model_requests", "input_tokens", "output_tokens") { return .openaiUsage }
        if table.has("usage_date_utc", "cost_usd") { return .anthropicCosts }
        if table.has("usage_date_utc", "model_version", "usage_output_tokens") { return .anthropicUsage }
        if table.has("date", "provider", "model", "cost_usd") { return .daily }
        if table.has("period_start", "period_end", "provider", "amount_usd") { return .invoice }
        return nil
    }

    /// Adds up lines with the same provider, model and period.
    static func combine(_ lines: [BillLine], source: ChargeSource, importID: String) -> [ProviderCharge] {
        var charges: [ProviderCharge] = []
        for line in lines {
            if let last = charges.last, last.provider == line.provider, last.model == line.model, last.period == line.period {
                var merged = last
                merged.amount = add(merged.amount, line.amount)
                merged.tokens = line.tokens.map { (merged.tokens ?? TokenUsage()) + $0 } ?? merged.tokens
                merged.requests = add(merged.requests, line.requests)
                charges[charges.count - 1] = merged
            } else {
                charges.append(
                    ProviderCharge(
                        provider: line.provider, model: line.model, period: line.period, amount: line.amount, tokens: line.tokens,
                        requests: line.requests, source: source, importID: importID))
            }
        }
        return charges
    }

    private static func add(_ lhs: Money?, _ rhs: Money?) -> Money? {
        guard let lhs, let rhs else { return lhs ?? rhs }
        return lhs + rhs
    }

    private static func add(_ lhs: Int64?, _ rhs: Int64?) -> Int64? {
        guard let lhs, let rhs else { return lhs ?? rhs }
        return lhs + rhs
    }
}

/// One row of a bill as its format reads it, before rows of the same key are added up.
struct BillLine {
    var provider: String
    var model: String?
    var period: ChargePeriod
    var amount: Money?
    var tokens: TokenUsage? = nil
    var requests: Int64? = nil
}
