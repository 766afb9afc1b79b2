/// Maps the rows of a FinOps FOCUS 1.x export to cost items.
///
/// - amount: `EffectiveCost` (after discounts and amortization), else `BilledCost`; amounts with
///   more than nine decimals are rounded to the nano-dollar; `BilledCost` is kept when it differs.
/// - period: `ChargePeriodStart` inclusive, `ChargePeriodEnd` exclusive; every row is a one-off
///   cost of its charge period.
/// - category: Burnrate's own `x_BurnrateCategory` when present, else from `ServiceCategory`
///   (see `category(forServiceCategory:)`).
/// - service, resource, provider: `ServiceName`, `ResourceId` (else `ResourceName`),
///   `ProviderName` (else `ServiceProviderName`, `PublisherName`, `InvoiceIssuerName`).
/// - tags: the `Tags` JSON object (valueless tags become `"true"`); tenant, user, feature, team
///   and environment come from `x_Tenant` ... `x_Environment`, else from tags of those names,
///   with or without a provider's prefix (`user:team`).
/// - allocation: `x_AllocateBy` and `x_AllocationBasis`, as Burnrate's FOCUS export writes them.
/// - `BillingCurrency`, when present, must be USD.
struct FocusImport {
    private let columns: [String]
    private let positions: [String: Int]

    init(columns: [String]) {
        self.columns = columns
        var positions: [String: Int] = [:]
        for (index, name) in columns.enumerated() where positions[name.lowercased()] == nil {
            positions[name.lowercased()] = index
        }
        self.positions = positions
    }

    /// The Burnrate category of a FOCUS `ServiceCategory`; unknown or empty values are `other`.
    static func category(forServiceCategory value: String) -> CostCategory {
        switch value.lowercased() {
        case "ai and machine learning": .llmAPI
        case "compute": .compute
        case "storage", "databases": .storage
        case "networking", "web": .network
        case "developer tools", "management and governance", "security", "identity", "integration", "analytics",
            "business applications":
            .tools
        default: .other
        }
    }

    func items(_ rows: [CSVReader.Record], now: Timestamp) throws(CostImportError) -> [CostItem] {
        var issues: [FieldIssue] = []
        for required in ["ChargePeriodStart", "ChargePeriodEnd", "ServiceName"] where positions[required.lowercased()] == nil {
            issues.append(FieldIssue(field: required, message: "the FOCUS header has no \(required) column, which is required", line: 1))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        var items: [CostItem] = []
        var seen: [String: Int] = [:]
        for record in rows {
            guard record.fields.count == columns.count else {
                issues.append(FieldIssue(message: "has \(record.fields.count) columns; the header has \(columns.count)", line: record.line))
                continue
            }
            var row = Row(import: self, record: record)
            if let item = row.item(now: now, id: CostText.derivedID(prefix: "focus", content: record.fields, seen: &seen)) {
                items.append(item)
            }
            issues.append(contentsOf: row.issues)
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return items
    }

    /// One row being read, with the problems found in it.
    private struct Row {
        let focus: FocusImport
        let record: CSVReader.Record
        var issues: [FieldIssue] = []

        init(import focus: FocusImport, record: CSVReader.Record) {
            self.focus = focus
            self.record = record
        }

        /// The trimmed value of the first of `names` that has one.
        func value(_ names: String...) -> String? {
            for name in names {
                guard let position = focus.positions[name.lowercased()] else { continue }
                let text = record.fields[position].trimmingWhitespace()
                if !text.isEmpty { return text }
            }
            return nil
        }

        mutating func report(_ column: String, _ message: String) {
            issues.append(FieldIssue(field: column, message: message, line: record.line))
        }

        mutating func amount(_ column: String) -> Money? {
            guard let text = value(column) else { return nil }
            guard let amount = CostText.roundedAmount(text), amount.nanos.magnitude <= Limits.maximumAmount.nanos.magnitude
            else {
                report(column, "must be a decimal number of dollars such as 12.5 (got \(text))")
                return nil
            }
            return amount
        }

        mutating func instant(_ column: String, now: Timestamp) -> Timestamp? {
            guard let text = value(column) else {
                report(column, "is empty; every FOCUS row needs its charge period")
                return nil
            }
            guard let instant = CostText.instant(text) else {
                report(column, "must be a date-time such as 2026-11-01T00:00:00Z (got \(text))")
                return nil
            }
            let limit = CostItemDecoder.maximumYearsFromNow * 366 * 86_400
            guard instant > now.adding(seconds: -limit), instant < now.adding(seconds: limit) else {
                report(column, "is more than \(CostItemDecoder.maximumYearsFromNow) years from now (\(text)); check the year")
                return nil
            }
            return instant
        }

        mutating func item(now: Timestamp, id: String) -> CostItem? {
            if let currency = value("BillingCurrency"), currency.uppercased() != "USD" {
                report("BillingCurrency", "is \(currency); Burnrate records US dollars only, so export the bill in USD")
            }
            let effective = amount("EffectiveCost")
            let billed = amount("BilledCost")
            if effective == nil, billed == nil, issues.isEmpty {
                report("EffectiveCost", "is empty, and so is BilledCost; a row needs a cost")
            }
            let start = instant("ChargePeriodStart", now: now)
            let end = instant("ChargePeriodEnd", now: now)
            if let start, let end, end <= start {
                report("ChargePeriodEnd", "must be after ChargePeriodStart (\(start.rfc3339) to \(end.rfc3339) is empty or inverted)")
            }
            let service = value("ServiceName", "ChargeDescription")
            if service == nil { report("ServiceName", "is empty, and so is ChargeDescription; a row needs a service") }
            let tags = readTags()
            let category = readCategory()
            let allocation = readAllocation()
            guard issues.isEmpty, let amount = effective ?? billed, let start, let end, let service, let category else { return nil }
            let attribution = Attribution(
                tenant: value("x_Tenant") ?? Self.tag("tenant", in: tags), user: value("x_User") ?? Self.tag("user", in: tags),
                feature: value("x_Feature") ?? Self.tag("feature", in: tags), team: value("x_Team") ?? Self.tag("team", in: tags),
                environment: value("x_Environment") ?? Self.tag("environment", in: tags))
            return CostItem(
                id: id, category: category, service: service, resource: value("ResourceId", "ResourceName"),
                provider: value("ProviderName", "ServiceProviderName", "PublisherName", "InvoiceIssuerName"), amount: amount,
                billedCost: billed == amount ? nil : billed, periodStart: start, periodEnd: end, recurrence: .once,
                attribution: attribution, tags: tags, allocation: allocation, source: "focus")
        }

        /// The value of the tag `name`, also under a provider's prefix (`user:team` in AWS
        /// exports), in any letter case.
        static func tag(_ name: String, in tags: [String: String]) -> String? {
            let match = tags.filter { key, _ in
                let lower = key.lowercased()
                return lower == name || lower.hasSuffix(":" + name) || lower.hasSuffix("/" + name)
            }
            return match.min { $0.key < $1.key }?.value
        }

        mutating func readCategory() -> CostCategory? {
            guard let own = value("x_BurnrateCategory") else {
                return FocusImport.category(forServiceCategory: value("ServiceCategory") ?? "")
            }
            guard let category = CostCategory(rawValue: own.lowercased()) else {
                let known = CostCategory.allCases.map(\.rawValue).joined(separator: ", ")
                report("x_BurnrateCategory", "'\(own)' is not one of: \(known)")
                return nil
            }
            return category
        }

        mutating func readAllocation() -> CostAllocationRule? {
            guard let targetText = value("x_AllocateBy") else { return nil }
            guard let target = AllocationTarget(rawValue: targetText.lowercased()) else {
                report("x_AllocateBy", "'\(targetText)' is not one of: tenant, feature, team")
                return nil
            }
            let basisText = value("x_AllocationBasis") ?? AllocationBasis.tokens.rawValue
            guard let basis = AllocationBasis(rawValue: basisText.lowercased()) else {
                report("x_AllocationBasis", "'\(basisText)' is not one of: tokens, requests, gpu_seconds")
                return nil
            }
            return CostAllocationRule(target: target, basis: basis)
        }

        mutating func readTags() -> [String: String] {
            guard let text = value("Tags"), text != "{}" else { return [:] }
            guard let members = (try? JSONParser.parse(text))?.members else {
                report("Tags", "must be a JSON object such as {\"team\": \"search\"} (got \(text.prefix(80)))")
                return [:]
            }
            var tags: [String: String] = [:]
            for member in members {
                switch member.node.value {
                case .string(let value), .number(let value): tags[member.key] = value
                case .bool(let value): tags[member.key] = value ? "true" : "false"
                case .null: continue
                case .array, .object: tags[member.key] = member.node.value.serialized()
                }
            }
            return tags
        }
    }
}
