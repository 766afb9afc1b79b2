/// A self-hosted model deployment: what it costs a month, which events ran on it, and how its
/// cost is shared among them.
public struct Deployment: Sendable, Hashable {
    public var id: String
    /// Events whose provider is one of these run on the deployment.
    public var providers: Set<String>
    /// Events whose model is one of these run on the deployment.
    public var models: Set<String>
    public var cost: DeploymentCost
    public var basis: Basis
    /// The tokens a second the deployment can serve, for its capacity; `nil` when not declared.
    public var throughputTokensPerSecond: Int64?
    /// What the cloud offers off its hourly rate for a reserved commitment and for spot
    /// capacity (millionths), as the user declares them; the recommendations use them as the
    /// price evidence for moving rented GPUs, and stay silent without them.
    public var offers: CapacityOffers

    public init(
        id: String, providers: Set<String> = [], models: Set<String> = [], cost: DeploymentCost, basis: Basis = .tokens,
        throughputTokensPerSecond: Int64? = nil, offers: CapacityOffers = CapacityOffers()
    ) {
        self.id = id
        self.providers = providers
        self.models = models
        self.cost = cost
        self.basis = basis
        self.throughputTokensPerSecond = throughputTokensPerSecond
        self.offers = offers
    }

    /// What a month's fixed cost is shared by.
    public enum Basis: String, Sendable, Hashable, CaseIterable {
        case tokens
        case gpuSeconds = "gpu_seconds"
    }

    /// Whether an event of `provider` and `model` ran on this deployment.
    public func matches(provider: String, model: String) -> Bool {
        providers.contains(provider) || models.contains(model)
    }
}

/// The fixed cost of a deployment.
public enum DeploymentCost: Sendable, Hashable {
    /// Owned hardware: the purchase spread evenly over `amortizationMonths`, plus power and
    /// operations each month.
    case owned(purchase: Money, amortizationMonths: Int64, monthlyPower: Money, monthlyOperations: Money)
    /// Rented GPUs billed by the hour, less a spot or reserved discount (millionths).
    case cloud(gpuType: String, count: Int64, hourlyRate: Money, discountMillionths: Int64)

    /// The cost of a month of `hours` hours.
    public func monthly(hours: Int64) -> Money {
        switch self {
        case .owned(let purchase, let months, let power, let operations):
            purchase.scaled(by: 1, over: max(1, months)) + power + operations
        case .cloud(_, let count, let rate, let discount):
            rate.scaled(by: count * hours * (1_000_000 - discount), over: 1_000_000)
        }
    }
}

/// Discounts off a cloud's on-demand GPU rate, in millionths (`400_000` is 40% off).
public struct CapacityOffers: Sendable, Hashable {
    /// For committing to the GPUs for a term (reserved instances, savings plans, committed use).
    public var reservedDiscountMillionths: Int64?
    /// For interruptible capacity (spot, preemptible).
    public var spotDiscountMillionths: Int64?

    public init(reservedDiscountMillionths: Int64? = nil, spotDiscountMillionths: Int64? = nil) {
        self.reservedDiscountMillionths = reservedDiscountMillionths
        self.spotDiscountMillionths = spotDiscountMillionths
    }
}
