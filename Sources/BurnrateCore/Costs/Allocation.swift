/// Splits a shared cost between keys (tenants, features, teams) in proportion to their usage,
/// exactly: the shares always add up to the amount, to the nano-dollar.
///
/// Each key first gets the whole nano-dollars of its exact share; the nano-dollars left over go
/// one each to the keys with the largest remainders (largest-remainder rounding), ties going to
/// the key that sorts first, so the result never depends on dictionary order.
///
/// When no key has a positive weight (nobody used anything in the period), nothing is invented:
/// the whole amount goes to `unallocatedKey`, the same key a breakdown gives usage without a
/// value, so chargeback shows it as unattributed rather than spreading it over idle tenants.
public enum Allocation {
    /// The key that receives an amount nobody's usage accounts for.
    public static let unallocatedKey = ""

    /// Splits `amount` in proportion to whole-number weights (tokens, requests). Negative weights
    /// count as zero; keys with zero weight get no entry.
    public static func split(_ amount: Money, weights: [String: Int64]) -> [String: Money] {
        let positive = weights.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        guard !positive.isEmpty else { return [unallocatedKey: amount] }
        let total = positive.reduce(Int128(0)) { $0 + Int128($1.value) }
        let magnitude = Int128(amount.nanos.magnitude)
        var shares: [(key: String, nanos: Int128, remainder: Int128)] = positive.map { key, weight in
            let exact = magnitude * Int128(weight)
            return (key, exact / total, exact % total)
        }
        var leftover = magnitude - shares.reduce(Int128(0)) { $0 + $1.nanos }
        let order = shares.indices.sorted { left, right in
            shares[left].remainder != shares[right].remainder
                ? shares[left].remainder > shares[right].remainder : shares[left].key < shares[right].key
        }
        for index in order where leftover > 0 {
            shares[index].nanos += 1
            leftover -= 1
        }
        let sign: Int64 = amount.nanos < 0 ? -1 : 1
        return Dictionary(uniqueKeysWithValues: shares.map { ($0.key, Money(nanos: sign * Int64($0.nanos))) })
    }

    /// Splits `amount` in proportion to measured weights (GPU seconds). The weights are scaled to
    /// integers relative to the largest (2⁵² for it, so no precision a `Double` holds is lost)
    /// and split as whole numbers. Negative, NaN and infinite weights count as zero.
    public static func split(_ amount: Money, weights: [String: Double]) -> [String: Money] {
        let usable = weights.filter { $0.value.isFinite && $0.value > 0 }
        guard let largest = usable.values.max() else { return [unallocatedKey: amount] }
        let scale = Double(1 << 52) / largest
        return split(amount, weights: usable.mapValues { Int64(($0 * scale).rounded()) })
    }
}
