/// One occurrence of a condition a rule watches for, from the first evaluation that saw it until
/// the first that no longer did.
///
/// An alert is identified within its rule by `key` (`budget_threshold/acme-monthly/80`): while
/// the condition holds, every evaluation updates the same alert, so people are told once per
/// crossing, not once per evaluation.
public struct Alert: Sendable, Hashable {
    public var id: String
    /// The rule that raised it, such as `budget_threshold` or `daily_anomaly`.
    public var rule: String
    /// What the alert is about within its rule; open alerts have distinct `(rule, key)`.
    public var key: String
    public var state: AlertState
    public var severity: AlertSeverity
    /// One sentence with the figures: "Budget 'Acme monthly' reached 80%: $812.40 of $1,000.00".
    public var summary: String
    /// The numbers that made it fire, in the order a reader wants them.
    public var figures: [AlertFigure]
    /// What it is about, for grouping and routing: `budget`, `tenant`, `model`, ...
    public var labels: [String: String]
    /// A relative link to the filtered view that shows the cause (`/api/v1/summary?tenant=...`).
    public var link: String
    /// When the condition was first seen.
    public var startedAt: Timestamp
    /// When it became firing, if it did.
    public var firedAt: Timestamp?
    /// When the condition was last seen to hold.
    public var lastSeenAt: Timestamp
    public var resolvedAt: Timestamp?
    public var acknowledgedAt: Timestamp?
    /// Who acknowledged it, as they said.
    public var acknowledgedBy: String?
    /// Every change of state, oldest first.
    public var history: [AlertTransition]

    public init(
        id: String, rule: String, key: String, state: AlertState, severity: AlertSeverity, summary: String,
        figures: [AlertFigure] = [], labels: [String: String] = [:], link: String, startedAt: Timestamp,
        firedAt: Timestamp? = nil, lastSeenAt: Timestamp? = nil, resolvedAt: Timestamp? = nil,
        acknowledgedAt: Timestamp? = nil, acknowledgedBy: String? = nil, history: [AlertTransition] = []
    ) {
        self.id = id
        self.rule = rule
        self.key = key
        self.state = state
        self.severity = severity
        self.summary = summary
        self.figures = figures
        self.labels = labels
        self.link = link
        self.startedAt = startedAt
        self.firedAt = firedAt
        self.lastSeenAt = lastSeenAt ?? startedAt
        self.resolvedAt = resolvedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.history = history
    }

    /// Whether the alert is still open: pending or firing.
    public var isOpen: Bool { state != .resolved }
}

/// Where an alert is in its life.
public enum AlertState: String, Sendable, Hashable, CaseIterable, Codable {
    /// The condition holds but not yet for as long as its rule asks.
    case pending
    /// The condition holds; people were told.
    case firing
    /// The condition no longer holds.
    case resolved
}

/// How urgent an alert is; the same scale as findings.
public typealias AlertSeverity = Finding.Severity

/// A change in an alert's life: a state it entered, or an acknowledgement.
public struct AlertTransition: Sendable, Hashable, Codable {
    /// `pending`, `firing`, `resolved` or `acknowledged`.
    public var event: String
    public var at: Timestamp
    /// Who acknowledged, or why it resolved, when known.
    public var note: String?

    public init(event: String, at: Timestamp, note: String? = nil) {
        self.event = event
        self.at = at
        self.note = note
    }
}

/// One number behind an alert, kept exact: money as its decimal string, counts as integers.
public struct AlertFigure: Sendable, Hashable, Codable {
    /// The kind of number, which says how to show it.
    public enum Unit: String, Sendable, Hashable, Codable {
        case usd, percent, ratio, count, text
    }

    /// A snake_case name: `spent_usd`, `threshold_percent`, `z_score`.
    public var name: String
    public var unit: Unit
    /// The value as text: `812.4`, `80`, `3.2`; never rounded through money arithmetic.
    public var value: String

    public init(name: String, unit: Unit, value: String) {
        self.name = name
        self.unit = unit
        self.value = value
    }

    /// An exact amount of money.
    public static func usd(_ name: String, _ money: Money) -> AlertFigure {
        AlertFigure(name: name, unit: .usd, value: money.usdString)
    }

    /// A percentage, to one decimal when it has a fraction.
    public static func percent(_ name: String, _ value: Double) -> AlertFigure {
        AlertFigure(name: name, unit: .percent, value: Figures.formatted(value, decimals: 1))
    }

    /// A ratio or a statistic, to two decimals.
    public static func ratio(_ name: String, _ value: Double) -> AlertFigure {
        AlertFigure(name: name, unit: .ratio, value: Figures.formatted(value, decimals: 2))
    }

    public static func count(_ name: String, _ value: Int64) -> AlertFigure {
        AlertFigure(name: name, unit: .count, value: String(value))
    }

    public static func text(_ name: String, _ value: String) -> AlertFigure {
        AlertFigure(name: name, unit: .text, value: value)
    }

    /// The figure's value in JSON, the same in the API and in webhooks: money and text stay
    /// strings; percentages, ratios and counts become JSON numbers when their text is one. A
    /// value that is not (`∞`, or `inf.00` in alerts stored by earlier versions) stays a string
    /// rather than break the document.
    public var json: JSONValue {
        switch unit {
        case .usd, .text:
            return .string(value)
        case .percent, .ratio, .count:
            guard let node = try? JSONParser.parse(value), case .number(let text) = node.value else { return .string(value) }
            return .number(text)
        }
    }

    /// Figures as one JSON object, in their order.
    public static func json(_ figures: [AlertFigure]) -> JSONValue {
        .fields(figures.map { ($0.name, $0.json) })
    }
}
