/// Outcomes sent with the id of a stored outcome (or of an earlier one in the same batch) but a
/// different result: ids are idempotency keys, so a second, different outcome under one id is a
/// client error, not a retry. Nothing of the batch was stored.
public struct OutcomeConflict: Error, Sendable, Hashable {
    /// One outcome that contradicts the one stored under its id.
    public struct Item: Sendable, Hashable {
        /// The position of the outcome in the batch.
        public var index: Int
        public var sent: Outcome
        /// What the id already stands for: the stored outcome, or the first of the batch with it.
        public var stored: Outcome

        public init(index: Int, sent: Outcome, stored: Outcome) {
            self.index = index
            self.sent = sent
            self.stored = stored
        }
    }

    /// Every contradicting outcome, in batch order.
    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    /// One issue per contradicting outcome, naming its index and what differs.
    public var issues: [FieldIssue] {
        items.map { item in
            FieldIssue(
                index: item.index, field: "id",
                message:
                    "'\(item.sent.id)' already records \(Self.describe(item.stored)); this outcome says \(Self.describe(item.sent)). "
                    + "Ids are idempotency keys: send a new id for a new outcome.")
        }
    }

    static func describe(_ outcome: Outcome) -> String {
        var text = "session '\(outcome.sessionID)', type '\(outcome.type)', success \(outcome.success)"
        text += outcome.value.map { ", value_usd \(ScaledDecimal.formatTrimmed($0.nanos, scale: 9))" } ?? ", no value_usd"
        return text
    }
}
