/// One thing paid for to get the savings: a one-off outlay (hardware, implementation,
/// development hours at a rate) or a cost that recurs every month (operations, licences).
///
/// One-off items form the investment that ROI and payback are measured against; monthly items
/// are subtracted from each month's gross savings.
public struct ROIInvestment: Sendable, Hashable {
    /// When the item is paid.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Paid once, before month 1.
        case oneOff = "one_off"
        /// Paid every month of the projection.
        case monthly
    }

    /// What the item is, e.g. "GPU server" or "Implementation".
    public var name: String
    public var kind: Kind
    /// The amount paid once (`oneOff`) or each month (`monthly`).
    public var amount: Money

    public init(name: String, kind: Kind, amount: Money) {
        self.name = name
        self.kind = kind
        self.amount = amount
    }

    /// Development effort priced as `hours × hourlyRate`, a one-off item. `hundredthsOfHours` keeps
    /// fractional hours exact (150.5 hours is 15,050).
    public static func development(name: String = "Development", hundredthsOfHours: Int64, hourlyRate: Money) -> ROIInvestment {
        ROIInvestment(name: name, kind: .oneOff, amount: hourlyRate.scaled(by: hundredthsOfHours, over: 100))
    }
}

extension [ROIInvestment] {
    /// The sum of the one-off items: the investment ROI is measured against.
    public var oneOffTotal: Money { filter { $0.kind == .oneOff }.reduce(.zero) { $0 + $1.amount } }

    /// The sum of the monthly items, subtracted from every month's savings.
    public var monthlyTotal: Money { filter { $0.kind == .monthly }.reduce(.zero) { $0 + $1.amount } }
}
