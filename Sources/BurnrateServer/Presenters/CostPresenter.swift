import BurnrateCore
import BurnrateStore

/// The JSON shapes of cost items, GPU quotes and rates: the same snake_case fields
/// `POST /api/v1/costs` takes, so a listed item can be sent back as it is.
enum CostPresenter {
    /// An item with every field; `inRange` adds the part of it that falls in the listed range.
    static func item(_ item: CostItem, inRange: Money? = nil) -> JSONValue {
        let attribution = item.attribution
        return .fields([
            ("id", .string(item.id)),
            ("category", .string(item.category.rawValue)),
            ("service", .string(item.service)),
            ("resource", .optionalString(item.resource)),
            ("provider", .optionalString(item.provider)),
            ("amount_usd", .usd(item.amount)),
            ("amount_nanos", .int(item.amount.nanos)),
            ("billed_cost_usd", item.billedCost.map(JSONValue.usd)),
            ("period_start", .string(item.periodStart.rfc3339)),
            ("period_end", item.periodEnd.map { .string($0.rfc3339) }),
            ("recurrence", .string(item.recurrence.rawValue)),
            ("tenant", .optionalString(attribution.tenant)),
            ("user", .optionalString(attribution.user)),
            ("feature", .optionalString(attribution.feature)),
            ("team", .optionalString(attribution.team)),
            ("environment", .optionalString(attribution.environment)),
            ("tags", item.tags.isEmpty ? nil : .fields(item.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("allocate_by", item.allocation.map { .string($0.target.rawValue) }),
            ("allocation_basis", item.allocation.map { .string($0.basis.rawValue) }),
            ("source", .string(item.source)),
            ("in_range_usd", inRange.map(JSONValue.usd)),
            ("in_range_nanos", inRange.map { .int($0.nanos) }),
        ])
    }

    /// What saving returns per item: the stored item, whether it was a duplicate, and for a GPU
    /// item how its amount was computed.
    static func outcome(_ outcome: CostItemOutcome, gpu: GPUQuote?) -> JSONValue {
        guard case .object(var members) = item(outcome.item) else { return item(outcome.item) }
        members.insert(JSONMember(key: "duplicate", node: JSONNode(.bool(outcome.duplicate), line: 0)), at: 1)
        if let gpu, !outcome.duplicate { members.append(JSONMember(key: "gpu", node: JSONNode(quote(gpu), line: 0))) }
        return .object(members)
    }

    static func quote(_ quote: GPUQuote) -> JSONValue {
        .fields([
            ("type", .string(quote.gpu)),
            ("cloud", .optionalString(quote.cloud)),
            ("count", .int(quote.count)),
            ("seconds", .int(quote.seconds)),
            ("hours", .number(String(Double(quote.seconds) / 3_600))),
            ("rate_usd_per_gpu_hour", .usd(quote.perGPUHour)),
            ("rate_source", .string(quote.rateSource)),
            ("pricing", .string(quote.pricing.rawValue)),
            ("discount_percent", .string(ScaledDecimal.formatTrimmed(quote.discountMillionths, scale: 4, minimumDecimals: 0))),
            ("amount_usd", .usd(quote.amount)),
        ])
    }

    /// Amounts per category, in the order given.
    static func amounts(_ byCategory: [(CostCategory, Money)]) -> JSONValue {
        .array(
            byCategory.map { category, amount in
                .fields([
                    ("category", .string(category.rawValue)),
                    ("amount_usd", .usd(amount)),
                    ("amount_nanos", .int(amount.nanos)),
                ])
            })
    }

    /// Totals per category: bounded items in full, open-ended monthly items per month.
    static func totals(_ totals: CostTotals) -> JSONValue {
        .array(
            totals.lines.map { line in
                .fields([
                    ("category", .string(line.category.rawValue)),
                    ("items", .int(line.items)),
                    ("total_usd", .usd(line.total)),
                    ("per_month_usd", line.perMonth == .zero ? nil : .usd(line.perMonth)),
                ])
            })
    }

    static func rate(_ rate: GPURate) -> JSONValue {
        .fields([
            ("gpu", .string(rate.gpu)),
            ("aliases", rate.aliases.isEmpty ? nil : .array(rate.aliases.map(JSONValue.string))),
            ("cloud", .string(rate.cloud)),
            ("instance", .optionalString(rate.instance)),
            ("gpus_per_instance", rate.gpusPerInstance.map { .int($0) }),
            ("region", .optionalString(rate.region)),
            ("usd_per_gpu_hour", .usd(rate.perGPUHour)),
            ("source", .string(rate.source)),
        ])
    }
}
