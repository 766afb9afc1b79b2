import BurnrateCore

/// Self-hosted deployments' months as JSON.
enum SelfHostedPresenter {
    static func json(_ figures: SelfHostedFigures) -> JSONValue {
        .fields([
            ("from", .string(figures.range.lowerBound.rfc3339)),
            ("to", .string(figures.range.upperBound.rfc3339)),
            ("by", .string(figures.key.description)),
            ("deployments", .array(figures.deployments.map { deployment($0.deployment, months: $0.months) })),
            (
                "method",
                .string(
                    "Whole calendar months; the current month counts up to now, with the elapsed share of its fixed cost (fixed x elapsed seconds / month seconds) and capacity. Fixed cost of a month: owned = purchase / amortization_months + power + operations; cloud = hourly rate x GPUs x hours in the month x (1 - discount). It is shared among the month's events on the deployment (matched by provider or model) in proportion to tokens or GPU seconds, with largest-remainder rounding so the shares add up exactly. cost_per_1k_tokens = fixed / tokens served x 1000; capacity = throughput x seconds in the month; idle cost = fixed x (capacity - used) / capacity."
                )
            ),
        ])
    }

    static func deployment(_ deployment: Deployment, months: [SelfHostedMonth]) -> JSONValue {
        var cost: [(String, JSONValue?)]
        switch deployment.cost {
        case .owned(let purchase, let months, let power, let operations):
            cost = [
                ("type", .string("owned")), ("purchase_usd", .usd(purchase)), ("amortization_months", .int(months)),
                ("power_usd_per_month", .usd(power)), ("operations_usd_per_month", .usd(operations)),
            ]
        case .cloud(let type, let count, let rate, let discount):
            cost = [
                ("type", .string("cloud")), ("gpu_type", .string(type)), ("count", .int(count)), ("hourly_rate_usd", .usd(rate)),
                ("discount", .double(Double(discount) / 1_000_000)),
            ]
        }
        return .fields([
            ("id", .string(deployment.id)),
            ("providers", .array(deployment.providers.sorted().map(JSONValue.string))),
            ("models", .array(deployment.models.sorted().map(JSONValue.string))),
            ("cost", .fields(cost)),
            ("allocate_by", .string(deployment.basis.rawValue)),
            ("throughput_tokens_per_second", deployment.throughputTokensPerSecond.map(JSONValue.int)),
            ("months", .array(months.map(month))),
        ])
    }

    static func month(_ month: SelfHostedMonth) -> JSONValue {
        .fields([
            ("start", .string(month.period.lowerBound.rfc3339)),
            ("end", .string(month.period.upperBound.rfc3339)),
            ("month_fixed_cost_usd", .usd(month.monthFixedCost)),
            ("fixed_cost_usd", .usd(month.fixedCost)),
            ("fixed_cost_nanos", .int(month.fixedCost.nanos)),
            ("requests", .int(month.requests)),
            ("tokens", .int(month.tokens)),
            ("gpu_seconds", .double(Double(month.gpuMicroseconds) / 1_000_000)),
            ("cost_per_1k_tokens_usd", month.costPerThousandTokens.map(JSONValue.usd) ?? .null),
            ("capacity_tokens", month.capacityTokens.map(JSONValue.int) ?? .null),
            ("utilization", month.utilization.map(JSONValue.double) ?? .null),
            ("idle_cost_usd", month.idleCost.map(JSONValue.usd) ?? .null),
            (
                "allocations",
                .array(
                    month.allocations.map {
                        .fields([
                            ("key", $0.key.map(JSONValue.string) ?? .null), ("cost_usd", .usd($0.cost)),
                            ("cost_nanos", .int($0.cost.nanos)),
                        ])
                    })
            ),
        ])
    }
}
