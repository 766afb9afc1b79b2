import BurnrateCore

/// A baseline model the price catalog has no price for, so nothing can be compared with it.
/// The HTTP API answers it with a 422 problem that says where the priced models are listed.
struct UnknownBaseline: Error, Sendable, Hashable {
    /// The model as configured or asked for.
    var name: String
    /// Where the name came from: the query parameter (`baseline`) or the setting
    /// (`savings.baselines`).
    var parameter: String
}
