import ArgumentParser
import BurnrateCore
import BurnrateServer
import Foundation

/// `burnrate prices list|show|check|import|export`.
struct Prices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect the price catalog, check prices files, and import or export prices.",
        subcommands: [List.self, Show.self, Check.self, Import.self, Export.self]
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

extension PriceFileFormat: ExpressibleByArgument {}

extension Prices {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import prices from a file: shows what changes per model and field, then stores the changed prices.",
            discussion: """
                LiteLLM's model_prices_and_context_window.json has no dates: its prices take effect from \
                --effective-from (default today). Stored events keep their cost until you reprice them \
                (burnrate reprice). Unless --replace, a price keeps the rates the file does not give.
                """)

        @OptionGroup var ledgerOptions: LedgerOptions

        @Argument(help: "The prices file.")
        var file: String

        @Option(help: "The file's format: burnrate or litellm.")
        var format: PriceFileFormat = .burnrate

        @Flag(help: "Show what would change, store nothing.")
        var dryRun = false

        @Option(help: "The date the imported prices take effect, YYYY-MM-DD (default: each entry's own; today for litellm).")
        var effectiveFrom: String?

        @Flag(help: "Replace whole prices: rates the file does not give are removed rather than kept.")
        var replace = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("Cannot read the prices file \(file).")
            }
            var date: Date?
            if let effectiveFrom {
                guard let parsed = CalendarDate.parse(effectiveFrom) else {
                    throw ValidationError("--effective-from must be a date YYYY-MM-DD (got \(effectiveFrom)).")
                }
                date = parsed
            }
            let parsed: (entries: [PriceEntry], skipped: [LiteLLMPriceMap.Skipped])
            do {
                parsed = try format.parse(data, effectiveFrom: date)
            } catch {
                let lines = error.issues.prefix(20).map {
                    "\(file):\($0.line.map(String.init) ?? "?"): \($0.field.map { $0 + " " } ?? "")\($0.message)"
                }
                throw CommandFailure(
                    (["\(file) is not a valid \(format.rawValue) prices file; nothing was changed:"] + lines).joined(separator: "\n"))
            }
            let plan: PriceImportPlan
            do {
                plan = try await ledgerOptions.withLedger { ledger in
                    try await ledger.importPrices(parsed.entries, effectiveFrom: date, replace: replace, dryRun: dryRun)
                }
            } catch let error as PriceDocument.Invalid {
                throw CommandFailure(
                    (["Some prices in \(file) could not be stored; nothing was changed:"] + error.issues.prefix(20).map(\.description))
                        .joined(separator: "\n"))
            }
            for change in plan.changes {
                let date = CalendarDate.string(from: change.entry.effectiveFrom)
                print(
                    "\(change.isNew ? "+" : "~") \(change.entry.provider)/\(change.entry.model) from \(date)\(change.replaces.map { " (was \($0))" } ?? " (new)")"
                )
                for field in change.fields {
                    print("    \(field.field): \(field.old.map { "$" + $0 } ?? "-") -> \(field.new.map { "$" + $0 } ?? "removed")")
                }
            }
            let counts = "\(plan.added) added, \(plan.changed) changed, \(plan.unchanged) unchanged, \(parsed.skipped.count) skipped"
            if !parsed.skipped.isEmpty {
                let reasons = Dictionary(grouping: parsed.skipped, by: \.reason).map { ($0.key, $0.value.count) }.sorted { $0.1 > $1.1 }
                print("Skipped: " + reasons.prefix(5).map { "\($0.1) \($0.0)" }.joined(separator: "; "))
            }
            if dryRun {
                print("\(counts). Nothing was changed (--dry-run).")
            } else {
                print("\(counts). Stored \(plan.changes.count) prices; stored events keep their cost until repriced (burnrate reprice).")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the prices in effect today as a prices file, to standard output.")

        @OptionGroup var ledgerOptions: LedgerOptions

        @Option(help: "The format: burnrate or litellm.")
        var format: PriceFileFormat = .burnrate

        @Option(help: "Only this provider.")
        var provider: String?

        func run() async throws {
            let catalog = try await ledgerOptions.withLedger { try await $0.catalog() }
            let now = Timestamp.now()
            let current = catalog.entries.filter { entry in
                guard provider == nil || entry.provider == provider?.lowercased() else { return false }
                guard case .priced(let inEffect) = catalog.lookup(provider: entry.provider, model: entry.model, at: now) else {
                    return false
                }
                return inEffect.id == entry.id
            }
            switch format {
            case .burnrate: print(PriceDocument.serialize(current), terminator: "")
            case .litellm: print(LiteLLMPriceMap.serialize(current), terminator: "")
            }
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
