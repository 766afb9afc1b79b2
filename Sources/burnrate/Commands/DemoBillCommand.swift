import ArgumentParser
import BurnrateCore
import BurnrateServer
import Foundation

/// `burnrate demo-bill`: writes a provider bill for the demo ledger, with realistic drift, to try
/// reconciliation on.
struct DemoBillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-bill",
        abstract: "Write a bill CSV for the demo data, with the drift real bills show, to try import-bill on.",
        discussion: """
            Bills the last --days complete UTC days of the database at exactly Burnrate's own figures, \
            except: the unpriced fine-tuned model is billed at twice its base model's \
            rates; one day bills 15% more OpenAI traffic than Burnrate recorded (lost events); Anthropic \
            bills part of Claude Sonnet 4.5's input as cache writes for the last week; and one day bills \
            an embedding job Burnrate never saw. The same database gives the same bill.
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Option(help: "Complete UTC days to bill, ending yesterday.")
    var days = 30

    @Option(help: "Where to write the CSV; standard output when left out.")
    var out: String?

    func validate() throws {
        guard (7...366).contains(days) else { throw ValidationError("--days must be between 7 and 366.") }
    }

    func run() async throws {
        try await ledgerOptions.withLedger { ledger in
            let today = UTCDay(containing: .now())
            let period = ChargePeriod(start: today.adding(days: -days), end: today)
            let computed = try await AppServices(configuration: AppConfiguration(), ledger: ledger).reconciliation.computed(over: period)
            guard !computed.isEmpty else {
                throw CommandFailure(
                    "The database has no events from \(period.start) to \(today); run burnrate demo (or serve --demo) first.")
            }
            let csv = DailyBillWriter.csv(DemoBill.charges(from: computed, catalog: try await ledger.catalog()))
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(csv.utf8)) else {
                    throw CommandFailure("Cannot write \(out).")
                }
                print(
                    "Wrote the demo bill for \(period.start) to \(period.end.adding(days: -1)) to \(out); import it with burnrate import-bill \(out)."
                )
            } else {
                print(csv, terminator: "")
            }
        }
    }
}
