/// Burnrate's own bill formats, for any provider: a daily CSV and an invoice-total CSV.
///
/// Daily: `date,provider,model,cost_usd[,input_tokens,output_tokens,cache_read_tokens,
/// cache_write_tokens,requests]`, one row per UTC day and model (an empty model is the provider's
/// whole day). Invoice: `period_start,period_end,provider,amount_usd`, the end exclusive
/// (`2026-03-01,2026-04-01` is March).
enum SimpleBill {
    static let tokenColumns = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]

    static func daily(_ table: inout BillTable) -> [BillLine] {
        table.wellFormedRows().compactMap { row -> BillLine? in
            let day = table.day(row, "date")
            let provider = provider(&table, row)
            let amount = table.amount(row, "cost_usd")
            let hasTokens = tokenColumns.contains { !table.cell(row, $0).isEmpty }
            let counts = tokenColumns.map { table.count(row, $0) }
            let requests = table.cell(row, "requests").isEmpty ? 0 : table.count(row, "requests")
            guard let day, let provider, let amount, case let values = counts.compactMap({ $0 }), values.count == counts.count,
                let requests
            else { return nil }
            var tokens: TokenUsage?
            if hasTokens {
                let usage = TokenUsage(
                    inputTokens: values[0], outputTokens: values[1], cacheReadTokens: values[2], cacheWriteTokens: values[3])
                for problem in usage.inconsistencies { table.report(row, problem.field, problem.message) }
                guard usage.inconsistencies.isEmpty else { return nil }
                tokens = usage
            }
            let model = table.cell(row, "model")
            return BillLine(
                provider: provider, model: model.isEmpty ? nil : model.lowercased(), period: ChargePeriod(day: day), amount: amount,
                tokens: tokens, requests: table.cell(row, "requests").isEmpty ? nil : requests)
        }
    }

    static func invoice(_ table: inout BillTable) -> [BillLine] {
        table.wellFormedRows().compactMap { row -> BillLine? in
            let start = table.day(row, "period_start")
            let end = table.day(row, "period_end")
            let provider = provider(&table, row)
            let amount = table.amount(row, "amount_usd")
            guard let start, let end, let provider, let amount else { return nil }
            guard start < end else {
                table.report(
                    row, "period_end",
                    "must be after period_start; the end is exclusive, so March is 2026-03-01,2026-04-01 (got \(start) to \(end))")
                return nil
            }
            return BillLine(provider: provider, model: nil, period: ChargePeriod(start: start, end: end), amount: amount)
        }
    }

    static func provider(_ table: inout BillTable, _ row: CSVReader.Record) -> String? {
        let text = table.cell(row, "provider").lowercased()
        guard !text.isEmpty else {
            table.report(row, "provider", "is empty; name the provider as events do (openai, anthropic, ...)")
            return nil
        }
        return text
    }
}
