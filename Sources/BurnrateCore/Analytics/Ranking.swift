/// Ranks groups by cost and folds those past a limit into one "other" group, so that a short
/// table still sums exactly to its total.
public enum Ranking {
    /// The `limit` costliest items, then (when any are left) the rest folded into one by `fold`.
    ///
    /// Ties are broken by `tieBreak` ascending, so that the order is stable between calls.
    public static func top<Item>(
        _ items: [Item], limit: Int, cost: (Item) -> Money, tieBreak: (Item) -> String, fold: ([Item]) -> Item
    ) -> (top: [Item], other: Item?) {
        let sorted = items.sorted { left, right in
            let (a, b) = (cost(left), cost(right))
            return a != b ? a > b : tieBreak(left) < tieBreak(right)
        }
        let kept = Array(sorted.prefix(max(0, limit)))
        let rest = Array(sorted.dropFirst(max(0, limit)))
        return (kept, rest.isEmpty ? nil : fold(rest))
    }

    /// The share of `part` in `whole`, between 0 and 1 for non-negative amounts; 0 for an empty whole.
    public static func share(_ part: Money, of whole: Money) -> Double {
        whole.nanos == 0 ? 0 : Double(part.nanos) / Double(whole.nanos)
    }
}

/// Unit costs of a group of requests.
public enum UnitCost {
    /// Cost per request; `nil` without requests.
    public static func perRequest(_ cost: Money, requests: Int64) -> Money? {
        requests > 0 ? Money(nanos: rounded(Int128(cost.nanos), dividedBy: Int128(requests))) : nil
    }

    /// Cost per thousand tokens; `nil` without tokens.
    public static func perThousandTokens(_ cost: Money, tokens: Int64) -> Money? {
        tokens > 0 ? Money(nanos: rounded(Int128(cost.nanos) * 1000, dividedBy: Int128(tokens))) : nil
    }

    /// Cost per active user; `nil` without users.
    public static func perUser(_ cost: Money, users: Int64) -> Money? {
        users > 0 ? Money(nanos: rounded(Int128(cost.nanos), dividedBy: Int128(users))) : nil
    }

    /// `value / divisor` rounded half away from zero, saturating at the bounds of `Int64`.
    static func rounded(_ value: Int128, dividedBy divisor: Int128) -> Int64 {
        let half = divisor / 2
        return Int64(clamping: value >= 0 ? (value + half) / divisor : (value - half) / divisor)
    }
}
