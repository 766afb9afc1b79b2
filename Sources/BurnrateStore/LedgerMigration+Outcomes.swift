import BurnrateCore

extension LedgerMigration {
    /// Copies every outcome, a batch at a time in listing order; returns how many were new to the
    /// destination. Outcomes it holds already are skipped as duplicates.
    func copyOutcomes() async throws -> Int {
        var inserted = 0
        var cursor: OutcomeCursor?
        while true {
            try Task.checkCancellation()
            let page = try await source.outcomes(OutcomeFilter(), after: cursor, limit: batchSize)
            inserted += try await destination.saveOutcomes(page).filter { !$0.duplicate }.count
            guard page.count == batchSize, let last = page.last else { return inserted }
            cursor = OutcomeCursor(after: last)
        }
    }

    /// Reads the outcomes of both ledgers in listing order, batch by batch, and compares them.
    func compareOutcomes() async throws -> MigrationVerification.Check {
        var cursor: OutcomeCursor?
        var counts = (source: 0, destination: 0)
        var matches = true
        while true {
            let position = cursor
            async let fromSource = source.outcomes(OutcomeFilter(), after: position, limit: batchSize)
            async let fromDestination = destination.outcomes(OutcomeFilter(), after: position, limit: batchSize)
            let (left, right) = (try await fromSource, try await fromDestination)
            counts.source += left.count
            counts.destination += right.count
            matches = matches && left == right
            guard let last = left.last ?? right.last, left.count == batchSize || right.count == batchSize else { break }
            cursor = OutcomeCursor(after: last)
        }
        return MigrationVerification.Check(
            name: "outcomes", source: "\(counts.source)", destination: "\(counts.destination)", matches: matches)
    }
}
