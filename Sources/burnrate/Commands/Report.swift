import ArgumentParser
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation

/// `burnrate report`: the cost review of a month, week or day, ready to forward.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the cost review of a month, ISO week or day.",
        discussion: """
            The review holds the total against the previous period, spend by category, model, tenant and \
            feature, efficiency metrics, the trend and findings. Without a period it covers the current month.
            Example: burnrate report --month 2026-11 --format md > november.md
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @OptionGroup var reportingOptions: ReportingOptions

    @Option(help: "The month, YYYY-MM.")
    var month: String?

    @Option(help: "The ISO week, YYYY-Www (e.g. 2026-W47).")
    var week: String?

    @Option(help: "The day, YYYY-MM-DD.")
    var day: String?

    @Option(help: "md, csv or json.")
    var format = "md"

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard [month, week, day].compactMap({ $0 }).count <= 1 else {
            throw ValidationError("Give one of --month, --week or --day.")
        }
        guard ["md", "markdown", "csv", "json"].contains(format) else {
            throw ValidationError("--format must be md, csv or json (got \(format)).")
        }
    }

    func run() async throws {
        let configuration = AppConfiguration(timeZone: try reportingOptions.timeZone(), revenue: try reportingOptions.revenue())
        let calendar = ReportingCalendar(timeZone: configuration.timeZone)
        let label = month ?? week ?? day ?? calendar.label(.month, start: .now())
        guard let period = ReportPeriod(label, calendar: calendar) else {
            throw ValidationError("'\(label)' is not a period: use --month 2026-11, --week 2026-W47 or --day 2026-11-23.")
        }
        try await ledgerOptions.withLedger { ledger in
            let review = try await AppServices(configuration: configuration, ledger: ledger).analytics.review(period)
            let text =
                switch format {
                case "csv": review.csv
                case "json": review.jsonText
                default: review.markdown
                }
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                print("Wrote the \(review.title) review to \(output).")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
