/// What the product earns, as configured by the team, to set against what AI costs.
public struct RevenueModel: Sendable, Hashable {
    /// Revenue per active user per month (ARPU); prorated over shorter or longer periods.
    public var perUserPerMonth: Money?
    /// Revenue per request served.
    public var perRequest: Money?

    public init(perUserPerMonth: Money? = nil, perRequest: Money? = nil) {
        self.perUserPerMonth = perUserPerMonth
        self.perRequest = perRequest
    }

    public var isConfigured: Bool { perUserPerMonth != nil || perRequest != nil }

    /// The average Gregorian month, 365.2425 / 12 days, in seconds.
    public static let averageMonthSeconds: Int64 = 2_629_746
}

/// Revenue against cost for one period: margin and return.
public struct UnitEconomics: Sendable, Hashable {
    public var revenue: Money
    public var cost: Money
    public var activeUsers: Int64

    /// Revenue minus cost.
    public var margin: Money { revenue - cost }

    /// `(revenue − cost) / cost`; `nil` when nothing was spent.
    public var returnOnCost: Double? { cost.nanos == 0 ? nil : Double(margin.nanos) / Double(cost.nanos) }

    /// Margin per active user; `nil` without users.
    public var marginPerUser: Money? { UnitCost.perUser(margin, users: activeUsers) }
    public var revenuePerUser: Money? { UnitCost.perUser(revenue, users: activeUsers) }
    public var costPerUser: Money? { UnitCost.perUser(cost, users: activeUsers) }

    /// The economics of a period of `seconds` with `requests` requests and `activeUsers` users;
    /// `nil` when no revenue is configured.
    public init?(model: RevenueModel, cost: Money, requests: Int64, activeUsers: Int64, seconds: Int64) {
        guard model.isConfigured else { return nil }
        var revenue = Int128(0)
        if let perRequest = model.perRequest { revenue += Int128(perRequest.nanos) * Int128(requests) }
        if let perUser = model.perUserPerMonth {
            let prorated = Int128(perUser.nanos) * Int128(activeUsers) * Int128(seconds)
            revenue += Int128(UnitCost.rounded(prorated, dividedBy: Int128(RevenueModel.averageMonthSeconds)))
        }
        self.revenue = Money(clamping: revenue)
        self.cost = cost
        self.activeUsers = activeUsers
    }
}
