/// What the proxy does with a request whose budget is spent.
public enum BudgetEnforcement: String, Sendable, Hashable, CaseIterable, Codable {
    /// Nothing: the budget only reports and alerts.
    case off
    /// The request goes through with a warning header.
    case soft
    /// The request is refused with 429 until the period resets.
    case hard
}
