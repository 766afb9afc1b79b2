/// What one rule saw in one evaluation: a condition that holds now, with its figures.
///
/// The lifecycle turns observations into alerts: the first observation of a `(rule, key)` opens
/// an alert, later ones update it, and an evaluation of the rule without it resolves it.
public struct AlertObservation: Sendable, Hashable {
    public var rule: String
    /// What the condition is about within its rule (`acme-monthly/80/2026-11`, `tenant/globex`).
    public var key: String
    public var severity: AlertSeverity
    public var summary: String
    public var figures: [AlertFigure]
    public var labels: [String: String]
    public var link: String
    /// How long the condition must hold before the alert fires; zero fires at once.
    public var pendingSeconds: Int64

    public init(
        rule: String, key: String, severity: AlertSeverity, summary: String, figures: [AlertFigure],
        labels: [String: String] = [:], link: String, pendingSeconds: Int64 = 0
    ) {
        self.rule = rule
        self.key = key
        self.severity = severity
        self.summary = summary
        self.figures = figures
        self.labels = labels
        self.link = link
        self.pendingSeconds = pendingSeconds
    }
}
