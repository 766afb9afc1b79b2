/// The CSV files the Claude Console exports (Usage and Cost pages, Export), one row per UTC day,
/// model and line.
///
/// Cost: `usage_date_utc, model, workspace, api_key, usage_type, context_window, token_type,
/// cost_usd, list_price_usd, cost_type, ...`, the model by its display name (`Claude Haiku 4.5`);
/// only `usage_date_utc` and `cost_usd` are required.
/// Usage: `usage_date_utc, model_version, api_key, workspace, usage_type, context_window,
/// usage_input_tokens_no_cache, usage_input_tokens_cache_write_5m,
/// usage_input_tokens_cache_write_1h, usage_input_tokens_cache_read, usage_output_tokens, ...`
/// (older exports lack the cache columns; hourly ones write `YYYY-MM-DD HH:MM`). Anthropic counts
/// input without the cached tokens, so they are added back here.
enum AnthropicExport {
    static let provider = "anthropic"

    static func costs(_ table: inout BillTable) -> [BillLine] {
        table.wellFormedRows().compactMap { row -> BillLine? in
            guard let day = day(&table, row), let amount = table.amount(row, "cost_usd") else { return nil }
            // Without a model column the row is the whole day; a row without a model in a file
            // with one bills something else (web search, code execution).
            let name = table.cell(row, "model")
            let model = !table.has(column: "model") ? nil : name.isEmpty ? nonModelLabel(table, row) : modelID(displayName: name)
            return BillLine(provider: provider, model: model, period: ChargePeriod(day: day), amount: amount)
        }
    }

    static func usage(_ table: inout BillTable) -> [BillLine] {
        table.wellFormedRows().compactMap { row -> BillLine? in
            guard let day = day(&table, row) else { return nil }
            let counts = [
                "usage_input_tokens_no_cache", "usage_input_tokens_cache_write_5m", "usage_input_tokens_cache_write_1h",
                "usage_input_tokens_cache_read", "usage_output_tokens",
            ].map { table.count(row, $0) }
            guard case let values = counts.compactMap({ $0 }), values.count == counts.count else { return nil }
            let (uncached, write5m, write1h, read, output) = (values[0], values[1], values[2], values[3], values[4])
            let model = table.cell(row, "model_version")
            return BillLine(
                provider: provider, model: model.isEmpty ? nil : model.lowercased(), period: ChargePeriod(day: day), amount: nil,
                tokens: TokenUsage(
                    inputTokens: uncached + write5m + write1h + read, outputTokens: output, cacheReadTokens: read,
                    cacheWriteTokens: write5m + write1h, cacheWrite1hTokens: write1h))
        }
    }

    /// The model id of a display name: `Claude Sonnet 4.5` is `claude-sonnet-4-5`.
    static func modelID(displayName: String) -> String {
        String(displayName.lowercased().map { $0 == " " || $0 == "." ? "-" : $0 })
    }

    /// What a row without a model bills (web search, code execution), as its label.
    static func nonModelLabel(_ table: BillTable, _ row: CSVReader.Record) -> String {
        for column in ["cost_type", "usage_type", "token_type"] {
            let value = table.cell(row, column)
            if !value.isEmpty { return value.lowercased() }
        }
        return "other"
    }

    /// The row's UTC day; an hourly export's `YYYY-MM-DD HH:MM` counts for its day.
    static func day(_ table: inout BillTable, _ row: CSVReader.Record) -> UTCDay? {
        let text = table.cell(row, "usage_date_utc")
        let datePart = String(text.prefix(10))
        let rest = text.dropFirst(10)
        guard let day = UTCDay(datePart), rest.isEmpty || rest.first == " " || rest.first == "T" else {
            table.report(row, "usage_date_utc", "must be a date YYYY-MM-DD (got \(text))")
            return nil
        }
        return day
    }
}
