import BurnrateCore

/// A batch of outcomes on its way into a store: which ids to insert, and what each outcome
/// becomes once the store knows which ids were new. Shared by both backends, so that they treat
/// repeats and conflicts alike.
struct OutcomeBatch {
    let outcomes: [Outcome]
    /// The first outcome with each id, in batch order: what a store inserts.
    let firsts: [Outcome]
    private let firstByID: [String: Outcome]

    init(_ outcomes: [Outcome]) {
        self.outcomes = outcomes
        var firstByID: [String: Outcome] = [:]
        var firsts: [Outcome] = []
        for outcome in outcomes where firstByID[outcome.id] == nil {
            firstByID[outcome.id] = outcome
            firsts.append(outcome)
        }
        self.firsts = firsts
        self.firstByID = firstByID
    }

    /// What each outcome became, given the ids this batch inserted and the stored originals of
    /// the others; a conflict when any outcome's id stands for a different result.
    ///
    /// An outcome is compared with what its id already stood for: the stored original, or, for an
    /// id this batch inserted, the batch's first outcome with it.
    func results(inserted: Set<String>, stored: [String: Outcome]) throws -> Result<[SavedOutcome], OutcomeConflict> {
        var results: [SavedOutcome] = []
        results.reserveCapacity(outcomes.count)
        var conflicts: [OutcomeConflict.Item] = []
        var answered: Set<String> = []
        for (index, outcome) in outcomes.enumerated() {
            let isNew = inserted.contains(outcome.id)
            guard let original = isNew ? firstByID[outcome.id] : stored[outcome.id] else {
                throw StoreError(message: "outcome \(outcome.id) conflicted but could not be read back")
            }
            let first = answered.insert(outcome.id).inserted
            if isNew, first {
                results.append(SavedOutcome(outcome: outcome, duplicate: false))
            } else if outcome.recordsSameResult(as: original) {
                results.append(SavedOutcome(outcome: original, duplicate: true))
            } else {
                conflicts.append(OutcomeConflict.Item(index: index, sent: outcome, stored: original))
            }
        }
        return conflicts.isEmpty ? .success(results) : .failure(OutcomeConflict(items: conflicts))
    }
}
