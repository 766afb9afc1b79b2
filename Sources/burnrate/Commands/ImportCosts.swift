import ArgumentParser
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation

/// `burnrate import-costs FILE`: validates a FOCUS or simple cost CSV, then stores it in one
/// transaction.
struct ImportCosts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-costs",
        abstract: "Import non-token costs from a FinOps FOCUS export or a simple CSV.",
        discussion: """
            The format is told by the header: FOCUS 1.x columns (BilledCost, EffectiveCost, \
            ChargePeriodStart, ChargePeriodEnd, ServiceName, ServiceCategory, ...) or the simple \
            columns (\(CostImport.simpleColumns.joined(separator: ", "))). The whole file is \
            validated first; every problem is reported with its line and column, and nothing is \
            stored unless all of it is valid. Rows without an id get one derived from their \
            content, so importing the same file twice stores it once.
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Argument(help: "The CSV file to import.")
    var file: String

    func run() async throws {
        let started = Date()
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("Cannot read \(file).")
        }
        let items: [CostItem]
        do {
            items = try CostImport.parse(Array(data), now: .now())
        } catch {
            throw CommandFailure(Self.describe(error, file: file))
        }
        try await ledgerOptions.withLedger { ledger in
            let outcomes = try await ledger.store.saveCostItems(items)
            let fresh = outcomes.filter { !$0.duplicate }.map(\.item)
            let totals = CostTotals(fresh)
            let format = items.first?.source == "focus" ? "FOCUS" : "simple CSV"
            var report = """
                Imported \(file) (\(format)): \(counted(fresh.count, "cost item")) stored, \
                \(outcomes.count - fresh.count) already present; total $\(totals.total.usdString)
                """
            if totals.perMonth != .zero { report += " plus $\(totals.perMonth.usdString) per month" }
            report += " in \(Progress.seconds(since: started))."
            Progress.finish(report)
            for line in totals.lines {
                var text = "  " + line.category.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                text += "\(counted(line.items, "item")), $\(line.total.usdString)"
                if line.perMonth != .zero { text += " + $\(line.perMonth.usdString) per month" }
                print(text)
            }
        }
    }

    static func describe(_ error: CostImportError, file: String) -> String {
        guard case .invalid(let issues) = error else { return "\(file): \(error.summary)" }
        return "Nothing was imported; fix \(issues.count == 1 ? "this problem" : "these \(issues.count) problems"):\n"
            + issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.prefix(50).map { issue in
                "  \(file):\(issue.line.map(String.init) ?? "?"): " + (issue.field.map { "column \($0): " } ?? "") + issue.message
            }.joined(separator: "\n")
            + (issues.count > 50 ? "\n  ... and \(issues.count - 50) more" : "")
    }
}
