import BurnrateCore

/// What a repricing run finds, event by event, the same on every backend: the events whose price
/// changed, the totals before and after, and the rollup adjustments that move those events'
/// sums from their old price to their new one.
struct RepriceFold {
    private(set) var changes: [(old: StoredEvent, new: PricedEvent)] = []
    private(set) var examined: Int64 = 0
    private(set) var oldTotal = Money.zero
    private(set) var newTotal = Money.zero
    /// Subtracts each changed event's old sums and adds its new ones.
    private(set) var rollups = RollupBatch()

    /// Counts `stored`, priced again as `repriced`.
    mutating func add(_ stored: StoredEvent, repricedAs repriced: PricedEvent) {
        examined += 1
        oldTotal = oldTotal + stored.priced.cost.total
        newTotal = newTotal + repriced.cost.total
        guard repriced.pricing != stored.priced.pricing || repriced.event.provider != stored.priced.event.provider else { return }
        changes.append((stored, repriced))
        rollups.add(stored.priced, sign: -1)
        rollups.add(repriced)
    }

    /// Changed events that had no full price before and have one now.
    var newlyPriced: Int64 { Int64(changes.count { !$0.old.priced.isFullyPriced && $0.new.isFullyPriced }) }

    /// The run's report, once stored as run `id` at `at`.
    func report(id: Int64, at: Timestamp, reason: String, selection: RepriceSelection) -> RepriceReport {
        RepriceReport(
            id: id, at: at, reason: reason, onlyUnpriced: selection.onlyUnpriced, from: selection.filter.from,
            to: selection.filter.to, eventsExamined: examined, eventsChanged: Int64(changes.count), newlyPriced: newlyPriced,
            oldTotal: oldTotal, newTotal: newTotal)
    }
}
