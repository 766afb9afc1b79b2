import Foundation

extension CostReview {
    /// The review as Markdown a finance lead can paste into an email or a wiki page unedited.
    public var markdown: String {
        var lines: [String] = []
        lines.append("# AI cost review: \(title)")
        lines.append("")
        let period =
            "\(ReviewDates.day(range.lowerBound, timeZone: timeZone)) to \(ReviewDates.day(range.upperBound.adding(seconds: -1), timeZone: timeZone))"
        lines.append(
            "Period: \(period) (\(timeZone))\(isPartial ? ", in progress: figures up to \(ReviewDates.minute(generatedAt, timeZone: timeZone))" : ""). Generated \(ReviewDates.minute(generatedAt, timeZone: timeZone)) by Burnrate."
        )
        lines.append("")
        lines += summarySection()
        if !findings.isEmpty {
            lines.append("## Findings")
            lines.append("")
            for finding in findings {
                let action = finding.action.map { " " + $0 } ?? ""
                lines.append("- **\(finding.severity.label)**: \(finding.message)\(action)")
            }
            lines.append("")
        }
        for breakdown in breakdowns where !breakdown.rows.isEmpty {
            lines += table(breakdown)
        }
        lines += efficiencySection()
        if trend.count > 1 {
            lines.append("## Trend")
            lines.append("")
            lines.append("| \(kind.capitalized) | Cost | Change | Requests |")
            lines.append("|---|---:|---:|---:|")
            var previous: Money?
            for point in trend {
                let change = previous.map { Figures.signedPercent(CostChange(current: point.cost, previous: $0).percent) } ?? ""
                lines.append("| \(point.label) | \(Figures.usd(point.cost)) | \(change) | \(Figures.count(point.requests)) |")
                previous = point.cost
            }
            lines.append("")
        }
        if let economics {
            lines.append("## Unit economics")
            lines.append("")
            lines.append("| Revenue | Cost | Margin | Return on AI spend | Margin per active user |")
            lines.append("|---:|---:|---:|---:|---:|")
            lines.append(
                "| \(Figures.usd(economics.revenue)) | \(Figures.usd(economics.cost)) | \(Figures.usd(economics.margin)) | \(economics.returnOnCost.map { Figures.percent($0 * 100) } ?? "n/a") | \(economics.marginPerUser.map(Figures.usd) ?? "n/a") |"
            )
            lines.append("")
        }
        if let outcomes {
            lines.append("## Agent outcomes")
            lines.append("")
            lines.append("| Feature | Outcomes | Success rate | Cost per successful outcome | Cost of failed runs | Value |")
            lines.append("|---|---:|---:|---:|---:|---:|")
            for (name, figures) in [("All features", outcomes.total)] + outcomes.features.map({ ($0.feature ?? "(none)", $0.figures) }) {
                lines.append(
                    "| \(Self.escaped(name)) | \(Figures.count(figures.outcomes)) | \(Figures.percent(figures.successRate.map { $0 * 100 })) | \(figures.costPerSuccess.map(Figures.usd) ?? "n/a") | \(Figures.usd(figures.failedRunCost)) | \(Figures.usd(figures.value)) |"
                )
            }
            lines.append("")
            lines.append("A run is a session with an outcome; its whole cost counts, and it succeeded when any of its outcomes did.")
            lines.append("")
        }
        lines.append("## Notes")
        lines.append("")
        lines.append(
            "- Amounts are exact to the nano-dollar in the CSV and JSON versions of this review; here they are rounded to the cent.")
        lines.append(
            "- Token costs use the provider price in effect at each request's time. Other costs are spread evenly over their billing period."
        )
        if current.unpricedRequests > 0 {
            lines.append(
                "- \(Figures.count(current.unpricedRequests)) requests have no price yet and are not in the totals; set their prices and reprice to include them."
            )
        }
        lines.append("- Every change compares with the previous \(kind), \(previousTitle).")
        return lines.joined(separator: "\n") + "\n"
    }

    private func summarySection() -> [String] {
        let change = CostChange(current: current.cost, previous: previous.cost)
        let direction = change.absolute > .zero ? "up" : change.absolute < .zero ? "down" : "unchanged"
        let magnitude = Money(nanos: abs(change.absolute.nanos))
        let changeText =
            previous.cost == .zero
            ? "There is no spend in \(previousTitle) to compare with."
            : "That is \(direction) \(Figures.usd(magnitude)) (\(Figures.signedPercent(change.percent))) from \(previousTitle) (\(Figures.usd(previous.cost)))."
        var lines = ["## Summary", ""]
        lines.append("Total AI spend was **\(Figures.usd(current.cost))**. \(changeText)")
        lines.append("")
        lines.append("| | \(title) | \(previousTitle) | Change |")
        lines.append("|---|---:|---:|---:|")
        func row(_ name: String, _ now: Money, _ before: Money) {
            lines.append(
                "| \(name) | \(Figures.usd(now)) | \(Figures.usd(before)) | \(Figures.signedPercent(CostChange(current: now, previous: before).percent)) |"
            )
        }
        row("Total spend", current.cost, previous.cost)
        row("LLM APIs (tokens)", current.tokenCost, previous.tokenCost)
        row("Infrastructure and tools", current.otherCost, previous.otherCost)
        lines.append(
            "| Requests | \(Figures.count(current.requests)) | \(Figures.count(previous.requests)) | \(Figures.signedPercent(Growth.percent(current: current.requests, previous: previous.requests))) |"
        )
        lines.append(
            "| Tokens | \(Figures.count(current.pricedTokens)) | \(Figures.count(previous.pricedTokens)) | \(Figures.signedPercent(Growth.percent(current: current.pricedTokens, previous: previous.pricedTokens))) |"
        )
        lines.append(
            "| Active users | \(Figures.count(current.activeUsers)) | \(Figures.count(previous.activeUsers)) | \(Figures.signedPercent(Growth.percent(current: current.activeUsers, previous: previous.activeUsers))) |"
        )
        lines.append("")
        return lines
    }

    private func table(_ breakdown: ReviewBreakdown) -> [String] {
        var lines = ["## Spend by \(breakdown.title.lowercased())", ""]
        lines.append("| \(breakdown.title) | Cost | Share | \(previousTitle) | Change | Requests |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for row in breakdown.rows {
            lines.append(
                "| \(Self.escaped(row.label)) | \(Figures.usd(row.cost)) | \(Figures.percent(row.share * 100)) | \(Figures.usd(row.previousCost)) | \(Figures.signedPercent(row.change.percent)) | \(Figures.count(row.requests)) |"
            )
        }
        lines.append("")
        return lines
    }

    private func efficiencySection() -> [String] {
        var lines = ["## Efficiency", ""]
        lines.append("| Metric | \(title) | \(previousTitle) | Change |")
        lines.append("|---|---:|---:|---:|")
        func money(_ name: String, _ now: Money?, _ before: Money?) {
            let change = now.flatMap { now in before.flatMap { Growth.percent(current: now.nanos, previous: $0.nanos) } }
            lines.append(
                "| \(name) | \(now.map(Figures.usd) ?? "n/a") | \(before.map(Figures.usd) ?? "n/a") | \(Figures.signedPercent(change)) |")
        }
        func ratio(_ name: String, _ now: Double?, _ before: Double?) {
            let change = now.flatMap { now in before.map { (now - $0) * 100 } }
            let points = change.map { ($0 >= 0 ? "+" : "") + Figures.formatted($0, decimals: 1) + " pts" } ?? "n/a"
            lines.append("| \(name) | \(Figures.percent(now.map { $0 * 100 })) | \(Figures.percent(before.map { $0 * 100 })) | \(points) |")
        }
        money("LLM cost per request", current.costPerRequest, previous.costPerRequest)
        money("LLM cost per 1K tokens", current.costPerThousandTokens, previous.costPerThousandTokens)
        money("Total cost per active user", current.costPerUser, previous.costPerUser)
        ratio("Prompt cache hit rate (input tokens)", current.cacheHitRate, previous.cacheHitRate)
        ratio("Spend on failed requests", current.failedShare, previous.failedShare)
        lines.append("")
        return lines
    }

    /// Table cells keep their pipes from splitting the row.
    static func escaped(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}

extension Finding.Severity {
    /// The word a report shows for the severity.
    public var label: String {
        switch self {
        case .info: "Note"
        case .warning: "Warning"
        case .critical: "Critical"
        }
    }
}
