/// An ROI analysis as text for people: a summary first (investment, savings, break-even,
/// payback, ROI at 12 and 36 months, NPV), then the months, the scenarios and the sensitivity
/// table. `burnrate roi` prints it; it is a pure function so tests can read it.
public struct ROIReport: Sendable {
    /// Plain aligned columns, or Markdown tables.
    public enum Style: String, Sendable, CaseIterable {
        case table
        case markdown
    }

    public var analysis: ROIAnalysis
    /// The business scenario the analysis came from, if any, and its months.
    public var business: BusinessScenario?
    public var businessMonths: [BusinessMonth]

    public init(analysis: ROIAnalysis, business: BusinessScenario? = nil) {
        self.analysis = analysis
        self.business = business
        self.businessMonths =
            business?.months(analysis.projection.months, adjustment: analysis.scenario.adjustment) ?? []
    }

    /// The report in `style`.
    public func render(_ style: Style) -> String {
        let projection = analysis.projection
        var sections: [String] = []
        let title = business.map { "Business scenario: \($0.name)" } ?? "ROI projection"
        var summary: [[String]] = []
        if let business {
            sections.append(heading(title, style) + (business.description.map { "\n" + $0 } ?? ""))
            summary.append(["API model", business.apiModel + " (" + business.apiPrice.provider + ")"])
            summary.append([
                "Volume in month 1", "\(Figures.count(business.unitsPerMonth)) \(business.unit)s, growing \(rate(business.growth))",
            ])
            summary.append(["Self-hosted", business.deployment.map(Self.describe) ?? "none (API cost only)"])
        } else {
            sections.append(heading(title, style))
        }
        summary.append([
            "Scenario",
            "\(analysis.scenario.name) (savings × \(Figures.formatted(analysis.scenario.savingsMultiplier, decimals: 2)), growth \(rate(analysis.scenario.growth)))",
        ])
        summary.append(["Horizon", "\(projection.months) months"])
        summary.append(["Investment (one-off)", Figures.usd(projection.investment)])
        if let first = projection.rows.first {
            summary.append(["Gross savings, month 1", Figures.usd(first.grossSavings)])
            summary.append(["Recurring costs, month 1", Figures.usd(first.recurringCost)])
            summary.append(["Net savings, month 1", Figures.usd(first.netSavings)])
        }
        summary.append(["Break-even month", projection.breakEvenMonth.map { "month \($0)" } ?? "never within \(projection.months) months"])
        summary.append(["Payback", payback(projection)])
        summary.append(["ROI at 12 months", Figures.percent(projection.roi12Percent)])
        summary.append(["ROI at 36 months", Figures.percent(projection.roi36Percent)])
        if projection.months != 12, projection.months != 36 {
            summary.append(["ROI at \(projection.months) months", Figures.percent(projection.roiHorizonPercent)])
        }
        summary.append(["Net savings over \(projection.months) months", Figures.usd(projection.totalNet)])
        if let npv = projection.npv, let rate = projection.annualDiscountRate {
            summary.append(["NPV at \(Figures.formatted(rate * 100, decimals: 2))%/year", Figures.usd(npv)])
        }
        sections.append(keyValues(summary, style) + "\n" + (style == .markdown ? "\n" : "") + projection.paybackSummary)

        if !businessMonths.isEmpty {
            var rows = [
                [
                    "MONTH", business.map { $0.unit.uppercased() + "S" } ?? "UNITS", "TOKENS", "API COST", "SELF-HOSTED", "SAVINGS",
                    "CUMULATIVE",
                ]
            ]
            for month in businessMonths {
                rows.append([
                    "\(month.month)", Figures.count(month.units), Figures.count(month.inputTokens + month.outputTokens),
                    compact(month.apiCost), compact(month.selfHostedCost), compact(month.savings), compact(month.cumulativeSavings),
                ])
            }
            sections.append(
                heading("API cost against self-hosted cost (amortized)", style, level: 2) + "\n" + table(rows, style))
        }

        var months = [["MONTH", "GROSS", "RECURRING", "NET", "CUMULATIVE", "VS INVESTMENT"]]
        if projection.npv != nil { months[0].append("DISCOUNTED") }
        for row in projection.rows {
            var cells = [
                "\(row.month)" + (row.month == projection.breakEvenMonth ? " *" : ""), compact(row.grossSavings),
                compact(row.recurringCost),
                compact(row.netSavings), compact(row.cumulativeNet), compact(row.position),
            ]
            if let discounted = row.discountedNet { cells.append(compact(discounted)) }
            months.append(cells)
        }
        let mark = projection.breakEvenMonth == nil ? "" : "\n* break-even month"
        sections.append(heading("Monthly net savings", style, level: 2) + "\n" + table(months, style) + mark)

        var scenarios = [["SCENARIO", "SAVINGS ×", "GROWTH", "BREAK-EVEN", "PAYBACK", "ROI 12M", "ROI 36M"]]
        for outcome in analysis.scenarios {
            let projection = outcome.projection
            scenarios.append([
                outcome.scenario.name, Figures.formatted(outcome.scenario.savingsMultiplier, decimals: 2), rate(outcome.scenario.growth),
                projection.breakEvenMonth.map { "month \($0)" } ?? "never", shortPayback(projection),
                Figures.percent(projection.roi12Percent), Figures.percent(projection.roi36Percent),
            ])
        }
        sections.append(heading("Scenarios", style, level: 2) + "\n" + table(scenarios, style))

        var sensitivity = [["DRIVER", "CHANGE", "BREAK-EVEN", "PAYBACK", "ROI 12M", "ROI 36M"]]
        for item in analysis.sensitivity {
            sensitivity.append([
                item.driver, item.change, item.projection.breakEvenMonth.map { "month \($0)" } ?? "never", shortPayback(item.projection),
                Figures.percent(item.projection.roi12Percent), Figures.percent(item.projection.roi36Percent),
            ])
        }
        let legend =
            "volume: \(analysis.volumeMeaning); price: \(analysis.priceMeaning); growth: the monthly growth rate. "
            + "Each row moves one driver from the \(analysis.scenario.name) scenario."
        sections.append(heading("Sensitivity", style, level: 2) + "\n" + table(sensitivity, style) + "\n" + legend)
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// A deployment in one line: what it is, what it costs, how much it serves.
    public static func describe(_ plan: SelfHostedPlan) -> String {
        var text: String
        switch plan.kind {
        case .owned(let purchase, let months, let power):
            text = "owned hardware, \(Figures.usd(purchase)) amortized over \(months) months, power \(Figures.usd(power))/month"
        case .cloud(let gpu, let count, let rate, let discount, _):
            text = "\(count) × \(gpu) at \(Figures.usd(rate))/hour"
            if discount > 0 { text += " less \(Figures.percent(discount * 100, decimals: 0))" }
        }
        text += ", operations \(Figures.usd(plan.operationsMonthly))/month"
        if let capacity = plan.capacityTokensPerMonth { text += ", capacity \(Figures.count(capacity)) tokens/month" }
        return text
    }

    /// The summary's label column is at least this wide, so reports line up alike.
    public static let labelWidth = 28

    private func rate(_ growth: Double) -> String { Figures.formatted(growth * 100, decimals: 2) + "%/month" }

    private func payback(_ projection: ROIProjection) -> String {
        guard let months = projection.paybackMonths, let days = projection.paybackDays else {
            return "not within \(projection.months) months"
        }
        return "\(Figures.formatted(months, decimals: 2)) months (\(days) days)"
    }

    private func shortPayback(_ projection: ROIProjection) -> String {
        projection.paybackMonths.map { Figures.formatted($0, decimals: 2) + " mo" } ?? "-"
    }

    /// Whole dollars from $1,000 up, cents below: keeps 36-month tables narrow.
    private func compact(_ money: Money) -> String {
        if money == .zero { return "$0" }
        guard abs(money.nanos) >= 1_000 * Money.nanosPerDollar else { return Figures.usd(money) }
        let dollars = (money.nanos + (money.nanos < 0 ? -1 : 1) * Money.nanosPerDollar / 2) / Money.nanosPerDollar
        return (dollars < 0 ? "-$" : "$") + Figures.count(abs(dollars))
    }

    private func heading(_ text: String, _ style: Style, level: Int = 1) -> String {
        switch style {
        case .markdown: return String(repeating: "#", count: level + 1) + " " + text
        case .table: return level == 1 ? text + "\n" + String(repeating: "=", count: text.count) : text
        }
    }

    private func keyValues(_ pairs: [[String]], _ style: Style) -> String {
        switch style {
        case .markdown: return table([["Figure", "Value"]] + pairs, style)
        case .table:
            let width = max(Self.labelWidth, pairs.map { $0[0].count }.max() ?? 0)
            return pairs.map { "  " + $0[0].padding(toLength: width + 2) + $0[1] }.joined(separator: "\n")
        }
    }

    private func table(_ rows: [[String]], _ style: Style) -> String {
        guard let header = rows.first else { return "" }
        switch style {
        case .markdown:
            let line = { (cells: [String]) in "| " + cells.joined(separator: " | ") + " |" }
            return ([line(header), line(header.map { _ in "---" })] + rows.dropFirst().map(line)).joined(separator: "\n")
        case .table:
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            return rows.map { row in
                row.indices.map { column in
                    let cell = row[column]
                    let pad = String(repeating: " ", count: widths[column] - cell.count)
                    return column == 0 ? cell + pad : pad + cell
                }.joined(separator: "  ")
            }.joined(separator: "\n")
        }
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
