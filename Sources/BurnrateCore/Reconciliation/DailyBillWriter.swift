/// Writes charges as Burnrate's daily bill CSV, the format `BillFile` reads back as `.daily`.
public enum DailyBillWriter {
    public static let header = "date,provider,model,cost_usd,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,requests"

    /// The CSV of single-day charges with an amount, in the order given.
    public static func csv(_ charges: [ProviderCharge]) -> String {
        var lines = [header]
        for charge in charges where charge.period.isSingleDay {
            guard let amount = charge.amount else { continue }
            let tokens = charge.tokens
            let cells: [String] = [
                charge.period.start.description, charge.provider, charge.model ?? "", amount.usdString,
                tokens.map { String($0.inputTokens) } ?? "", tokens.map { String($0.outputTokens) } ?? "",
                tokens.map { String($0.cacheReadTokens) } ?? "", tokens.map { String($0.cacheWriteTokens) } ?? "",
                charge.requests.map(String.init) ?? "",
            ]
            lines.append(cells.map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
