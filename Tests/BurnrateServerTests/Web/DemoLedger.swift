import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import Logging

/// Demo history as `serve --demo` seeds it (seed 42), ending yesterday so that figures up to
/// "now" do not move between two requests of a test.
enum DemoLedger {
    static let days = 75

    private static let shared = Task { try await seeded() }

    /// Events, cost items, the alerts the rules raised over the last weeks, and the budgets;
    /// built once per run.
    static func ledger() async throws -> Ledger { try await shared.value }

    /// The days of history, oldest first, ending yesterday: taken once, as the ledger is seeded
    /// once, so that a run crossing midnight still finds the spike on the day it was seeded.
    static let dayNumbers = DemoGenerator.days(endingOn: Date().addingTimeInterval(-86_400), count: days)

    /// The runaway agent loop's day: the tenth from the end, as `serve --demo` has it.
    static var spikeDay: Int { dayNumbers[days - 10] }

    /// A new ledger with everything `serve --demo` seeds.
    static func seeded() async throws -> Ledger {
        let ledger = try await make()
        _ = try await ledger.seedDemoAlerts(settings: AlertRuleSettings(), calendar: .utc, logger: Logger(label: "demo"))
        _ = try await ledger.seedDemoBudgets(calendar: .utc)
        return ledger
    }

    /// A new ledger with the demo's events and cost items only.
    static func make() async throws -> Ledger {
        let ledger = try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: try BuiltinCatalog.entries())
        let dayNumbers = Self.dayNumbers
        let generator = DemoGenerator(seed: 42, spikeDay: dayNumbers[days - 10])
        for day in dayNumbers { _ = try await ledger.ingest(generator.events(forDay: day)) }
        let costs = DemoCosts(seed: 42, gpuRates: try BuiltinGPURates.shared.get()).items(forDays: dayNumbers)
        _ = try await ledger.store.saveCostItems(costs)
        return ledger
    }
}

/// Reading a dashboard page in tests: figures by their `data-figure` name, attributes, links.
struct PageText {
    let html: String

    /// The exact value (`data-value`) of the figure named `name`.
    func figure(_ name: String) -> String? {
        first(#"data-figure="\#(name)" data-value="([^"]*)""#)
    }

    /// The displayed text of the figure named `name`.
    func shown(_ name: String) -> String? {
        first(#"data-figure="\#(name)" data-value="[^"]*">([^<]*)<"#)
    }

    func attribute(_ name: String) -> String? { first(#"\#(name)="([^"]*)""#) }

    /// The first capture of `pattern`.
    func first(_ pattern: String) -> String? {
        all(pattern).first
    }

    func all(_ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    /// Every `href` on the page, entities decoded.
    var links: [String] {
        all(#"href="([^"]*)""#).map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    /// The HTML of the element with `id` up to the end of its table block.
    func block(_ id: String) -> PageText {
        guard let start = html.range(of: #"id="\#(id)""#) else { return PageText(html: "") }
        let rest = html[start.lowerBound...]
        let end = rest.range(of: "</table>")?.upperBound ?? rest.endIndex
        return PageText(html: String(rest[..<end]))
    }
}
