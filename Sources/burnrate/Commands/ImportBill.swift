import ArgumentParser
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation

/// `burnrate import-bill FILE`: stores what a provider billed and reconciles it with the ledger.
struct ImportBill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-bill",
        abstract: "Import a provider bill (cost or usage export, or invoice totals) and reconcile it.",
        discussion: """
            Reads OpenAI's usage-dashboard exports (Cost or Activity), the Claude Console's cost or \
            usage export, Burnrate's daily CSV (date,provider,model,cost_usd[,input_tokens,...]) or an \
            invoice CSV (period_start,period_end,provider,amount_usd; end exclusive). The whole file is \
            checked first: any bad row is reported with its line and column and nothing is stored. \
            Importing the same file again, or a newer export of the same kind, replaces what it repeats.
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Argument(help: "The bill file (CSV).")
    var file: String

    @Option(help: "Drift in percent of the billed amount above which a row is a finding.")
    var tolerance: Double = 1

    func validate() throws {
        guard tolerance.isFinite, tolerance >= 0 else { throw ValidationError("--tolerance must be a percentage of 0 or more.") }
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("Cannot read \(file).") }
        try await ledgerOptions.withLedger { ledger in
            let imported: ReconciliationService.BillImport
            do {
                imported = try await AppServices(configuration: AppConfiguration(), ledger: ledger).reconciliation.importBill(
                    Array(data), tolerance: Tolerance(percent: tolerance))
            } catch let failure as BillFile.Failure {
                throw CommandFailure(Self.describe(failure))
            }
            let bill = imported.bill
            let providers = Set(bill.charges.map(\.provider)).sorted().joined(separator: ", ")
            print(
                "Imported \(file) as \(bill.source.rawValue) (import \(bill.importID)): \(counted(bill.charges.count, "charge")) for \(providers), \(imported.saved.inserted) new, \(imported.saved.replaced) replaced."
            )
            print(ReconciliationText.summary(imported.report))
            print("To undo this import: burnrate delete-bill \(bill.importID), or DELETE /api/v1/reconciliation/charges/\(bill.importID).")
        }
    }

    static func describe(_ failure: BillFile.Failure) -> String {
        switch failure {
        case .empty:
            return "The bill holds no rows after its header; nothing was imported."
        case .unrecognized(let columns):
            return "The bill's format was not recognized from its header (\(columns.joined(separator: ","))). Known formats:\n"
                + BillFile.formats.map { "  \($0.source.rawValue): \($0.columns)" }.joined(separator: "\n")
        case .invalid(let issues):
            return "Nothing was imported; fix \(issues.count == 1 ? "this problem" : "these \(issues.count) problems"):\n"
                + issues.prefix(50).map { "  line \($0.line.map(String.init) ?? "?"), \($0.field ?? "row"): \($0.message)" }.joined(
                    separator: "\n")
                + (issues.count > 50 ? "\n  ... and \(issues.count - 50) more" : "")
        }
    }
}

/// A reconciliation report as a few lines of text for the terminal.
enum ReconciliationText {
    static func summary(_ report: ReconciliationReport, findings limit: Int = 10) -> String {
        var lines: [String] = []
        let total = report.total
        lines.append(
            "Billed $\(dollars(total.billed)), Burnrate computed $\(dollars(total.computed)) over \(counted(total.days, "provider-day")): difference $\(dollars(total.difference))\(percent(total.driftPercent))."
        )
        for provider in report.providers {
            lines.append(
                "  \((provider.provider ?? "").padding(toLength: 10, withPad: " ", startingAt: 0)) billed $\(dollars(provider.billed)), computed $\(dollars(provider.computed))\(percent(provider.driftPercent)), \(counted(provider.flaggedRows, "finding"))"
            )
        }
        for invoice in report.rows where invoice.isInvoice {
            lines.append(
                "  invoice \(invoice.provider) \(invoice.period): billed $\(dollars(invoice.billed ?? .zero)), computed $\(dollars(invoice.computed))\(percent(invoice.driftPercent))\(invoice.flagged ? " FLAGGED" : "")"
            )
        }
        let findings = report.findings
        guard !findings.isEmpty else {
            lines.append("No drift above \(report.tolerance.percent)%.")
            return lines.joined(separator: "\n")
        }
        lines.append("Findings (drift above \(report.tolerance.percent)%), largest first:")
        for row in findings.prefix(limit) {
            let billed = row.billed.map { "$\(dollars($0))" } ?? "tokens only"
            lines.append(
                "  \(row.period) \(row.provider) \(row.model ?? "(all models)"): billed \(billed), computed $\(dollars(row.computed))\(percent(row.driftPercent))"
            )
            for cause in row.causes { lines.append("    - \(cause.message)") }
        }
        if findings.count > limit { lines.append("  ... and \(findings.count - limit) more: GET /api/v1/reconciliation lists them all.") }
        return lines.joined(separator: "\n")
    }

    /// Dollars rounded half away from zero to the cent, for reading; the API keeps every nano.
    static func dollars(_ money: Money) -> String {
        let cent: Int64 = 10_000_000
        let cents = (money.nanos.magnitude + UInt64(cent / 2)) / UInt64(cent)
        return (money.nanos < 0 ? "-" : "") + ScaledDecimal.format(Int64(cents), scale: 2)
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: " (%+.2f%%)", $0) } ?? ""
    }
}
