import ArgumentParser
import BurnrateCore
import BurnrateServer
import Foundation

/// `burnrate prices list|show|check`.
struct Prices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect the price catalog and check prices files.",
        subcommands: [List.self, Show.self, Check.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the prices in effect today, per million tokens.")

        @OptionGroup var ledgerOptions: LedgerOptions

        @Option(help: "Only this provider.")
        var provider: String?

        func run() async throws {
            let catalog = try await ledgerOptions.withLedger { try await $0.catalog() }
            let now = Timestamp.now()
            var rows = [["PROVIDER", "MODEL", "INPUT", "CACHED", "OUTPUT", "SINCE", "ORIGIN"]]
            for entry in catalog.entries where provider == nil || entry.provider == provider?.lowercased() {
                guard case .priced(let current) = catalog.lookup(provider: entry.provider, model: entry.model, at: now),
                    current.id == entry.id
                else { continue }
                rows.append([
                    entry.provider, entry.model, "$" + entry.rates.input.perMillionString,
                    entry.rates.cacheRead.map { "$" + $0.perMillionString } ?? "-",
                    "$" + entry.rates.output.perMillionString, CalendarDate.string(from: entry.effectiveFrom),
                    entry.origin.rawValue,
                ])
            }
            print(Table.render(rows))
            print("\(rows.count - 1) models; prices in USD per million tokens.")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a model's price history and tiers.")

        @OptionGroup var ledgerOptions: LedgerOptions

        @Argument(help: "Model id, alias or snapshot, e.g. gpt-4o-2024-08-06 or openai/gpt-4o.")
        var model: String

        @Option(help: "Provider, when several offer the model.")
        var provider: String?

        func run() async throws {
            let catalog = try await ledgerOptions.withLedger { try await $0.catalog() }
            let history = catalog.history(provider: provider, model: model)
            guard !history.isEmpty else {
                throw CommandFailure("No price for '\(model)'. Add one in a prices file (--prices) or with PUT /api/v1/prices/\(model).")
            }
            print(PriceDocument.serialize(history))
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a prices file; errors name the line.")

        @Argument(help: "The prices file.")
        var file: String

        func run() async throws {
            let entries = try PricesFile.read(file)
            print("\(file): \(entries.count) valid price \(entries.count == 1 ? "entry" : "entries").")
        }
    }
}

/// Plain-text tables with aligned columns.
enum Table {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
