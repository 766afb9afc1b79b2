/// Writes cost rows as a FinOps FOCUS 1.x CSV that billing tools (and `CostImport`) read back
/// with the same totals.
///
/// Amounts are exact decimals in USD; charge and billing periods are RFC 3339 UTC; `Tags` is a
/// JSON object. `ListCost` and `ContractedCost` repeat `BilledCost`, since no other price is
/// known. Burnrate's own fields travel in `x_`-prefixed custom columns, as FOCUS prescribes.
public enum FocusWriter {
    /// The header, in the order cells are written.
    public static let columns = [
        "BilledCost", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory", "ChargeDescription",
        "ChargeFrequency", "ChargePeriodStart", "ChargePeriodEnd", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
        "EffectiveCost", "ListCost", "ProviderName", "PublisherName", "InvoiceIssuerName", "ResourceId", "ResourceName",
        "ServiceCategory", "ServiceName", "SkuId", "Tags", "x_BurnrateCategory", "x_Tenant", "x_User", "x_Feature", "x_Team",
        "x_Environment", "x_AllocateBy", "x_AllocationBasis",
    ]

    /// The whole CSV: the header and one line per row, each ending in CRLF as RFC 4180 has it.
    public static func csv(_ rows: [FocusRow]) -> String {
        var text = header
        for row in rows { text += line(for: row) }
        return text
    }

    /// The header line.
    public static var header: String { columns.joined(separator: ",") + "\r\n" }

    /// One row's line, for writing a large export piece by piece.
    public static func line(for row: FocusRow) -> String {
        let billing = CostSpread.Span.month(containing: row.chargePeriodStart)
        let billed = decimal(row.billedCost)
        let cells: [String?] = [
            billed, "USD", billing.start.rfc3339, billing.end.rfc3339, row.chargeCategory, row.chargeDescription,
            row.chargeFrequency, row.chargePeriodStart.rfc3339, row.chargePeriodEnd.rfc3339, row.consumedQuantity,
            row.consumedUnit, billed, decimal(row.effectiveCost), billed, row.providerName, row.providerName, row.providerName,
            row.resourceID, row.resourceName, serviceCategory(row.category), row.serviceName, row.skuID, tagsJSON(row.tags),
            row.category.rawValue, row.attribution.tenant, row.attribution.user, row.attribution.feature, row.attribution.team,
            row.attribution.environment, row.allocation?.target.rawValue, row.allocation?.basis.rawValue,
        ]
        return cells.map { escape($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// The FOCUS `ServiceCategory` that holds a Burnrate category.
    public static func serviceCategory(_ category: CostCategory) -> String {
        switch category {
        case .compute: "Compute"
        case .storage: "Storage"
        case .network: "Networking"
        case .llmAPI: "AI and Machine Learning"
        case .tools: "Developer Tools"
        case .other: "Other"
        }
    }

    /// An exact decimal without trailing zeros: `12.5`, `0.000000001`, `-3`.
    static func decimal(_ money: Money) -> String {
        ScaledDecimal.formatTrimmed(money.nanos, scale: 9, minimumDecimals: 0)
    }

    static func tagsJSON(_ tags: [String: String]) -> String? {
        guard !tags.isEmpty else { return nil }
        return JSONValue.fields(tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).serialized()
    }

    /// A cell quoted when it holds a comma, a quote or a line break (RFC 4180), and neutralized
    /// when a spreadsheet would run it as a formula (`CSVField`).
    static func escape(_ cell: String) -> String {
        CSVField.escape(cell)
    }
}
