/// The cost of GPU time: GPUs × hours × hourly rate, less a spot or reserved discount.
///
/// The result is exact: the rate in nano-dollars per GPU-hour is multiplied by the count, the
/// whole seconds and the share kept after the discount in 128-bit integers, and rounded once.
public enum GPUCost {
    /// The hours a monthly GPU item is charged for: the average month, 8,760 hours ÷ 12.
    public static let hoursPerMonth: Int64 = 730

    /// Discounts are counted in millionths: 37.5% is 375,000.
    public static let discountScale: Int64 = 1_000_000

    /// `count` GPUs for `seconds` at `perGPUHour`, less `discountMillionths` of the price; `nil`
    /// when the result is beyond what `Money` holds.
    public static func amount(perGPUHour: Money, count: Int64, seconds: Int64, discountMillionths: Int64 = 0) -> Money? {
        var numerator = Int128(perGPUHour.nanos)
        for factor in [Int128(count), Int128(seconds), Int128(discountScale) - Int128(discountMillionths)] {
            let (product, overflow) = numerator.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            numerator = product
        }
        let divisor = 3_600 * Int128(discountScale)
        guard numerator.magnitude / UInt128(divisor) < UInt128(Int64.max) else { return nil }
        return Money(clamping: Money.divideRounded(numerator, by: divisor))
    }

    /// Prices `request` with its own rate or the table's, and says how.
    public static func quote(_ request: GPURequest, rates: GPURateTable) throws(GPUCostProblem) -> GPUQuote {
        let gpu = GPURateTable.normalizedGPU(request.gpu)
        var rate = request.perGPUHour
        var source = "rate given with the request"
        if rate == nil {
            let found = try rates.lookup(gpu: request.gpu, cloud: request.cloud)
            rate = found.perGPUHour
            source = found.source
        }
        if request.pricing != .onDemand, request.discountMillionths == nil, request.perGPUHour == nil {
            throw GPUCostProblem(
                field: "discount_percent",
                message: "is required for \(request.pricing.rawValue) pricing, whose discount varies (e.g. 60), or give rate_usd_per_hour")
        }
        guard let rate else { throw GPUCostProblem(field: "rate_usd_per_hour", message: "is required") }
        let discount = request.discountMillionths ?? 0
        guard let total = amount(perGPUHour: rate, count: request.count, seconds: request.seconds, discountMillionths: discount)
        else { throw GPUCostProblem(field: "count", message: "makes a cost too large to record") }
        return GPUQuote(
            gpu: gpu, cloud: request.cloud, count: request.count, seconds: request.seconds, perGPUHour: rate,
            rateSource: source, pricing: request.pricing, discountMillionths: discount, amount: total)
    }
}

/// How GPU time is bought.
public enum GPUPricing: String, Sendable, Hashable, CaseIterable {
    case onDemand = "on_demand"
    case spot, reserved
}

/// GPU time to be priced.
public struct GPURequest: Sendable, Hashable {
    public var gpu: String
    public var count: Int64
    /// Whole seconds each GPU is paid for.
    public var seconds: Int64
    /// The cloud whose rate to use, unless `perGPUHour` is given.
    public var cloud: String?
    /// A rate that replaces the table's.
    public var perGPUHour: Money?
    public var pricing: GPUPricing
    /// The discount off the rate, in millionths (see `GPUCost.discountScale`).
    public var discountMillionths: Int64?

    public init(
        gpu: String, count: Int64, seconds: Int64, cloud: String?, perGPUHour: Money? = nil, pricing: GPUPricing = .onDemand,
        discountMillionths: Int64? = nil
    ) {
        self.gpu = gpu
        self.count = count
        self.seconds = seconds
        self.cloud = cloud
        self.perGPUHour = perGPUHour
        self.pricing = pricing
        self.discountMillionths = discountMillionths
    }
}

/// A priced GPU request, with the rate and discount that produced `amount`.
public struct GPUQuote: Sendable, Hashable {
    public var gpu: String
    public var cloud: String?
    public var count: Int64
    public var seconds: Int64
    public var perGPUHour: Money
    public var rateSource: String
    public var pricing: GPUPricing
    public var discountMillionths: Int64
    public var amount: Money
}

/// A GPU request that cannot be priced, naming the field at fault.
public struct GPUCostProblem: Error, Sendable, Hashable {
    public var field: String
    public var message: String
}

extension GPURateTable {
    /// The on-demand rate of `gpu` on `cloud`, or a problem that names what is missing and what
    /// the table knows, for callers that let users omit a rate; the problem names the caller's
    /// own fields.
    public func lookup(
        gpu name: String, cloud: String?, gpuField: String = "type", cloudField: String = "cloud", rateField: String = "rate_usd_per_hour"
    ) throws(GPUCostProblem) -> GPURate {
        let gpu = Self.normalizedGPU(name)
        guard knows(gpu: gpu) else {
            let known = Set(rates.map(\.gpu)).sorted().joined(separator: ", ")
            throw GPUCostProblem(
                field: gpuField, message: "'\(name)' is not in the rate table (known: \(known)); give \(rateField)")
        }
        guard let cloud else {
            throw GPUCostProblem(field: cloudField, message: "is required to look up a rate (or give \(rateField))")
        }
        guard let found = rate(gpu: gpu, cloud: cloud) else {
            let clouds = rates.filter { $0.gpu == gpu || $0.aliases.contains(gpu) }.map(\.cloud).sorted()
            throw GPUCostProblem(
                field: cloudField,
                message: "has no rate for \(gpu) on '\(cloud)' (rates exist for: \(clouds.joined(separator: ", "))); give \(rateField)")
        }
        return found
    }
}

extension ObjectReader {
    /// The `hourly_rate_usd` field in nano-dollars, or, when the object leaves it out, the
    /// on-demand rate of `gpu` on `cloud` from `rates`; a problem is reported under this object's
    /// fields (`gpuField`, `cloud`, `hourly_rate_usd`) and gives `nil`.
    public mutating func hourlyRate(gpu: String?, gpuField: String, cloud: String?, rates: GPURateTable?) -> Int64? {
        if let rate = amount("hourly_rate_usd") { return rate }
        guard let gpu, !has("hourly_rate_usd") else { return nil }
        guard let rates else {
            report("hourly_rate_usd", "is required (no GPU rate table is loaded)")
            return nil
        }
        do throws(GPUCostProblem) {
            return try rates.lookup(gpu: gpu, cloud: cloud, gpuField: gpuField, rateField: "hourly_rate_usd").perGPUHour.nanos
        } catch {
            report(error.field, error.message)
            return nil
        }
    }
}
