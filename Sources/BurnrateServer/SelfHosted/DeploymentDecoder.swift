import BurnrateCore

/// Reads the `self_hosted` deployments of the config file.
///
/// ```yaml
/// self_hosted:
///   - id: llama-rack
///     match: {providers: [self-hosted], models: [llama-3.3-70b]}
///     owned: {purchase_usd: 120000, amortization_months: 36, power_usd_per_month: 1500, operations_usd_per_month: 4000}
///     allocate_by: tokens
///     throughput_tokens_per_second: 2500
///   - id: h100-pool
///     match: {models: [mixtral-8x22b]}
///     cloud: {gpu_type: h100, count: 8, hourly_rate_usd: "2.50", discount: "0.30"}
///     allocate_by: gpu_seconds
///   - id: a100-batch
///     match: {models: [llama-3.1-8b]}
///     cloud: {gpu_type: a100-80gb, count: 4, cloud: aws, reserved_discount: 0.40, spot_discount: 0.65}
/// ```
///
/// A cloud deployment without `hourly_rate_usd` takes the on-demand rate of `gpu_type` on `cloud`
/// from `gpuRates` (the built-in table, `GET /api/v1/gpu-rates`).
enum DeploymentDecoder {
    static func decode(_ node: JSONNode, index: Int, gpuRates: GPURateTable?) -> (Deployment?, [FieldIssue]) {
        var reader = ObjectReader(node, index: index, prefix: "self_hosted.")
        reader.rejectUnknownKeys(allowed: ["id", "match", "owned", "cloud", "allocate_by", "throughput_tokens_per_second"])
        let id = reader.string("id", required: true)
        var providers: [String] = []
        var models: [String] = []
        _ = reader.object("match") { match in
            match.rejectUnknownKeys(allowed: ["providers", "models"])
            providers = match.strings("providers") ?? []
            models = match.strings("models") ?? []
            return ()
        }
        if providers.isEmpty, models.isEmpty {
            reader.report("match", "must name the providers or models whose events run on the deployment")
        }
        var cost: DeploymentCost?
        var offers = CapacityOffers()
        if reader.has("owned") == reader.has("cloud") {
            reader.report("owned", "declare exactly one of owned or cloud")
        }
        cost =
            reader.object("owned") { owned in
                owned.rejectUnknownKeys(allowed: ["purchase_usd", "amortization_months", "power_usd_per_month", "operations_usd_per_month"])
                let purchase = owned.amount("purchase_usd", required: true)
                let months = owned.integer("amortization_months", in: 1...600, required: true)
                let power = owned.amount("power_usd_per_month") ?? 0
                let operations = owned.amount("operations_usd_per_month") ?? 0
                guard let purchase, let months else { return nil }
                return DeploymentCost.owned(
                    purchase: Money(nanos: purchase), amortizationMonths: months, monthlyPower: Money(nanos: power),
                    monthlyOperations: Money(nanos: operations))
            }
            ?? reader.object("cloud") { cloud in
                cloud.rejectUnknownKeys(allowed: [
                    "gpu_type", "count", "hourly_rate_usd", "cloud", "discount", "reserved_discount", "spot_discount",
                ])
                let type = cloud.string("gpu_type", required: true)
                let count = cloud.integer("count", in: 1...100_000, required: true)
                let provider = cloud.string("cloud")?.lowercased()
                let rate = cloud.hourlyRate(gpu: type, gpuField: "gpu_type", cloud: provider, rates: gpuRates)
                offers.reservedDiscountMillionths = Self.fraction("reserved_discount", in: &cloud)
                offers.spotDiscountMillionths = Self.fraction("spot_discount", in: &cloud)
                let discount = Self.fraction("discount", in: &cloud) ?? 0
                guard let type, let count, let rate, discount < 1_000_000 else { return nil }
                return DeploymentCost.cloud(gpuType: type, count: count, hourlyRate: Money(nanos: rate), discountMillionths: discount)
            }
        let basisText = reader.string("allocate_by") ?? Deployment.Basis.tokens.rawValue
        let basis = Deployment.Basis(rawValue: basisText)
        if basis == nil { reader.report("allocate_by", "must be tokens or gpu_seconds (got \(basisText))") }
        let throughput = reader.integer("throughput_tokens_per_second", in: 1...1_000_000_000)
        guard let id, let cost, let basis, reader.issues.isEmpty else { return (nil, reader.issues) }
        return (
            Deployment(
                id: id, providers: Set(providers), models: Set(models), cost: cost, basis: basis, throughputTokensPerSecond: throughput,
                offers: offers),
            []
        )
    }

    /// A discount given as a fraction below 1 (`0.30` for 30% off), in millionths.
    private static func fraction(_ key: String, in reader: inout ObjectReader) -> Int64? {
        guard let value = reader.decimal(key, scale: 6) else { return nil }
        guard (0..<1_000_000).contains(value) else {
            reader.report(key, "must be a fraction below 1, e.g. 0.30 for 30% off")
            return nil
        }
        return value
    }
}
