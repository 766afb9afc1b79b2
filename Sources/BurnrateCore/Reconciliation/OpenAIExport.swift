/// The CSV files OpenAI's usage dashboard exports (platform.openai.com/usage, Export), one row
/// per UTC day bucket.
///
/// Cost view: `start_time, end_time, start_time_iso, end_time_iso, amount_value, amount_currency,
/// line_item, project_id, organization_id, organization_name`; grouped by line item, `line_item`
/// reads `gpt-4o-2024-08-06, input` or `gpt-4o-2024-08-06, cached input`.
/// Activity view: `start_time, ..., project_id, num_model_requests, user_id, api_key_id, model,
/// batch, service_tier, input_tokens, output_tokens, input_cached_tokens, ...`, counts written as
/// floats (`59200.0`); `input_tokens` includes the cached ones.
enum OpenAIExport {
    static let provider = "openai"

    static func costs(_ table: inout BillTable) -> [BillLine] {
        table.wellFormedRows().compactMap { row -> BillLine? in
            let amountText = table.cell(row, "amount_value")
            // Days without spend are exported with every cell but the bucket empty.
            guard !amountText.isEmpty else { return nil }
            let currency = table.cell(row, "amount_currency").lowercased()
            if !currency.isEmpty, currency != "usd" {
                table.report(row, "amount_currency", "must be usd; Burnrate reconciles US dollars (got \(currency))")
            }
            guard let period = period(&table, row), let amount = table.amount(row, "amount_value") else { return nil }
            return BillLine(provider: provider, model: model(ofLineItem: table.cell(row, "line_item")), period: period, amount: amount)
        }
    }

    static func usage(_ table: inout BillTable) -> [BillLine] {
        table.wellFormedRows().compactMap { row -> BillLine? in
            let model = table.cell(row, "model")
            if model.isEmpty, table.cell(row, "num_model_requests").isEmpty { return nil }
            guard let period = period(&table, row) else { return nil }
            let requests = table.count(row, "num_model_requests")
            let input = table.count(row, "input_tokens")
            let output = table.count(row, "output_tokens")
            let cached = table.count(row, "input_cached_tokens")
            guard let requests, let input, let output, let cached else { return nil }
            guard cached <= input else {
                table.report(row, "input_cached_tokens", "(\(cached)) exceed input_tokens (\(input)), which include them")
                return nil
            }
            return BillLine(
                provider: provider, model: model.isEmpty ? nil : model.lowercased(), period: period, amount: nil,
                tokens: TokenUsage(inputTokens: input, outputTokens: output, cacheReadTokens: cached), requests: requests)
        }
    }

    /// The model a cost line item names: `gpt-4o-2024-08-06, cached input` is `gpt-4o-2024-08-06`,
    /// `priority | gpt-5, output` is `gpt-5`, `gpt-audio-mini audio, input` is `gpt-audio-mini`.
    /// A line item that is not per model (`web search tool calls`) is kept as it reads; without a
    /// line item the row is the provider's whole spend for the day.
    static func model(ofLineItem lineItem: String) -> String? {
        guard !lineItem.isEmpty else { return nil }
        var text = Substring(lineItem.lowercased())
        if let bar = text.firstIndex(of: "|") { text = text[text.index(after: bar)...] }
        guard let comma = text.firstIndex(of: ",") else { return String(text).trimmingWhitespace() }
        let head = text[..<comma].split(separator: " ", omittingEmptySubsequences: true)
        return head.first.map(String.init) ?? String(text).trimmingWhitespace()
    }

    /// 9999-12-31T23:59:59Z, the last second an RFC 3339 time can name.
    static let latestUnixSecond: Int64 = 253_402_300_799

    /// The bucket of a row, from its ISO columns or else its Unix-second columns; buckets must
    /// start at midnight UTC and span whole days.
    static func period(_ table: inout BillTable, _ row: CSVReader.Record) -> ChargePeriod? {
        let useISO = table.has("start_time_iso", "end_time_iso")
        let startColumn = useISO ? "start_time_iso" : "start_time"
        let endColumn = useISO ? "end_time_iso" : "end_time"
        func instant(_ column: String) -> Timestamp? {
            let text = table.cell(row, column)
            let parsed =
                useISO
                ? Timestamp(rfc3339: text)
                : BillNumber.count(text).flatMap { $0 <= Self.latestUnixSecond ? Timestamp(microseconds: $0 * 1_000_000) : nil }
            if parsed == nil {
                table.report(row, column, "must be \(useISO ? "an RFC 3339 time" : "a Unix time in seconds") (got \(text))")
            }
            return parsed
        }
        guard let start = instant(startColumn), let end = instant(endColumn) else { return nil }
        let first = UTCDay(containing: start)
        let last = UTCDay(containing: end)
        guard first.start == start, last.start == end, first < last else {
            table.report(
                row, startColumn, "buckets must be whole UTC days; export with a 1-day interval (got \(start.rfc3339) to \(end.rfc3339))")
            return nil
        }
        return ChargePeriod(start: first, end: last)
    }
}
