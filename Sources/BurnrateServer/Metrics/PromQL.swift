/// Helpers for writing PromQL text.
enum PromQL {
    /// A number as PromQL reads it, without a trailing `.0`: `2`, `1.1`, `0.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
