import BurnrateCore

/// Reads a budget from JSON (the API's body, or a budget of the config file), collecting every
/// problem:
///
/// ```json
/// {"id": "acme-monthly", "name": "Acme monthly", "scope": {"tenant": "acme-corp", "tag.region": ["eu", "us"]},
///  "period": "monthly", "amount_usd": "1000", "thresholds": [50, 80, 100], "forecast_percent": 110, "enforce": "hard"}
/// ```
///
/// `id` may be left out on creation (it is made from the name); `scope`, `thresholds` and
/// `forecast_percent` have defaults. `"per": "session"` makes the amount a limit for each agent
/// session among the requests in scope (`"period"`, the default, for all of them each period); a
/// per-session budget's `period` is optional (monthly) and only sets the window in which its
/// status lists the costliest sessions.
public enum BudgetDecoder {
    static let fields: Set<String> = ["id", "name", "scope", "period", "amount_usd", "thresholds", "forecast_percent", "enforce", "per"]

    /// The budget in `node`, or every problem with it.
    ///
    /// - Parameters:
    ///   - id: the id from the URL when replacing a budget; the body must then agree or omit it.
    ///   - createdAt: when the budget was first created, kept on replacement.
    public static func decode(
        _ node: JSONNode, id pathID: String? = nil, source: BudgetSource, createdAt: Timestamp?, now: Timestamp,
        index: Int? = nil
    ) -> Result<Budget, BudgetDecodingError> {
        var reader = ObjectReader(node, index: index)
        reader.allowsFractionalDecimalNumbers = source != .api
        reader.rejectUnknownKeys(allowed: fields)
        let name = reader.string("name", required: true, maxLength: 200)
        var id = reader.string("id", maxLength: 64)
        if let pathID {
            if let id, id != pathID { reader.report("id", "must match the id in the path ('\(pathID)') or be left out") }
            id = pathID
        }
        let per = Self.per(&reader)
        let periodText = reader.string("period", required: per == .period)
        let period = periodText.map(BudgetPeriod.init(rawValue:)) ?? (per == .session ? .monthly : nil)
        if let periodText, period == nil {
            reader.report("period", "must be one of \(BudgetPeriod.allCases.map(\.rawValue).joined(separator: ", ")) (got \(periodText))")
        }
        let amount = reader.amount("amount_usd", required: true).map(Money.init(nanos:))
        let thresholds = integers(&reader, "thresholds") ?? Budget.defaultThresholds
        let forecast = reader.integer("forecast_percent", in: 0...100_000).map(Int.init) ?? Budget.defaultForecastPercent
        let enforcement = Self.enforcement(&reader)
        var scope = BudgetScope()
        if let node = reader.node("scope") { scope = Self.scope(in: node, reader: &reader) }
        guard reader.issues.isEmpty, let name, let period, let amount else {
            return .failure(BudgetDecodingError(issues: reader.issues))
        }
        let budget = Budget(
            id: id ?? slug(name), name: name, scope: scope, period: period, per: per, amount: amount, thresholds: thresholds,
            forecastPercent: forecast, source: source, enforcement: enforcement, createdAt: createdAt ?? now, updatedAt: now)
        let issues = budget.issues + scope.issues
        guard issues.isEmpty else {
            return .failure(
                BudgetDecodingError(issues: issues.map { FieldIssue(index: index, field: $0.field, message: $0.message, line: node.line) }))
        }
        return .success(budget)
    }

    /// An id made from a name: `Acme monthly (EU)` → `acme-monthly-eu`.
    static func slug(_ name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(slug.prefix(64))
    }

    /// `per`: `"period"` (the default) or `"session"`.
    private static func per(_ reader: inout ObjectReader) -> BudgetPer {
        guard let node = reader.node("per") else { return .period }
        if case .string(let text) = node.value, let value = BudgetPer(rawValue: text) { return value }
        reader.report(
            "per", "must be \"period\" (the amount limits each period's spend) or \"session\" (each session's)", line: node.line)
        return .period
    }

    /// `enforce`: `"hard"`, `"soft"`, `"off"`, or `true` (hard) and `false` (off).
    private static func enforcement(_ reader: inout ObjectReader) -> BudgetEnforcement {
        guard let node = reader.node("enforce") else { return .off }
        switch node.value {
        case .bool(let value): return value ? .hard : .off
        case .string(let text):
            if let value = BudgetEnforcement(rawValue: text.lowercased()) { return value }
        default: break
        }
        reader.report("enforce", "must be \"hard\" (refuse with 429), \"soft\" (warn in a header), \"off\", true or false", line: node.line)
        return .off
    }

    private static func integers(_ reader: inout ObjectReader, _ key: String) -> [Int]? {
        guard let node = reader.node(key) else { return nil }
        guard let elements = node.elements else {
            reader.report(key, "must be an array of whole percentages such as [50, 80, 100], found \(node.value.typeDescription)")
            return nil
        }
        var values: [Int] = []
        for (offset, element) in elements.enumerated() {
            guard case .number(let text) = element.value, let value = ObjectReader.wholeNumber(text).map(Int.init) else {
                reader.report("\(key)[\(offset)]", "must be a whole percentage, found \(element.value.typeDescription)", line: element.line)
                continue
            }
            values.append(value)
        }
        return values
    }

    private static func scope(in node: JSONNode, reader: inout ObjectReader) -> BudgetScope {
        guard let members = node.members else {
            reader.report("scope", "must be an object of filters such as {\"tenant\": \"acme-corp\"}, found \(node.value.typeDescription)")
            return BudgetScope()
        }
        var filters: [String: [String]] = [:]
        func add(_ value: String, to key: String, line: Int) {
            guard !value.utf8.contains(0) else {
                reader.report("scope.\(key)", "must not contain a NUL character (\\u0000)", line: line)
                return
            }
            filters[key, default: []].append(value)
        }
        for member in members {
            switch member.node.value {
            case .string(let value): add(value, to: member.key, line: member.node.line)
            case .array(let elements):
                for element in elements {
                    guard case .string(let value) = element.value else {
                        reader.report("scope.\(member.key)", "must be a string or an array of strings", line: element.line)
                        continue
                    }
                    add(value, to: member.key, line: element.line)
                }
            default:
                reader.report("scope.\(member.key)", "must be a string or an array of strings", line: member.node.line)
            }
        }
        return BudgetScope(filters)
    }
}

/// Every problem with a budget's JSON.
public struct BudgetDecodingError: Error, Sendable {
    public var issues: [FieldIssue]
}
