import BurnrateCore
import BurnrateStore

/// The JSON shapes of outcomes and of the listing's cursor.
enum OutcomePresenter {
    /// A stored outcome, as `GET /api/v1/outcomes` lists it; an outcome without a value has no
    /// `value_usd`.
    static func outcome(_ outcome: Outcome) -> JSONValue {
        .fields([
            ("id", .string(outcome.id)),
            ("session_id", .string(outcome.sessionID)),
            ("type", .string(outcome.type)),
            ("success", .bool(outcome.success)),
            ("value_usd", outcome.value.map(JSONValue.usd)),
            ("value_nanos", outcome.value.map { .int($0.nanos) }),
            ("timestamp", .string(outcome.timestamp.rfc3339)),
        ])
    }

    /// What saving returns per outcome: its id and whether it was stored before.
    static func saved(_ saved: SavedOutcome) -> JSONValue {
        .fields([("id", .string(saved.outcome.id)), ("duplicate", .bool(saved.duplicate))])
    }

    /// The cursor after `outcome`, as the listing's `next_cursor` spells it: the instant in
    /// microseconds, a colon, then the id.
    static func cursor(after outcome: Outcome) -> String {
        "\(outcome.timestamp.microseconds):\(outcome.id)"
    }

    /// The position a `cursor` parameter names; `nil` when it is not one `cursor(after:)` wrote.
    static func parseCursor(_ text: String) -> OutcomeCursor? {
        guard let colon = text.firstIndex(of: ":"), let microseconds = Int64(text[..<colon]) else { return nil }
        let id = String(text[text.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        return OutcomeCursor(timestamp: Timestamp(microseconds: microseconds), id: id)
    }
}
