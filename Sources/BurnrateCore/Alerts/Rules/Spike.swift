/// A cost against the average of the periods before it.
public struct Spike: Sendable, Hashable {
    public var actual: Money
    /// The average of the trailing periods.
    public var baseline: Money
    /// `actual ÷ baseline`.
    public var ratio: Double
    public var isSpike: Bool

    /// Compares `actual` with the average of `trailing` (zero periods included): a spike is at
    /// least `factor` times that average and at least `minimumExcess` above it.
    ///
    /// `nil` when the trailing periods cost nothing: new traffic has no baseline to spike from.
    public static func evaluate(actual: Money, trailing: [Money], factor: Double, minimumExcess: Money) -> Spike? {
        guard !trailing.isEmpty else { return nil }
        let total = trailing.reduce(Money.zero, +)
        guard total > .zero else { return nil }
        let baseline = total.scaled(by: 1, over: Int64(trailing.count))
        let ratio = Double(actual.nanos) / Double(baseline.nanos)
        return Spike(
            actual: actual, baseline: baseline, ratio: ratio,
            isSpike: ratio >= factor && actual - baseline >= minimumExcess)
    }
}
