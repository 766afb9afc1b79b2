import ArgumentParser
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation

/// `burnrate reprice`: prices unpriced events, or recomputes a range after a price correction.
struct Reprice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Price unpriced events with the current catalog, or recompute a time range.",
        discussion: "Every run is kept in the audit log (GET /api/v1/reprice/history) with the old and new totals."
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Flag(help: "Recompute every event in --from..--to, not only unpriced ones.")
    var all = false

    @Option(help: "Start of the range (YYYY-MM-DD or RFC 3339).")
    var from: String?

    @Option(help: "End of the range, exclusive.")
    var to: String?

    @Option(help: "Why, for the audit log.")
    var reason: String?

    func run() async throws {
        var filter = EventFilter()
        filter.from = try from.map { try Self.instant($0, "--from") }
        filter.to = try to.map { try Self.instant($0, "--to") }
        if all, filter.from == nil || filter.to == nil {
            throw ValidationError("--all recomputes a time range: give --from and --to.")
        }
        try await ledgerOptions.withLedger { ledger in
            let report = try await ledger.reprice(
                RepriceSelection(filter: filter, onlyUnpriced: !all),
                reason: reason ?? (all ? "price correction" : "price unpriced events"))
            print(
                """
                Examined \(report.eventsExamined) events: \(report.eventsChanged) changed, \(report.newlyPriced) newly priced.
                Total before $\(report.oldTotal.usdString), after $\(report.newTotal.usdString) (audit run \(report.id)).
                """)
        }
    }

    static func instant(_ text: String, _ name: String) throws -> Timestamp {
        if let instant = Timestamp(rfc3339: text) { return instant }
        if let date = CalendarDate.parse(text) { return Timestamp(date) }
        throw ValidationError("\(name) must be a date YYYY-MM-DD or an RFC 3339 time (got \(text)).")
    }
}
