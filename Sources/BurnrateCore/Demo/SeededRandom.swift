import Foundation

/// A small deterministic generator (SplitMix64): the same seed gives the same demo history on
/// every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// Whether an event of probability `p` happens.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A log-normal value with the given median and spread (σ of the logarithm).
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        return median * exp(sigma * normal)
    }

    /// One of `items`, chosen with probability proportional to `weight`.
    public mutating func pick<T>(_ items: [T], weight: (T) -> Double) -> T {
        let total = items.reduce(0) { $0 + weight($1) }
        var target = unit() * total
        for item in items {
            target -= weight(item)
            if target < 0 { return item }
        }
        return items[items.count - 1]
    }
}
