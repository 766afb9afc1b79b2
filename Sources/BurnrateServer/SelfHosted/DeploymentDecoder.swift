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
/// ```
enum DeploymentDecoder {
    static func decode(_ node: JSONNode, index: Int) -> (Deployment?, [FieldIssue]) {
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
        if reader.has("owned") == reader.has("cloud") {
            reader.report("owned", "declare exactly one of owned or cloud")
        }
        cost =
            reader.object("owned") { owned in
                owned.rejectUnknownKeys(allowed: ["purchase_usd", "amortization_months", "power_usd_per_month", "operations_usd_per_month"])
                let purchase = owned.decimal("purchase_usd", scale: 9, required: true)
                let months = owned.integer("amortization_months", in: 1...600, required: true)
                let power = owned.decimal("power_usd_per_month", scale: 9) ?? 0
                let operations = owned.decimal("operations_usd_per_month", scale: 9) ?? 0
                guard let purchase, let months else { return nil }
                return DeploymentCost.owned(
                    purchase: Money(nanos: purchase), amortizationMonths: months, monthlyPower: Money(nanos: power),
                    monthlyOperations: Money(nanos: operations))
            }
            ?? reader.object("cloud") { cloud in
                cloud.rejectUnknownKeys(allowed: ["gpu_type", "count", "hourly_rate_usd", "discount"])
                let type = cloud.string("gpu_type", required: true)
                let count = cloud.integer("count", in: 1...100_000, required: true)
                let rate = cloud.decimal("hourly_rate_usd", scale: 9, required: true)
                let discount = cloud.decimal("discount", scale: 6) ?? 0
                if discount >= 1_000_000 { cloud.report("discount", "must be a fraction below 1, e.g. 0.30 for 30% off") }
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
                id: id, providers: Set(providers), models: Set(models), cost: cost, basis: basis, throughputTokensPerSecond: throughput),
            []
        )
    }
}
