/// What one local day cost and carried: the input of every forecast.
public struct DailyActual: Sendable, Hashable {
    /// The local day, midnight to midnight in the reporting time zone.
    public var day: Range<Timestamp>
    public var cost: Money
    public var requests: Int64
    public var tokens: Int64

    public init(day: Range<Timestamp>, cost: Money, requests: Int64 = 0, tokens: Int64 = 0) {
        self.day = day
        self.cost = cost
        self.requests = requests
        self.tokens = tokens
    }

    /// Whether anything was recorded that day.
    public var isActive: Bool { cost != .zero || requests != 0 || tokens != 0 }
}
