import ArgumentParser

/// The `burnrate` command: serve the API, load demo data, import usage, manage prices.
@main
struct Burnrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burnrate",
        abstract: "Know what AI costs: an exact ledger of LLM spend with a JSON API.",
        discussion: """
            Every command reads BURNRATE_DATABASE (default ./burnrate.sqlite) and BURNRATE_PRICES \
            (an optional prices file) unless --database or --prices is given.
            """,
        subcommands: [
            Serve.self, Demo.self, Ingest.self, ImportCosts.self, Report.self, Prices.self, Reprice.self, Migrate.self,
            ImportBill.self, DeleteBill.self, DemoBillCommand.self, Export.self, Roi.self,
        ]
    )
}
