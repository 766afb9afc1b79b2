/// Turns `POST /api/v1/costs` bodies and simple-CSV rows into validated cost items, all or
/// nothing: every problem of every item is reported, with its field path and line.
public enum CostItemDecoder {
    /// The most items one request may carry.
    public static let maximumItems = 10_000
    /// How far from now a period may start or end; further is taken for a typo in the year.
    public static let maximumYearsFromNow: Int64 = 10

    static let fields: Set<String> = [
        "id", "category", "service", "resource", "provider", "amount_usd", "billed_cost_usd", "period_start", "period_end",
        "recurrence", "tenant", "user", "feature", "team", "environment", "tags", "allocate_by", "allocation_basis",
    ]

    /// Why a body was refused.
    public enum Failure: Error, Sendable, Hashable {
        /// The body is not JSON.
        case malformed(JSONSyntaxError)
        /// The body held no items.
        case empty
        /// More items than `maximumItems`.
        case tooManyItems(count: Int)
        /// Items with invalid fields; nothing was stored.
        case invalid([FieldIssue])
    }

    /// A validated item and, for one given in GPU form, how its amount was computed.
    public struct Decoded: Sendable, Hashable {
        public var item: CostItem
        public var gpu: GPUQuote?
    }

    /// Decodes one item object, `{"items": [...]}`, or an array of items. Items without an `id`
    /// get one derived from their content, so sending the same body again stores nothing twice.
    public static func decodeJSON(_ body: some Collection<UInt8>, rates: GPURateTable, now: Timestamp) throws(Failure) -> [Decoded] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .malformed(error)
        }
        var prefixed: [(node: JSONNode, prefix: String)]
        if let elements = root.elements {
            prefixed = elements.enumerated().map { ($1, "[\($0)].") }
        } else if let members = root.members, members.count == 1, members[0].key == "items" {
            guard let elements = members[0].node.elements else {
                throw .invalid([FieldIssue(field: "items", message: "must be an array of cost items", line: members[0].node.line)])
            }
            prefixed = elements.enumerated().map { ($1, "items[\($0)].") }
        } else {
            prefixed = [(root, "")]
        }
        guard !prefixed.isEmpty else { throw .empty }
        guard prefixed.count <= maximumItems else { throw .tooManyItems(count: prefixed.count) }
        var decoded: [(value: Decoded, content: String)] = []
        var issues: [FieldIssue] = []
        for (index, entry) in prefixed.enumerated() {
            var reader = ObjectReader(entry.node, index: prefixed.count > 1 ? index : nil, prefix: entry.prefix)
            reader.allowsFractionalDecimalNumbers = false
            if reader.issues.isEmpty, let item = readItem(&reader, rates: rates, now: now, source: "api") {
                decoded.append((item, entry.node.value.serialized()))
            }
            issues.append(contentsOf: reader.issues)
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        var seen: [String: Int] = [:]
        return decoded.map { entry in
            var value = entry.value
            if value.item.id.isEmpty { value.item.id = CostText.derivedID(prefix: "cost", content: [entry.content], seen: &seen) }
            return value
        }
    }

    /// Reads one item, recording every problem in `reader`; with `rates` the GPU form is
    /// accepted. An item without an `id` comes back with an empty one for the caller to derive.
    static func readItem(_ reader: inout ObjectReader, rates: GPURateTable?, now: Timestamp, source: String) -> Decoded? {
        reader.rejectUnknownKeys(allowed: rates == nil ? fields : fields.union(["gpu"]))
        let id = reader.string("id", maxLength: 128)
        if id?.isEmpty == true { reader.report("id", "must not be empty") }
        if id?.contains("/") == true { reader.report("id", "must not contain '/', so that DELETE /api/v1/costs/{id} can name it") }
        let isGPU = rates != nil && reader.has("gpu")
        let category = readEnum("category", CostCategory.self, &reader, required: !isGPU) ?? (isGPU ? .compute : nil)
        var service = reader.string("service", required: !isGPU, maxLength: 200)
        if service?.trimmingWhitespace().isEmpty == true { reader.report("service", "must not be empty") }
        let resource = reader.string("resource", maxLength: 512)
        var provider = reader.string("provider", maxLength: 64)
        var amount = readAmount("amount_usd", &reader, required: !isGPU)
        if isGPU, reader.has("amount_usd") { reader.report("amount_usd", "give either amount_usd or gpu, not both") }
        let billed = readAmount("billed_cost_usd", &reader, required: false)
        let start = readInstant("period_start", &reader, required: true, now: now)
        var end = readInstant("period_end", &reader, required: false, now: now)
        let recurrence = readEnum("recurrence", CostRecurrence.self, &reader, required: false) ?? .once
        if let start, let end, end <= start {
            reader.report("period_end", "must be after period_start (\(start.rfc3339) to \(end.rfc3339) is empty or inverted)")
        }
        let attribution = Attribution(
            tenant: reader.name("tenant"), user: reader.name("user"), feature: reader.name("feature"),
            team: reader.name("team"), environment: reader.name("environment"))
        let tags = EventDecoder.readTags(&reader)
        let allocation = readAllocation(&reader)
        var quote: GPUQuote?
        if isGPU, let rates, let start {
            quote = reader.object("gpu") { gpu in readGPU(&gpu, rates: rates, recurrence: recurrence, start: start, end: end) }
            if let quote {
                amount = quote.amount
                if recurrence == .once, end == nil { end = start.adding(seconds: quote.seconds) }
                service = service ?? "\(quote.count)× \(quote.gpu.uppercased()) GPU" + (quote.cloud.map { " on \(cloudName($0))" } ?? "")
                provider = provider ?? quote.cloud.map(cloudName)
            }
        }
        if recurrence == .once, end == nil, !isGPU {
            reader.report("period_end", "is required for a one-off cost; for a cost charged every month set recurrence to \"monthly\"")
        }
        guard reader.issues.isEmpty, let category, let service, let amount, let start else { return nil }
        let item = CostItem(
            id: id ?? "", category: category, service: service, resource: resource, provider: provider, amount: amount,
            billedCost: billed, periodStart: start, periodEnd: end, recurrence: recurrence, attribution: attribution,
            tags: tags, allocation: allocation, source: source)
        return Decoded(item: item, gpu: quote)
    }

    static func readEnum<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ type: Value.Type, _ reader: inout ObjectReader, required: Bool
    ) -> Value? where Value.RawValue == String {
        guard let text = reader.string(key, required: required, maxLength: 64) else { return nil }
        if let value = Value(rawValue: text.lowercased()) { return value }
        let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
        reader.report(key, "'\(text)' is not one of: \(known)")
        return nil
    }

    /// A dollar amount given as a decimal string or number, exact to nine decimals.
    static func readAmount(_ key: String, _ reader: inout ObjectReader, required: Bool) -> Money? {
        guard let node = reader.node(key) else {
            if required { reader.report(key, "is required") }
            return nil
        }
        let text: String
        switch node.value {
        case .string(let value), .number(let value): text = value
        default:
            reader.report(key, "must be a decimal amount of dollars such as \"1250.00\", found \(node.value.typeDescription)")
            return nil
        }
        guard let amount = CostText.exactAmount(text) else {
            reader.report(key, "must be a decimal amount of dollars with at most 9 decimals, such as \"1250.00\" (got \(text))")
            return nil
        }
        if !reader.allowsFractionalDecimalNumbers, let message = ObjectReader.fractionalNumberProblem(node, scaled: amount.nanos, scale: 9)
        {
            reader.report(key, message)
            return nil
        }
        guard amount.nanos.magnitude <= Limits.maximumAmount.nanos.magnitude else {
            reader.report(key, "is larger than the limit of $\(Limits.maximumAmount.usdString) per item (got \(text))")
            return nil
        }
        return amount
    }

    static func readInstant(_ key: String, _ reader: inout ObjectReader, required: Bool, now: Timestamp) -> Timestamp? {
        guard let text = reader.string(key, required: required, maxLength: 64) else { return nil }
        guard let instant = CostText.instant(text) else {
            reader.report(key, "must be a date YYYY-MM-DD or an RFC 3339 time such as 2026-11-01T00:00:00Z (got \(text))")
            return nil
        }
        let limit = maximumYearsFromNow * 366 * 86_400
        guard instant > now.adding(seconds: -limit), instant < now.adding(seconds: limit) else {
            reader.report(key, "is more than \(maximumYearsFromNow) years from now (\(text)); check the year")
            return nil
        }
        return instant
    }

    static func readAllocation(_ reader: inout ObjectReader) -> CostAllocationRule? {
        let target = readEnum("allocate_by", AllocationTarget.self, &reader, required: false)
        let basis = readEnum("allocation_basis", AllocationBasis.self, &reader, required: false)
        if basis != nil, target == nil, !reader.has("allocate_by") {
            reader.report("allocation_basis", "needs allocate_by (tenant, feature or team) to say who shares the cost")
        }
        return target.map { CostAllocationRule(target: $0, basis: basis ?? .tokens) }
    }

    /// The GPU form: `{"type": "h100", "count": 8, "hours": 720, "cloud": "aws",
    /// "rate_usd_per_hour": "2.10", "discount_percent": 40, "pricing": "reserved"}`.
    static func readGPU(
        _ reader: inout ObjectReader, rates: GPURateTable, recurrence: CostRecurrence, start: Timestamp, end: Timestamp?
    ) -> GPUQuote? {
        reader.rejectUnknownKeys(allowed: ["type", "count", "hours", "cloud", "rate_usd_per_hour", "discount_percent", "pricing"])
        let gpu = reader.string("type", required: true, maxLength: 64)
        let count = reader.integer("count", in: 1...100_000) ?? 1
        let microhours = reader.decimal("hours", scale: 6)
        if let microhours, microhours == 0 || microhours > 100_000 * 1_000_000 {
            reader.report("hours", "must be more than 0 and at most 100000")
        }
        let cloud = reader.string("cloud", maxLength: 32)?.lowercased()
        let rate = reader.amount("rate_usd_per_hour").map { Money(nanos: $0) }
        if let rate, rate == .zero || rate > Money(dollars: 10_000) {
            reader.report("rate_usd_per_hour", "must be more than 0 and at most 10000")
        }
        let discount = reader.decimal("discount_percent", scale: 4)
        if let discount, discount >= 100 * 10_000 { reader.report("discount_percent", "must be below 100") }
        let pricing = readEnum("pricing", GPUPricing.self, &reader, required: false) ?? .onDemand
        var seconds: Int64?
        if let microhours {
            seconds = (microhours * 3_600 + 500_000) / 1_000_000
        } else if recurrence == .monthly {
            seconds = GPUCost.hoursPerMonth * 3_600
        } else if let end {
            seconds = (end.microseconds - start.microseconds) / 1_000_000
        } else {
            reader.report("hours", "is required when the item has no period_end")
        }
        guard reader.issues.isEmpty, let gpu, let seconds else { return nil }
        let request = GPURequest(
            gpu: gpu, count: count, seconds: seconds, cloud: cloud, perGPUHour: rate, pricing: pricing, discountMillionths: discount)
        do {
            let quote = try GPUCost.quote(request, rates: rates)
            guard quote.amount <= Limits.maximumAmount else {
                reader.report(
                    "count", "makes the cost $\(quote.amount.usdString), above the limit of $\(Limits.maximumAmount.usdString) per item")
                return nil
            }
            return quote
        } catch {
            reader.report(error.field, error.message)
            return nil
        }
    }

    /// How a cloud is named on bills.
    static func cloudName(_ cloud: String) -> String {
        ["aws": "AWS", "gcp": "Google Cloud", "azure": "Microsoft Azure"][cloud] ?? cloud
    }
}
