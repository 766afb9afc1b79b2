import Foundation

extension CostReview {
    /// The review as one CSV table, a row per figure, exact to the nano-dollar: `section` names the
    /// part of the review and `item` the line within it.
    public var csv: String {
        var rows = [["section", "item", "cost_usd", "share", "previous_cost_usd", "change_usd", "change_percent", "requests"]]
        func row(_ section: String, _ item: String, _ cost: Money, share: Double?, previous: Money?, requests: Int64?) {
            let change = previous.map { CostChange(current: cost, previous: $0) }
            rows.append([
                section, item, cost.usdString, share.map { Figures.formatted($0, decimals: 6) } ?? "",
                previous?.usdString ?? "", change?.absolute.usdString ?? "",
                change?.percent.map { Figures.formatted($0, decimals: 2) } ?? "", requests.map(String.init) ?? "",
            ])
        }
        row("total", "total", current.cost, share: 1, previous: previous.cost, requests: current.requests)
        row(
            "total", "llm_api_tokens", current.tokenCost, share: Ranking.share(current.tokenCost, of: current.cost),
            previous: previous.tokenCost, requests: current.requests)
        row(
            "total", "infrastructure_and_tools", current.otherCost, share: Ranking.share(current.otherCost, of: current.cost),
            previous: previous.otherCost, requests: nil)
        row("total", "failed_requests", current.failedCost, share: current.failedShare, previous: previous.failedCost, requests: nil)
        for breakdown in breakdowns {
            for line in breakdown.rows {
                row(
                    breakdown.title.lowercased(), line.label, line.cost, share: line.share, previous: line.previousCost,
                    requests: line.requests)
            }
        }
        for point in trend {
            row("trend", point.label, point.cost, share: nil, previous: nil, requests: point.requests)
        }
        if let perRequest = current.costPerRequest {
            row("efficiency", "cost_per_request", perRequest, share: nil, previous: previous.costPerRequest, requests: nil)
        }
        if let perThousand = current.costPerThousandTokens {
            row("efficiency", "cost_per_1k_tokens", perThousand, share: nil, previous: previous.costPerThousandTokens, requests: nil)
        }
        if let perUser = current.costPerUser {
            row("efficiency", "cost_per_active_user", perUser, share: nil, previous: previous.costPerUser, requests: nil)
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180), and
    /// neutralized when a spreadsheet would run it as a formula (`CSVField`).
    public static func csvField(_ text: String) -> String {
        CSVField.escape(text)
    }
}
