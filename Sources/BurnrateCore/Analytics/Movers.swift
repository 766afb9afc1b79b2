/// What moved between two periods: one group's cost then and now.
public struct Mover: Sendable, Hashable {
    public var key: String?
    public var change: CostChange

    public init(key: String?, change: CostChange) {
        self.key = key
        self.change = change
    }
}

/// Top spenders' movement: which groups drive an increase (or a fall) in spend.
public enum Movers {
    /// Every group present in either period with its change, largest increase first; groups that
    /// did not change are left out.
    public static func rank(current: [String?: Money], previous: [String?: Money]) -> [Mover] {
        let keys = Set(current.keys).union(previous.keys)
        return keys.map { key in
            Mover(key: key, change: CostChange(current: current[key] ?? .zero, previous: previous[key] ?? .zero))
        }
        .filter { $0.change.absolute != .zero }
        .sorted { left, right in
            left.change.absolute != right.change.absolute
                ? left.change.absolute > right.change.absolute : (left.key ?? "") < (right.key ?? "")
        }
    }
}
