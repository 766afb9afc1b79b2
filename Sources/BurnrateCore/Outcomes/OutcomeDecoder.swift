/// Turns `POST /api/v1/outcomes` bodies into validated outcomes, all or nothing: one bad field in
/// one outcome rejects the whole batch, and every problem of every outcome is reported.
public enum OutcomeDecoder {
    /// The most outcomes one request may carry.
    public static let maximumOutcomes = 10_000
    /// The longest outcome type, in characters: a short name such as `ticket_resolved`.
    public static let maximumTypeLength = 64

    static let fields: Set<String> = ["id", "session_id", "type", "success", "value_usd", "timestamp"]

    /// Why a batch was refused.
    public enum Failure: Error, Sendable, Hashable {
        /// The body is not JSON.
        case malformed(JSONSyntaxError)
        /// The body held no outcomes.
        case empty
        /// More outcomes than `maximumOutcomes`.
        case tooManyOutcomes(count: Int)
        /// Outcomes with invalid fields; nothing was stored.
        case invalid([FieldIssue])
    }

    /// Decodes one outcome object, an array of them, or `{"outcomes": [...]}`; `makeID` names an
    /// outcome sent without an `id`.
    public static func decodeJSON(_ body: some Collection<UInt8>, now: Timestamp, makeID: () -> String) throws(Failure) -> [Outcome] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .malformed(error)
        }
        let nodes: [JSONNode]
        if let elements = root.elements {
            nodes = elements
        } else if let members = root.members, members.count == 1, members[0].key == "outcomes" {
            guard let elements = members[0].node.elements else {
                let found = members[0].node.value.typeDescription
                throw .invalid([
                    FieldIssue(field: "outcomes", message: "must be an array of outcomes, found \(found)", line: members[0].node.line)
                ])
            }
            nodes = elements
        } else {
            nodes = [root]
        }
        guard !nodes.isEmpty else { throw .empty }
        guard nodes.count <= maximumOutcomes else { throw .tooManyOutcomes(count: nodes.count) }
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(nodes.count)
        var issues: [FieldIssue] = []
        for (index, node) in nodes.enumerated() {
            var reader = ObjectReader(node, index: index)
            reader.allowsFractionalDecimalNumbers = false
            if reader.issues.isEmpty, let outcome = readOutcome(&reader, now: now, makeID: makeID) {
                outcomes.append(outcome)
            }
            issues.append(contentsOf: reader.issues)
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return outcomes
    }

    /// Reads one outcome, recording every problem in `reader`.
    static func readOutcome(_ reader: inout ObjectReader, now: Timestamp, makeID: () -> String) -> Outcome? {
        reader.rejectUnknownKeys(allowed: fields)
        let id = reader.string("id", maxLength: 128)
        if id?.isEmpty == true { reader.report("id", "must not be empty") }
        let session = reader.name("session_id", required: true)
        if session?.trimmingWhitespace().isEmpty == true { reader.report("session_id", "must not be empty") }
        let type = reader.name("type", required: true)
        if let type {
            if type.trimmingWhitespace().isEmpty {
                reader.report("type", "must not be empty")
            } else if type.count > maximumTypeLength {
                reader.report(
                    "type", "is \(type.count) characters long; the limit is \(maximumTypeLength) (a short name such as ticket_resolved)")
            }
        }
        let success = reader.bool("success")
        if success == nil, !reader.has("success") { reader.report("success", "is required (true or false)") }
        let value = reader.amount("value_usd").map { Money(nanos: $0) }
        var timestamp = now
        if let text = reader.string("timestamp", maxLength: 64) {
            if let parsed = Timestamp(rfc3339: text) {
                timestamp = parsed
                if parsed > now.adding(seconds: 86_400) {
                    reader.report("timestamp", "is more than 24 hours in the future (\(text)); check the client's clock")
                }
            } else {
                reader.report("timestamp", "must be an RFC 3339 date-time such as 2026-11-23T09:30:00Z (got \(text))")
            }
        }
        guard reader.issues.isEmpty, let session, let type, let success else { return nil }
        return Outcome(id: id ?? makeID(), sessionID: session, type: type, success: success, value: value, timestamp: timestamp)
    }
}
