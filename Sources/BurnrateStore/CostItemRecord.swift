import BurnrateCore

/// A cost item as its table row holds it, shared by both backends: money in nano-dollars,
/// instants in microseconds, enums as their raw values, tags as compact JSON.
struct CostItemRecord {
    static let columns = [
        "id", "category", "service", "resource", "provider", "amount", "billed_cost", "period_start", "period_end",
        "recurrence", "tenant", "user_id", "feature", "team", "environment", "tags", "allocate_by", "allocation_basis",
        "source", "created_at",
    ]
    static let columnList = columns.joined(separator: ", ")

    var id: String
    var category: String
    var service: String
    var resource: String?
    var provider: String?
    var amount: Int64
    var billedCost: Int64?
    var periodStart: Int64
    var periodEnd: Int64?
    var recurrence: String
    var tenant: String?
    var user: String?
    var feature: String?
    var team: String?
    var environment: String?
    var tags: String?
    var allocateBy: String?
    var allocationBasis: String?
    var source: String
    var createdAt: Int64

    init(
        id: String, category: String, service: String, resource: String?, provider: String?, amount: Int64,
        billedCost: Int64?, periodStart: Int64, periodEnd: Int64?, recurrence: String, tenant: String?, user: String?,
        feature: String?, team: String?, environment: String?, tags: String?, allocateBy: String?, allocationBasis: String?,
        source: String, createdAt: Int64
    ) {
        self.id = id
        self.category = category
        self.service = service
        self.resource = resource
        self.provider = provider
        self.amount = amount
        self.billedCost = billedCost
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.recurrence = recurrence
        self.tenant = tenant
        self.user = user
        self.feature = feature
        self.team = team
        self.environment = environment
        self.tags = tags
        self.allocateBy = allocateBy
        self.allocationBasis = allocationBasis
        self.source = source
        self.createdAt = createdAt
    }

    init(_ item: CostItem, createdAt: Timestamp) {
        self.init(
            id: item.id, category: item.category.rawValue, service: item.service, resource: item.resource,
            provider: item.provider, amount: item.amount.nanos, billedCost: item.billedCost?.nanos,
            periodStart: item.periodStart.microseconds, periodEnd: item.periodEnd?.microseconds,
            recurrence: item.recurrence.rawValue, tenant: item.attribution.tenant, user: item.attribution.user,
            feature: item.attribution.feature, team: item.attribution.team, environment: item.attribution.environment,
            tags: TagCoding.encode(item.tags), allocateBy: item.allocation?.target.rawValue,
            allocationBasis: item.allocation?.basis.rawValue, source: item.source, createdAt: createdAt.microseconds)
    }

    /// The stored item; values a newer version might write and this one does not know read as
    /// `other`, `once` and no allocation rather than failing the whole read.
    var item: CostItem {
        var allocation: CostAllocationRule?
        if let target = allocateBy.flatMap(AllocationTarget.init(rawValue:)) {
            allocation = CostAllocationRule(target: target, basis: allocationBasis.flatMap(AllocationBasis.init(rawValue:)) ?? .tokens)
        }
        return CostItem(
            id: id, category: CostCategory(rawValue: category) ?? .other, service: service, resource: resource,
            provider: provider, amount: Money(nanos: amount), billedCost: billedCost.map { Money(nanos: $0) },
            periodStart: Timestamp(microseconds: periodStart), periodEnd: periodEnd.map { Timestamp(microseconds: $0) },
            recurrence: CostRecurrence(rawValue: recurrence) ?? .once,
            attribution: Attribution(tenant: tenant, user: user, feature: feature, team: team, environment: environment),
            tags: TagCoding.decode(tags), allocation: allocation, source: source)
    }

    /// The row as a JSON object keyed by column, for inserting a batch in one statement.
    var json: JSONValue {
        let number = { (value: Int64?) in value.map { JSONValue.number(String($0)) } }
        let text = { (value: String?) in value.map(JSONValue.string) }
        return .fields([
            ("id", .string(id)), ("category", .string(category)), ("service", .string(service)), ("resource", text(resource)),
            ("provider", text(provider)), ("amount", number(amount)), ("billed_cost", number(billedCost)),
            ("period_start", number(periodStart)), ("period_end", number(periodEnd)), ("recurrence", .string(recurrence)),
            ("tenant", text(tenant)), ("user_id", text(user)), ("feature", text(feature)), ("team", text(team)),
            ("environment", text(environment)), ("tags", tags.flatMap { (try? JSONParser.parse($0))?.value }),
            ("allocate_by", text(allocateBy)),
            ("allocation_basis", text(allocationBasis)), ("source", .string(source)), ("created_at", number(createdAt)),
        ])
    }
}
