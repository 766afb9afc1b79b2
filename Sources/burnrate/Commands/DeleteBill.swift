import ArgumentParser
import BurnrateServer
import BurnrateStore

/// `burnrate delete-bill IMPORT_ID`: removes the charges one bill import stored.
struct DeleteBill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-bill", abstract: "Delete the charges of one bill import (its id is printed by import-bill).")

    @OptionGroup var ledgerOptions: LedgerOptions

    @Argument(help: "The import id, such as bill-1a2b3c4d5e6f7a8b.")
    var importID: String

    func run() async throws {
        try await ledgerOptions.withLedger { ledger in
            let deleted = try await ledger.store.deleteChargeImport(importID)
            guard deleted > 0 else { throw CommandFailure("No stored charges belong to import \(importID).") }
            print("Deleted \(counted(deleted, "charge")) of import \(importID).")
        }
    }
}
