/// What a budget's amount applies to: the spend in its scope over each calendar period, or each
/// agent session (run) among the requests its scope matches.
public enum BudgetPer: String, Sendable, Hashable, CaseIterable, Codable {
    /// The amount is the limit for all spend in scope over each period.
    case period
    /// The amount is the limit for each session's whole spend, whatever the period: the proxy
    /// refuses (or warns about) the call of a session that would take it past the amount.
    case session
}
