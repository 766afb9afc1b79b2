extension BusinessScenario {
    /// Reads a business scenario's fields from a document (see `examples/scenarios/`); records
    /// every problem in `reader` and returns `nil` when there is one.
    static func read(
        _ reader: inout ObjectReader, investments: [ROIInvestment], catalog: PriceCatalog, at time: Timestamp,
        gpuRates: GPURateTable? = nil
    ) -> BusinessScenario? {
        let name = reader.string("name", maxLength: 128) ?? "Business scenario"
        let description = reader.string("description", maxLength: 2_000)
        let unit = reader.string("unit", maxLength: 64) ?? "unit"
        let units = reader.integer("units_per_month", in: 0...1_000_000_000_000, required: true)
        let input = reader.integer("input_tokens_per_unit", in: 0...100_000_000, required: true)
        let output = reader.integer("output_tokens_per_unit", in: 0...100_000_000, required: true)
        let growth = reader.double("growth", in: -0.99...10) ?? 0
        var price: PriceEntry?
        var model: String?
        if !reader.has("api") { reader.report("api", "is required: {model: gpt-4o} names the API model the traffic runs on") }
        _ = reader.object("api") { api in
            api.rejectUnknownKeys(allowed: ["model", "provider"])
            model = api.string("model", required: true)
            let provider = api.string("provider")
            guard let model else { return () }
            switch catalog.lookup(provider: provider, model: model, at: time) {
            case .priced(let entry): price = entry
            case .notYetPriced(let first):
                api.report("model", "'\(model)' has no price before \(CalendarDate.string(from: first.effectiveFrom))")
            case .unknownModel:
                api.report("model", "'\(model)' is not in the price catalog (see `burnrate prices list`)")
            }
            return ()
        }
        let deployment = reader.object("self_hosted") { SelfHostedPlan.read(&$0, gpuRates: gpuRates) }
        guard let units, let input, let output, let model, let price else { return nil }
        return BusinessScenario(
            name: name, description: description, unit: unit, unitsPerMonth: units, inputTokensPerUnit: input,
            outputTokensPerUnit: output, growth: growth, apiModel: model, apiPrice: price, deployment: deployment,
            investments: investments)
    }
}

extension SelfHostedPlan {
    /// `self_hosted: {owned: {...}}` or `self_hosted: {cloud: {...}}`, each with
    /// `operations_monthly_usd` and a capacity (`capacity_tokens_per_month`, or
    /// `throughput_tokens_per_second` with an optional `utilization`, 1 by default). A cloud plan
    /// without `hourly_rate_usd` takes the on-demand rate of `gpu` on `cloud` from `gpuRates`.
    static func read(_ reader: inout ObjectReader, gpuRates: GPURateTable?) -> SelfHostedPlan? {
        reader.rejectUnknownKeys(allowed: ["owned", "cloud"])
        guard reader.has("owned") != reader.has("cloud") else {
            reader.report("owned", "give exactly one of self_hosted.owned and self_hosted.cloud")
            return nil
        }
        let common: Set<String> = ["operations_monthly_usd", "capacity_tokens_per_month", "throughput_tokens_per_second", "utilization"]
        if reader.has("owned") {
            return reader.object("owned") { owned in
                owned.rejectUnknownKeys(allowed: common.union(["purchase_usd", "amortization_months", "power_monthly_usd"]))
                let purchase = owned.amount("purchase_usd", required: true)
                let months = owned.integer("amortization_months", in: 1...240, required: true)
                let power = owned.amount("power_monthly_usd") ?? 0
                let (operations, capacity) = readCommon(&owned)
                guard let purchase, let months else { return nil }
                return SelfHostedPlan(
                    kind: .owned(purchase: Money(nanos: purchase), amortizationMonths: Int(months), powerMonthly: Money(nanos: power)),
                    operationsMonthly: operations, capacityTokensPerMonth: capacity)
            }
        }
        return reader.object("cloud") { cloud in
            cloud.rejectUnknownKeys(allowed: common.union(["gpu", "count", "hourly_rate_usd", "cloud", "discount", "hours_per_month"]))
            let gpu = cloud.string("gpu", required: true, maxLength: 64)
            let count = cloud.integer("count", in: 1...100_000, required: true)
            let provider = cloud.string("cloud", maxLength: 64)?.lowercased()
            let rate = cloud.hourlyRate(gpu: gpu, gpuField: "gpu", cloud: provider, rates: gpuRates)
            let discount = cloud.double("discount", in: 0...0.99) ?? 0
            let hours = cloud.double("hours_per_month", in: 1...744) ?? SelfHostedPlan.hoursPerMonth
            let (operations, capacity) = readCommon(&cloud)
            guard let gpu, let count, let rate else { return nil }
            return SelfHostedPlan(
                kind: .cloud(gpu: gpu, count: Int(count), hourlyRate: Money(nanos: rate), discount: discount, hoursPerMonth: hours),
                operationsMonthly: operations, capacityTokensPerMonth: capacity)
        }
    }

    private static func readCommon(_ reader: inout ObjectReader) -> (Money, Int64?) {
        let operations = Money(nanos: reader.amount("operations_monthly_usd") ?? 0)
        let capacity = reader.integer("capacity_tokens_per_month", in: 1...Int64.max / 8)
        let throughput = reader.double("throughput_tokens_per_second", in: 0.001...1e9)
        let utilization = reader.double("utilization", in: 0.01...1) ?? 1
        if capacity != nil, throughput != nil {
            reader.report("capacity_tokens_per_month", "give capacity_tokens_per_month or throughput_tokens_per_second, not both")
        }
        return (operations, capacity ?? throughput.map { SelfHostedPlan.capacity(tokensPerSecond: $0, utilization: utilization) })
    }
}
